import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdentityIndex } from './identity-index';
import { present } from './normalise';
import { PackedIdentityIndex } from './packed-identity-index';
import { TextColumns } from './text-columns';
import type { ResolveMode } from './types';

// Small alphabets so that shared emails and ids — the interesting cases — happen often;
// non-ASCII case pairs ("É"/"é", "İ") and ids that look like planned ones ("new-1") too.
const email = fc.constantFrom('a@x.io', 'A@X.IO', ' b@x.io', 'c@x.io', 'É@x.io', 'é@x.io', 'İ@x.io', '', '  ', null);
const ext = fc.constantFrom('e1', 'e2', 'E1', ' e3 ', 'e4', 'é', '', null);
const record = fc.record({ id: fc.constantFrom('u1', 'u2', 'u3', 'new-1', 'new-3', 'U1'), email, externalId: ext, deprecated: fc.array(fc.constantFrom('e1', 'e2', 'E1', ' e3 ', 'e4', 'é', ''), { maxLength: 2 }) });
const row = fc.record({ externalId: ext, email });
const mode = fc.constantFrom<ResolveMode>('strict', 'lenient');

/** Both indexes from the same local copy, the packed one optionally saved and loaded. */
function build(records: { id: string; email: string | null; externalId: string | null; deprecated: string[] }[], roundTrip: boolean) {
  let n = 0;
  const objects = new IdentityIndex([], {
    newId: (used) => {
      let id: string;
      do id = `new-${++n}`;
      while (used(id));
      return id;
    },
  });
  let packed = new PackedIdentityIndex(records.length);
  const seen = new Set<string>();
  for (const r of records) {
    if (seen.has(r.id)) continue; // remote ids are unique per system
    seen.add(r.id);
    objects.insertKeepingFirst(r.id, r.email, r.externalId, r.deprecated);
    packed.insertKeepingFirst(r.id, r.email, r.externalId, r.deprecated);
  }
  if (roundTrip) packed = PackedIdentityIndex.fromBytes(packed.toBytes());
  return { objects, packed: packed.withNewIds('new-') };
}

