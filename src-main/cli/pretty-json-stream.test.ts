import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrettyJsonArrays } from './pretty-json-stream';

describe('PrettyJsonArrays', () => {
  it('writes exactly what JSON.stringify(value, null, 2) + "\\n" gives, for any object of arrays', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.array(fc.jsonValue(), { maxLength: 5 }), { maxKeys: 3 }), (value) => {
        let text = '';
        const out = new PrettyJsonArrays((t) => (text += t));
        for (const [name, items] of Object.entries(value)) {
          out.open(name);
          for (const item of items) out.item(item);
          out.close();
        }
        out.end();
        expect(text).toBe(JSON.stringify(value, null, 2) + '\n');
      }),
      { numRuns: 500 },
    );
  });

  it('writes flat items (strings, numbers, booleans, nulls, lists of strings: decisions and users) as JSON.stringify does', () => {
    const cell = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.string(), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), cell, { maxKeys: 5 }), { maxLength: 4 }), (items) => {
        let text = '';
        const out = new PrettyJsonArrays((t) => (text += t));
        out.open('items');
        for (const item of items) out.item(item);
        out.close();
        out.end();
        expect(text).toBe(JSON.stringify({ items }, null, 2) + '\n');
      }),
      { numRuns: 1000 },
    );
  });
});
