import { describe, expect, it } from 'vitest';
import { IdentityIndex } from './identity-index';
import { applySteps, checkRenames } from './rename-batch';
import { renamesFromPattern } from './rename-pattern';
import { requestSizeError } from './request-limits';
import type { IdentityUser } from './types';

const u = (id: string, externalId: string, deprecated: string[] = []): IdentityUser => ({ id, externalId, deprecatedExternalIds: deprecated });
const r = (current_external_id: string, new_external_id: string) => ({ current_external_id, new_external_id });

describe('rename rules N1–N4 (SPEC §4, seed 004)', () => {
  const users = [u('a', 'A'), u('b', 'B', ['B-old'])];
  const code = (current: unknown, next: unknown) => new IdentityIndex(users).renameError(current, next)?.code;

  it('"The current_external_id must be the user\'s primary ID, and cannot be a deprecated ID" (N1)', () => {
    expect(code('nobody', 'X')).toBe('current_not_found');
    expect(code('B-old', 'X')).toBe('current_is_deprecated');
  });

  it('"The new_external_id must not already be in use as either a primary ID or a deprecated ID" (N2)', () => {
    expect(code('A', 'B')).toBe('new_in_use');
    expect(code('A', 'B-old')).toBe('new_in_use');
  });

  it('"The current_external_id and new_external_id cannot be the same" (N3), after trimming', () => {
    expect(code('A', ' A ')).toBe('same_id');
  });

  it('N4: empty, over 512 code points, control characters, non-strings are invalid_id', () => {
    expect(code('', 'X')).toBe('invalid_id');
    expect(code('A', '   ')).toBe('invalid_id');
    expect(code('A', 'x'.repeat(513))).toBe('invalid_id');
    expect(code('A', '😀'.repeat(512))).toBeUndefined(); // 512 code points, 1024 UTF-16 units
    expect(code('A', 'a\u0007b')).toBe('invalid_id');
    expect(code('A', 'a\u0085b')).toBe('invalid_id');
    expect(code(42, 'X')).toBe('invalid_id');
  });

  it('reports the first error in the order N4, N3, N1, N2', () => {
    expect(code('', '')).toBe('invalid_id'); // N4 over N3
    expect(code('nobody', 'nobody')).toBe('same_id'); // N3 over N1
    expect(code('B-old', 'B-old')).toBe('same_id');
    expect(code('nobody', 'B')).toBe('current_not_found'); // N1 over N2
    expect(code('B-old', 'A')).toBe('current_is_deprecated');
  });

  it('N2 also rejects the user\'s own deprecated ids', () => {
    expect(code('B', 'B-old')).toBe('new_in_use');
  });

  it('N5: an empty request or more than 50 rejects the whole request', () => {
    expect(requestSizeError([], 'external_id_renames')).toMatch(/empty/);
    expect(requestSizeError(Array(51).fill(r('a', 'b')), 'external_id_renames')).toMatch(/at most 50/);
    expect(requestSizeError(Array(50).fill(r('a', 'b')), 'external_id_renames')).toBeUndefined();
  });
});

describe('removals (SPEC §4)', () => {
  it('deletes a deprecated id for good; is_primary, not_found, invalid_id in that precedence', () => {
    const index = new IdentityIndex([u('a', 'A', ['A-old'])]);
    expect(index.remove('A')).toMatchObject({ ok: false, code: 'is_primary' });
    expect(index.remove('zz')).toMatchObject({ ok: false, code: 'not_found' });
    expect(index.remove('  ')).toMatchObject({ ok: false, code: 'invalid_id' });
    expect(index.remove('A-old')).toEqual({ ok: true, userId: 'a' });
    expect(index.remove('A-old')).toMatchObject({ ok: false, code: 'not_found' });
    expect(index.byExternalId('A-old')).toBeUndefined();
  });
});

describe('batches (N6: in order, each against the state the earlier ones left)', () => {
  it('a→b then b→c works: the user ends on c with a and b deprecated', () => {
    const result = checkRenames([u('x', 'a')], [r('a', 'b'), r('b', 'c')]);
    expect(result.rename_errors).toEqual([]);
    expect(result.users).toEqual([u('x', 'c', ['a', 'b'])]);
    expect(result.analysis.chains).toEqual([[0, 1]]);
  });

  it('b→c then a→b fails the second with new_in_use when a and b are two users\' primaries', () => {
    const result = checkRenames([u('x', 'a'), u('y', 'b')], [r('b', 'c'), r('a', 'b')]);
    expect(result.rename_errors).toEqual([{ index: 1, code: 'new_in_use', message: expect.stringContaining('"b"') }]);
  });

  it('finds collisions (a→x, b→x): the second fails', () => {
    const result = checkRenames([u('x', 'a'), u('y', 'b')], [r('a', 'x'), r('b', 'x')]);
    expect(result.analysis.collisions).toEqual([[0, 1]]);
    expect(result.rename_errors.map((e) => [e.index, e.code])).toEqual([[1, 'new_in_use']]);
  });

  it('finds swaps, reports them as errors, and proposes a step plan that performs them', () => {
    const users = [u('x', 'a'), u('y', 'b')];
    const result = checkRenames(users, [r('a', 'b'), r('b', 'a')]);
    expect(result.rename_errors.map((e) => e.code)).toEqual(['new_in_use', 'new_in_use']);
    expect(result.plan).toHaveLength(1);
    const swap = result.plan[0]!;
    expect(swap.rows).toEqual([0, 1]);
    expect(swap.steps.map((s) => s.action)).toEqual(['rename', 'remove', 'rename', 'remove', 'rename', 'remove']);
    const index = new IdentityIndex(users);
    expect(applySteps(index, swap.steps)).toEqual([]);
    expect(index.users()).toEqual([u('x', 'b'), u('y', 'a')]);
  });

  it('the swap plan\'s temporary id avoids ids in use and in the batch', () => {
    const result = checkRenames([u('x', 'a'), u('y', 'b'), u('z', 'a~swap')], [r('a', 'b'), r('b', 'a'), r('q', 'a~swap2')]);
    const tmp = (result.plan[0]!.steps[0] as { new_external_id: string }).new_external_id;
    expect(['a~swap', 'a~swap2']).not.toContain(tmp);
  });
});

describe('pattern renames', () => {
  const ids = ['legacy-1', 'legacy-22', 'other'];
  it('maps legacy-{n} to usr_{n}', () => {
    expect(renamesFromPattern('legacy-{n}', 'usr_{n}', ids, () => false)).toEqual({ ok: true, renames: [r('legacy-1', 'usr_1'), r('legacy-22', 'usr_22')] });
  });

  it('refuses a malformed pattern or one that collides, saying which ids', () => {
    expect(renamesFromPattern('legacy', 'usr_{n}', ids, () => false)).toMatchObject({ ok: false, message: expect.stringContaining('{n}') });
    expect(renamesFromPattern('legacy-{n}', 'usr_{n}', ids, (id) => id === 'usr_22')).toMatchObject({ ok: false, message: expect.stringContaining('usr_22') });
    expect(renamesFromPattern('{n}-x', 'usr', ['a-x'], () => false)).toMatchObject({ ok: false });
    expect(renamesFromPattern('l{n}', '{n}', ['la', 'a'], (id) => ['la', 'a'].includes(id))).toMatchObject({ ok: false, message: expect.stringContaining('"a"') });
  });
});