describe('PackedIdentityIndex', () => {
  it('decides every row exactly as IdentityIndex does (same action, user, matched by, reason), saved and loaded or not', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), fc.array(row, { maxLength: 16 }), mode, fc.boolean(), (records, rows, m, roundTrip) => {
        const { objects, packed } = build(records, roundTrip);
        rows.forEach((r, i) => {
          const expected = objects.resolve(r, m, i);
          const v = packed.resolve(r.externalId, r.email, m);
          expect({ index: i, action: v.action, userId: v.user === undefined ? undefined : packed.idOf(v.user), matchedBy: v.matchedBy, reason: v.reason }).toEqual({
            userId: undefined,
            matchedBy: undefined,
            reason: undefined,
            ...expected,
          });
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('decides a table of rows in order exactly as IdentityIndex does, across the batches it hashes ahead', () => {
    // Longer files than above, so rows span several prefetch batches of 64 and repeat
    // each other's keys within a batch (a key added by a row is seen by the next).
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), fc.array(row, { minLength: 130, maxLength: 200 }), mode, fc.boolean(), (records, rows, m, roundTrip) => {
        const { objects, packed } = build(records, roundTrip);
        const table = { columns: TextColumns.of(2, rows.map((r) => [present(r.externalId) ?? null, present(r.email) ?? null])), externalId: 0, email: 1 };
        rows.forEach((r, i) => {
          const expected = objects.resolve(r, m, i);
          const v = packed.resolveRow(table, i, m);
          expect({ index: i, action: v.action, userId: v.user === undefined ? undefined : packed.idOf(v.user), matchedBy: v.matchedBy, reason: v.reason }).toEqual({
            userId: undefined,
            matchedBy: undefined,
            reason: undefined,
            ...expected,
          });
        });
      }),
      { numRuns: 300 },
    );
  });

  it('decides a file of mostly new rows into a small target exactly as IdentityIndex does, whatever size it was told to expect', () => {
    // Each new row adds its email and external id, so the index grows from a handful of
    // users to thousands of planned ones (the case a preview of an all-new file hits);
    // keys repeat within the file, so later rows match users planned by earlier ones.
    const freshRow = fc.record({
      externalId: fc.option(fc.nat(1500).map((k) => `n-${k}`), { nil: null }),
      email: fc.option(fc.tuple(fc.nat(1500), fc.boolean()).map(([k, upper]) => (upper ? `NEW${k}@X.IO` : `new${k}@x.io`)), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), fc.array(fc.oneof({ arbitrary: freshRow, weight: 9 }, { arbitrary: row, weight: 1 }), { minLength: 1500, maxLength: 3000 }), mode, fc.boolean(), fc.constantFrom(0, 1, 100, 3000, 1_000_000), (records, rows, m, roundTrip, expected) => {
        const { objects, packed } = build(records, roundTrip);
        packed.expectRows(expected);
        const table = { columns: TextColumns.of(2, rows.map((r) => [present(r.externalId) ?? null, present(r.email) ?? null])), externalId: 0, email: 1 };
        rows.forEach((r, i) => {
          const expectedVerdict = objects.resolve(r, m, i);
          const v = packed.resolveRow(table, i, m);
          expect({ index: i, action: v.action, userId: v.user === undefined ? undefined : packed.idOf(v.user), matchedBy: v.matchedBy, reason: v.reason }).toEqual({
            userId: undefined,
            matchedBy: undefined,
            reason: undefined,
            ...expectedVerdict,
          });
        });
      }),
      { numRuns: 40 },
    );
  });

  it('grows past its first capacity and survives a save and load with thousands of users', () => {
    const packed = new PackedIdentityIndex();
    for (let i = 0; i < 5000; i++) packed.insertKeepingFirst(`id-${i}`, `User${i}@Example.com`, i % 2 ? `ext-${i}` : null, i % 7 === 0 ? [`old-${i}`] : []);
    const loaded = PackedIdentityIndex.fromBytes(packed.toBytes().slice(0)).withNewIds('new-');
    expect(loaded.size).toBe(5000);
    expect(loaded.idOf(loaded.resolve(null, 'user4999@example.COM', 'strict').user!)).toBe('id-4999');
    expect(loaded.resolve('old-14', null, 'strict')).toMatchObject({ action: 'match', matchedBy: 'deprecated_external_id' });
    expect(loaded.idOf(loaded.resolve('old-14', null, 'strict').user!)).toBe('id-14');
    for (let i = 0; i < 3000; i++) expect(loaded.resolve(`fresh-${i}`, `fresh${i}@x.io`, 'strict').action).toBe('create');
    expect(loaded.resolve('fresh-2999', null, 'strict')).toMatchObject({ action: 'match', matchedBy: 'external_id' });
    expect(loaded.idOf(loaded.resolve(null, 'FRESH2999@x.io', 'strict').user!)).toBe('new-3000');
    expect(loaded.resolve('ext-new', 'user2@example.com', 'strict')).toMatchObject({ action: 'backfill', matchedBy: 'email' });
  });

  it('gives its bytes as parts to write one after another: together, exactly toBytes()', () => {
    const index = new PackedIdentityIndex();
    for (let i = 0; i < 1001; i++) index.insertKeepingFirst(`u${i}`, i % 3 ? `p${i}@x.io` : null, i % 2 ? `e${i}` : null, i % 7 ? [] : [`old${i}`]);
    const parts = index.toByteParts();
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    parts.reduce((at, p) => (joined.set(p, at), at + p.byteLength), 0);
    expect(joined).toEqual(index.toBytes());
  });

  it('refuses bytes that are not a saved index, naming what is wrong', () => {
    expect(() => PackedIdentityIndex.fromBytes(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/not a packed identity index/);
    const bytes = new PackedIdentityIndex().toBytes();
    expect(() => PackedIdentityIndex.fromBytes(bytes.subarray(0, bytes.length - 8))).toThrow(/cut short/);
  });
});
