import { describe, expect, it } from 'vitest';
import { CHANGE_SET_STATES, canMove, nextState, type ChangeSetMove } from './lifecycle';

describe('change set life cycle (SPEC §2)', () => {
  it('walks the happy path draft → in_review → approved → pushing → applied', () => {
    expect(nextState('draft', 'submit')).toBe('in_review');
    expect(nextState('in_review', 'approve')).toBe('approved');
    expect(nextState('approved', 'start_push')).toBe('pushing');
    expect(nextState('pushing', 'finish_push', { applied: 3, failed: 0 })).toBe('applied');
  });

  it('ends a push partially applied or failed by its rows', () => {
    expect(nextState('pushing', 'finish_push', { applied: 2, failed: 1 })).toBe('partially_applied');
    expect(nextState('pushing', 'finish_push', { applied: 0, failed: 4 })).toBe('failed');
  });

  it('sends a rejected change set back to its author as a draft', () => {
    expect(nextState('in_review', 'reject')).toBe('draft');
  });

  it('resumes an interrupted push', () => {
    expect(nextState('pushing', 'start_push')).toBe('pushing');
  });

  it('refuses every other move', () => {
    const allowed = new Set([
      'draft:submit',
      'in_review:approve',
      'in_review:reject',
      'approved:start_push',
      'pushing:start_push',
      'pushing:finish_push',
    ]);
    const moves: ChangeSetMove[] = ['submit', 'approve', 'reject', 'start_push', 'finish_push'];
    for (const state of CHANGE_SET_STATES) {
      for (const move of moves) {
        expect(canMove(state, move), `${state}:${move}`).toBe(allowed.has(`${state}:${move}`));
        if (!allowed.has(`${state}:${move}`)) expect(nextState(state, move)).toBeUndefined();
      }
    }
  });
});
