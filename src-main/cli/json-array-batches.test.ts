import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachJsonArrayBatch } from './json-array-batches';

function collect(text: string, size: number): unknown[] | false {
  const out: unknown[] = [];
  let next = 0;
  const ok = forEachJsonArrayBatch(text, size, (items, first) => {
    expect(first).toBe(next);
    next += items.length;
    out.push(...items);
  });
  return ok ? out : false;
}

describe('forEachJsonArrayBatch', () => {
  it('yields, batch by batch, exactly the items JSON.parse gives for any array (any spacing, nested values, strings with brackets, commas and quotes)', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 12 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, 2), (items, size, indent) => {
        const text = JSON.stringify(items, null, indent);
        expect(collect(text, size)).toEqual(JSON.parse(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('declines what is not a well-formed array, so the caller reports the parser’s own error', () => {
    for (const bad of ['', '{"a":1}', '[1,2', '[1,,2]', '[1,]', '[1 2]', '[1] x', '[{"a":1]', '["a]', '[1}', '42']) expect(collect(bad, 2), bad).toBe(false);
    expect(collect('  [ ]  ', 3)).toEqual([]);
  });
});
