import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveRowsPacked } from './resolve-packed';
import { resolveRows } from './resolve-rows';
import { CHUNK_ROWS } from './text-columns';
import type { IdentityUser, IncomingIdentity, ResolveMode } from './types';

// Small alphabets, so that shared emails and ids happen often: case variants (ASCII and
// not: "É"/"é", "İ", whose lower case is longer), padding, empty values, deprecated ids
// that rows name, user ids that look like the ones created users get ("u-1").
const email = fc.constantFrom('a@x.io', 'A@X.IO', ' b@x.io', 'c@x.io', 'É@x.io', 'é@x.io', 'İ@x.io', 'i̇@x.io', '', '  ', null, undefined);
const ext = fc.constantFrom('e1', 'e2', 'E1', ' e3 ', 'e4', 'é', 'É', 'old-1', '', null, undefined);
const deprecated = fc.array(fc.constantFrom('old-1', 'old-2', 'é', ' e4 ', ''), { maxLength: 2 });
const userId = fc.constantFrom('u-1', 'u-2', 'u-3', 'p1', 'p2', 'p3', 'p4', 'É');
const company = fc.constantFrom('acme', 'globex', undefined);
const mode = fc.constantFrom<ResolveMode>('strict', 'lenient');

const user = fc.record({ id: userId, email, externalId: ext, deprecatedExternalIds: deprecated, companyId: company }).map((u): IdentityUser => {
  const out: IdentityUser = { id: u.id, deprecatedExternalIds: u.deprecatedExternalIds };
  if (u.email != null) out.email = u.email;
  if (u.externalId != null) out.externalId = u.externalId;
  if (u.companyId !== undefined) out.companyId = u.companyId;
  return out;
});
const row = fc.record({ externalId: ext, email }, { requiredKeys: [] }) as fc.Arbitrary<IncomingIdentity>;

/** Either run's result, or the message it threw (bad users are refused in the same words). */
function outcome(run: () => unknown): string {
  try {
    // JSON text: the same values in the same key order, as `rekey resolve` prints them.
    return JSON.stringify(run(), null, 2);
  } catch (e) {
    return `threw: ${(e as Error).message}`;
  }
}

describe('rekey resolve on the packed index', () => {
  it('gives exactly what IdentityIndex gives: every decision and every final user (backfills, creates, create-detached with companies), or the same refusal', () => {
    fc.assert(
      fc.property(fc.array(user, { maxLength: 8 }), fc.array(row, { maxLength: 20 }), mode, (users, rows, m) => {
        expect(outcome(() => resolveRowsPacked(users, rows, m))).toBe(outcome(() => resolveRows(users, rows, m)));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees across chunks of rows, where each chunk is resolved against what the ones before changed', () => {
    const users: IdentityUser[] = [];
    for (let i = 0; i < 300; i++) users.push({ id: `p${i}`, ...(i % 3 ? { email: `user${i}@x.io` } : {}), ...(i % 2 ? { externalId: `e${i}` } : {}), deprecatedExternalIds: i % 7 === 0 ? [`old-${i}`] : [], ...(i % 5 === 0 ? { companyId: `c${i % 4}` } : {}) });
    const rows: IncomingIdentity[] = [];
    for (let i = 0; i < CHUNK_ROWS * 2 + 77; i++) {
      const k = i % 300;
      rows.push(i % 4 === 0 ? { externalId: `e${k + 1}`, email: `USER${k}@x.io` } : i % 4 === 1 ? { externalId: `old-${k}` } : i % 4 === 2 ? { email: ` new${i % 500}@x.io ` } : { externalId: `n${i % 700}`, email: `new${i % 500}@X.io` });
    }
    for (const m of ['strict', 'lenient'] as const) expect(JSON.stringify(resolveRowsPacked(users, rows, m))).toBe(JSON.stringify(resolveRows(users, rows, m)));
  });
});
