import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandRowRanges, RowRanges } from './row-ranges';

describe('row ranges', () => {
  it('writes runs of rows as ranges and single rows alone', () => {
    const r = new RowRanges();
    for (const idx of [0, 1, 2, 5, 7, 8]) r.add(idx);
    for (const idx of [9, 10, 11, 12, 20]) r.add(idx);
    expect(r.toString()).toBe('0-2,5,7-12,20');
    expect(r.count).toBe(11);
    expect(new RowRanges().toString()).toBe('');
  });

  it('refuses rows out of order', () => {
    const r = new RowRanges();
    r.add(3);
    expect(() => r.add(3)).toThrow(/after row 3/);
    expect(() => r.add(1)).toThrow(/after row 3/);
  });

  it('reads back exactly the rows written, whatever they are', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(500)), (rows) => {
        const sorted = [...rows].sort((a, b) => a - b);
        const r = new RowRanges();
        for (const idx of sorted) r.add(idx);
        expect(expandRowRanges(r.toString())).toEqual(sorted);
        expect(r.count).toBe(sorted.length);
      }),
    );
  });
});
