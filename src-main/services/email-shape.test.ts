import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEmailShape } from './email-shape';

const REGEX = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

describe('isEmailShape', () => {
  it('agrees with the regex it stands for on every string of the units that matter', () => {
    // '@', '.', ASCII and Unicode whitespace, letters, a non-ASCII letter.
    const unit = fc.constantFrom('a', 'b', '@', '.', ' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u2003', '\ufeff', 'é', '-');
    const part = fc.array(unit, { maxLength: 4 }).map((units) => units.join(''));
    // Free strings, and strings built around an '@' and a '.', so that near-emails are common.
    const value = fc.oneof(fc.array(unit, { maxLength: 12 }).map((units) => units.join('')), fc.tuple(part, part, part).map(([local, host, top]) => `${local}@${host}.${top}`));
    fc.assert(
      fc.property(value, (v) => {
        expect(isEmailShape(v)).toBe(REGEX.test(v));
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes the usual and refuses the usual mistakes', () => {
    for (const ok of ['a@b.co', 'first.last@example.com', 'x@a.b.c', 'é@x.io', 'a@b..c']) expect(isEmailShape(ok)).toBe(true);
    for (const space of [' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u2028', '\u3000', '\ufeff']) expect(isEmailShape(`a${space}b@c.io`)).toBe(false);
    for (const bad of ['', 'a', '@b.co', 'a@', 'a@b', 'a@.co', 'a@b.', 'a@@b.co', 'a b@c.io', 'a@b.co\u00a0', 'a@b@c.io']) expect(isEmailShape(bad)).toBe(false);
  });
});
