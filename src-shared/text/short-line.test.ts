import { describe, expect, it } from 'vitest';
import { formatBytes, listCut, MAX_LINE, quoteCut, shortLine } from './short-line';

describe('short error lines (issue 24)', () => {
  it('cuts a long list with a count of what was left out', () => {
    const columns = Array.from({ length: 300_000 }, (_, i) => `c${i}`);
    const text = listCut(columns, 14);
    expect(text).toBe('c0, c1, c2 … and 299,997 more');
    expect(listCut(['a', 'b'])).toBe('a, b');
    expect(listCut([])).toBe('none');
  });

  it('quotes a long value by its start and its length', () => {
    expect(quoteCut('x'.repeat(62_914_560), 5)).toBe('"xxxxx"… (62,914,560 characters)');
    expect(quoteCut('ann@x.io')).toBe('"ann@x.io"');
  });

  it('keeps one line of at most 300 characters, the start (file and place) first', () => {
    const line = shortLine(`big.csv:2: ${'y'.repeat(3_000_000)}\nend`);
    expect(line.length).toBe(MAX_LINE);
    expect(line.startsWith('big.csv:2: yyy')).toBe(true);
    expect(line).toContain('characters left out');
    expect(line.endsWith('y\\nend')).toBe(true);
    expect(shortLine('a\r\nb')).toBe('a\\nb');
  });

  it('names limits in binary units', () => {
    expect(formatBytes(1 << 20)).toBe('1 MiB');
    expect(formatBytes(256 << 20)).toBe('256 MiB');
    expect(formatBytes(1000)).toBe('1,000 bytes');
  });
});
