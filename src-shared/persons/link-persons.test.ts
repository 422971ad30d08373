import { describe, expect, it } from 'vitest';
import { linkPersons, type LinkableRecord } from './link-persons';

const r = (id: number, email: string | null, externalId: string | null, deprecated: string[] = []): LinkableRecord => ({
  id,
  email,
  externalId,
  deprecatedExternalIds: deprecated,
});

describe('linkPersons (SPEC §2 Person)', () => {
  it('links records by external id, case-sensitively', () => {
    const keys = linkPersons([r(1, null, 'u-1'), r(2, null, 'u-1'), r(3, null, 'U-1')]);
    expect(keys.get(2)).toBe(1);
    expect(keys.get(3)).toBe(3);
  });

  it('links a deprecated id to the primary it used to be', () => {
    const keys = linkPersons([r(5, null, 'usr_9', ['legacy-9']), r(7, null, 'legacy-9')]);
    expect(keys.get(7)).toBe(5);
  });

  it('links by email trimmed and case-folded', () => {
    const keys = linkPersons([r(1, 'Ann@Example.com', null), r(2, '  ann@example.com ', 'x')]);
    expect(keys.get(2)).toBe(1);
  });

  it('is transitive across keys and keyed by the smallest record id', () => {
    // 9 shares an email with 4, 4 shares an external id with 2.
    const keys = linkPersons([r(9, 'b@x.io', null), r(4, 'b@x.io', 'e-4'), r(2, null, 'e-4'), r(3, 'c@x.io', 'e-3')]);
    expect([keys.get(9), keys.get(4), keys.get(2)]).toEqual([2, 2, 2]);
    expect(keys.get(3)).toBe(3);
  });

  it('treats empty and whitespace values as absent', () => {
    const keys = linkPersons([r(1, '  ', ''), r(2, '', ' ')]);
    expect(keys.get(1)).toBe(1);
    expect(keys.get(2)).toBe(2);
  });
});
