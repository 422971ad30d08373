import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkPersons, type LinkableRecord } from './link-persons';
import { PersonLinks } from './person-links';

const rec = (id: number, email: string | null, externalId: string | null, deprecatedExternalIds: string[] = []): LinkableRecord => ({ id, email, externalId, deprecatedExternalIds });

/** Few keys, so records share them often; spaces and case, which linking folds. */
const email = fc.constantFrom(null, 'a@x.io', ' A@x.io', 'b@x.io', 'c@x.io', '  ');
const externalId = fc.constantFrom(null, 'e1', 'e2', ' e2 ', 'E2', 'e3', '');
const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), id: fc.integer({ min: 1, max: 12 }), email, externalId, deprecated: fc.array(externalId, { maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 1, max: 12 }) }) },
);

describe('PersonLinks', () => {
  it('gives the keys linkPersons gives over the live records, after any adds, changes and removals', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const links = new PersonLinks();
        const live = new Map<number, LinkableRecord>();
        for (const o of ops) {
          if (o.kind === 'set') {
            const r = rec(o.id, o.email, o.externalId, o.deprecated.flatMap((d) => (d === null ? [] : [d])));
            links.set(r);
            live.set(o.id, r);
          } else {
            links.remove(o.id);
            live.delete(o.id);
          }
          expect(links.keys()).toEqual(linkPersons([...live.values()].sort((a, b) => a.id - b.id)));
        }
        expect(links.size).toBe(live.size);
      }),
      { numRuns: 500 },
    );
  });

  it('splits a person when the record that held it together changes its email or vanishes', () => {
    const links = new PersonLinks();
    links.set(rec(1, 'ann@x.io', null));
    links.set(rec(2, 'ann@x.io', 'e-2'));
    links.set(rec(3, null, 'e-2'));
    expect(links.keys()).toEqual(new Map([[1, 1], [2, 1], [3, 1]]));
    links.set(rec(2, 'bo@x.io', 'e-2')); // changed: 1 is alone now
    expect(links.keys()).toEqual(new Map([[1, 1], [2, 2], [3, 2]]));
    links.remove(2); // vanished: 3 is alone too
    expect(links.keys()).toEqual(new Map([[1, 1], [3, 3]]));
    links.set(rec(4, 'ANN@x.io ', 'e-2')); // new: joins 1 and 3 again
    expect(links.keys()).toEqual(new Map([[1, 1], [3, 1], [4, 1]]));
  });

  it('keys a person by its smallest live record once that record is gone', () => {
    const links = new PersonLinks();
    for (const id of [5, 7, 9]) links.set(rec(id, 'same@x.io', null));
    links.remove(5);
    expect(links.keys()).toEqual(new Map([[7, 7], [9, 7]]));
  });
});
