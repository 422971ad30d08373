import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdentityIndex } from './identity-index';
import { applySteps, checkRenames } from './rename-batch';
import { resolveRows } from './resolve-rows';
import type { IdentityUser, IncomingIdentity, ResolveMode } from './types';

// Small alphabets so that collisions — the interesting cases — happen often.
const email = fc.constantFrom('a@x.io', 'A@x.io', ' b@x.io', 'c@x.io', '', null, undefined);
const ext = fc.constantFrom('e1', 'e2', 'E1', ' e3 ', 'e4', '', null, undefined);
const incoming = fc.record({ externalId: ext, email }, { requiredKeys: [] }) as fc.Arbitrary<IncomingIdentity>;
const mode = fc.constantFrom<ResolveMode>('strict', 'lenient');

/** A valid starting state: unique emails and external ids, built through the index itself. */
const users = fc.array(fc.record({ email, externalId: ext, company: fc.constantFrom('acme', 'globex', undefined) }), { maxLength: 6 }).map((specs) => {
  const index = new IdentityIndex();
  // Specs that would share an email or id are refused by createUser and simply left out.
  for (const s of specs) index.createUser({ email: s.email, externalId: s.externalId, ...(s.company ? { companyId: s.company } : {}) });
  return index.users();
});

function assertUnique(list: IdentityUser[]): void {
  const emails = list.map((u) => u.email?.toLowerCase()).filter(Boolean);
  expect(new Set(emails).size).toBe(emails.length);
  const ids = list.flatMap((u) => [u.externalId, ...u.deprecatedExternalIds]).filter(Boolean);
  expect(new Set(ids).size).toBe(ids.length);
}

describe('resolver properties', () => {
  it('after any run no two users share an email, a primary or a deprecated external id', () => {
    fc.assert(
      fc.property(users, fc.array(incoming, { maxLength: 12 }), mode, (start, rows, m) => {
        assertUnique(resolveRows(start, rows, m).users);
      }),
      { numRuns: 400 },
    );
  });

  it('resolving the same rows a second time yields only matches (and fails where the first run failed)', () => {
    fc.assert(
      fc.property(users, fc.array(incoming, { maxLength: 12 }), mode, (start, rows, m) => {
        const first = resolveRows(start, rows, m);
        const second = resolveRows(first.users, rows, m);
        second.decisions.forEach((d, i) => {
          if (first.decisions[i]!.action === 'fail' && d.action === 'fail') return;
          expect(d.action).toBe('match');
        });
      }),
      { numRuns: 400 },
    );
  });

  it('strict mode never creates a detached user', () => {
    fc.assert(
      fc.property(users, fc.array(incoming, { maxLength: 12 }), (start, rows) => {
        const { decisions } = resolveRows(start, rows, 'strict');
        expect(decisions.some((d) => d.action === 'create-detached')).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("applying a swap's step plan rule by rule never breaks N2 and ends in the swapped state", () => {
    const idArb = fc.stringMatching(/^[a-z]{1,3}(~swap\d?)?$/);
    fc.assert(
      fc.property(fc.uniqueArray(idArb, { minLength: 2, maxLength: 8 }), (ids) => {
        const start = ids.map((x, i) => ({ id: `u${i}`, externalId: x, deprecatedExternalIds: [] }));
        const [a, b] = [ids[0]!, ids[1]!];
        const { plan } = checkRenames(start, [
          { current_external_id: a, new_external_id: b },
          { current_external_id: b, new_external_id: a },
        ]);
        expect(plan).toHaveLength(1);
        const index = new IdentityIndex(start);
        for (const step of plan[0]!.steps) {
          expect(applySteps(index, [step])).toEqual([]); // no step breaks N2 (or any rule)
          assertUnique(index.users());
        }
        expect(index.get('u0')).toMatchObject({ externalId: b, deprecatedExternalIds: [] });
        expect(index.get('u1')).toMatchObject({ externalId: a, deprecatedExternalIds: [] });
      }),
      { numRuns: 300 },
    );
  });
});
