import { describe, expect, it } from 'vitest';
import { parseJsonText } from './files';
import { jsonShapeProblem, lineColumnAt } from './json-shape';

describe('JSON within limits (issue 24)', () => {
  it('refuses a string over the limit, naming its line and column', () => {
    const text = `[\n  {"email": "${'a'.repeat(2000)}"}\n]`;
    expect(jsonShapeProblem(text, { depth: 64, stringChars: 1000 })).toEqual({ at: 14, message: 'a JSON string of 2,000 characters, longer than the 1,000 bytes limit' });
    expect(lineColumnAt(text, 14)).toEqual({ line: 2, column: 13 });
    expect(() => parseJsonText(`["${'b'.repeat((1 << 20) + 1)}"]`, 'in.json')).toThrow('in.json:1:2: a JSON string of 1,048,577 characters, longer than the 1 MiB limit');
  });

  it('counts escaped quotes inside a string, and brackets inside strings do not nest', () => {
    expect(jsonShapeProblem(String.raw`["a\"[[[[", "b\\", {"c": "{{{{"}]`, { depth: 2, stringChars: 10 })).toBeUndefined();
  });

  it('refuses nesting deeper than 64 levels before JSON.parse walks it', () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    expect(() => parseJsonText(deep, 'deep.json')).toThrow('deep.json:1:65: JSON nested more than 64 levels deep');
    expect(parseJsonText('['.repeat(64) + ']'.repeat(64), 'ok.json')).toBeTruthy();
  });

  it('names the line and column of a syntax error', () => {
    expect(() => parseJsonText('[\n  {"a": 1,}\n]', 'bad.json')).toThrow(/^bad\.json:2:11: invalid JSON \(Expected double-quoted property name\)$/);
  });
});
