import { describe, expect, it } from 'vitest';
import { checklistMarkdown, planMerge, splitName, type MergeSide } from './merge-plan';

const ada: MergeSide = { remoteId: 'A', email: 'ada@x.io', externalId: 'usr_1', name: 'Ada Lovelace' };
const dup: MergeSide = { remoteId: 'B', email: 'ADA@x.io ', externalId: 'usr_9', name: 'Ada L.' };

describe('merge plans per system (issue 9)', () => {
  it('Braze-style: merges the loser by external id (irreversible, with a re-create undo), then updates the survivor', () => {
    const plan = planMerge({ kind: 'braze', survivor: ada, losers: [dup], values: { name: 'Ada King' } });
    expect(plan.steps.map((s) => s.action)).toEqual(['braze.merge', 'braze.track']);
    const [merge, track] = plan.steps;
    expect(merge!.request).toEqual({ method: 'POST', path: '/users/merge', body: { merge_updates: [{ identifier_to_merge: { external_id: 'usr_9' }, identifier_to_keep: { external_id: 'usr_1' } }] } });
    expect(merge!.reversible).toBe(false);
    expect(merge!.undo.request?.body).toEqual({ attributes: [{ external_id: 'usr_9', email: 'ADA@x.io ', first_name: 'Ada', last_name: 'L.' }] });
    expect(track!.request!.body).toEqual({ attributes: [{ external_id: 'usr_1', first_name: 'Ada', last_name: 'King' }] });
    expect(track!.undo.request!.body).toEqual({ attributes: [{ external_id: 'usr_1', first_name: 'Ada', last_name: 'Lovelace' }] });
    expect(plan.result).toEqual({ email: 'ada@x.io', externalId: 'usr_1', name: 'Ada King' });
  });

  it('Braze-style: a loser without an external id is merged by hand; a new external id is a rename after the merge', () => {
    const plan = planMerge({ kind: 'braze', survivor: ada, losers: [{ ...dup, externalId: null }], values: { externalId: 'usr_2' } });
    expect(plan.steps.map((s) => s.action)).toEqual(['manual', 'braze.rename']);
    expect(plan.steps[0]!.request).toBeUndefined();
    expect(plan.steps[1]!.undo.request!.body).toEqual({ external_id_renames: [{ current_external_id: 'usr_2', new_external_id: 'usr_1' }] });
  });

  it('SCIM: deprovisions the loser (reversible), freeing the userName the survivor takes, then updates the survivor', () => {
    const plan = planMerge({ kind: 'productboard-scim', survivor: ada, losers: [dup], values: { externalId: 'usr_9', name: 'Ada King' } });
    expect(plan.steps.map((s) => s.action)).toEqual(['scim.deactivate', 'scim.update']);
    const ops = (plan.steps[0]!.request!.body as { Operations: { path: string }[] }).Operations.map((o) => o.path);
    expect(ops).toEqual(['active', 'userName', 'externalId']);
    expect(plan.steps.every((s) => s.reversible)).toBe(true);
    expect((plan.steps[1]!.request!.body as { Operations: unknown[] }).Operations).toEqual([
      { op: 'replace', path: 'externalId', value: 'usr_9' },
      { op: 'replace', path: 'name.givenName', value: 'Ada' },
      { op: 'replace', path: 'name.familyName', value: 'King' },
    ]);
    expect((plan.steps[1]!.undo.request!.body as { Operations: unknown[] }).Operations).toContainEqual({ op: 'replace', path: 'externalId', value: 'usr_1' });
  });

  it('Productboard REST: the merged user\'s notes are re-pointed, then it is deleted (irreversible) and the survivor updated', () => {
    const detached: MergeSide = { remoteId: 'D', email: null, externalId: 'usr_1', name: null, notes: [{ id: 'n1', title: 'Insight' }] };
    const plan = planMerge({ kind: 'productboard', survivor: { ...ada, externalId: 'old-1' }, losers: [detached], values: { externalId: 'usr_1' } });
    expect(plan.steps.map((s) => [s.action, s.reversible])).toEqual([
      ['productboard.repoint_note', true],
      ['productboard.delete', false],
      ['productboard.update', true],
    ]);
    expect(plan.steps[0]!.request).toEqual({ method: 'PATCH', path: '/notes/n1', body: { data: { user: { email: 'ada@x.io' } } } });
    // Back to the merged user by the only identity it had: its external id.
    expect(plan.steps[0]!.undo.request!.body).toEqual({ data: { user: { external_id: 'usr_1' } } });
    expect(plan.steps[1]!.undo.request).toEqual({ method: 'POST', path: '/users', body: { data: { externalId: 'usr_1' } } });
    expect(plan.steps[2]!.request).toEqual({ method: 'PATCH', path: '/users/A', body: { data: { externalId: 'usr_1' } } });
    // A survivor no note can name (no email, no external id) gets a step by hand instead.
    const nameless = planMerge({ kind: 'productboard', survivor: { remoteId: 'S', email: null, externalId: null, name: 'S' }, losers: [detached], values: {} });
    expect(nameless.steps.map((s) => [s.action, Boolean(s.beforePush)])).toEqual([['manual', true], ['productboard.delete', false]]);
  });

  it('UserVoice: re-attaches external users explicitly (SPEC §5), and leaves the user merge and field edits to a person', () => {
    const loser = { ...dup, remoteId: '7', externalUsers: [{ id: 'usr_9', email: 'ada@x.io' }] };
    const plan = planMerge({ kind: 'uservoice', survivor: { ...ada, remoteId: '3' }, losers: [loser], values: { name: 'Ada King' } });
    expect(plan.steps.map((s) => s.action)).toEqual(['uservoice.reattach', 'manual', 'manual']);
    expect(plan.steps[0]!.request).toEqual({ method: 'POST', path: '/api/v2/admin/external_users/usr_9/reattach', body: { user_id: 3 } });
    expect(plan.steps[0]!.undo.request!.body).toEqual({ user_id: 7 });
    expect(plan.steps[1]!.reversible).toBe(false);
    // Moving only the stale external user leaves the old user alone.
    const only = planMerge({ kind: 'uservoice', survivor: { ...ada, remoteId: '3' }, losers: [loser], values: {}, moveExternalUsers: ['usr_9'] });
    expect(only.steps.map((s) => s.action)).toEqual(['uservoice.reattach']);
  });

  it('aligning fields only (no loser) changes nothing when the values are the survivor’s own', () => {
    expect(planMerge({ kind: 'productboard-scim', survivor: ada, losers: [], values: { name: 'Ada Lovelace' } }).steps).toEqual([]);
  });

  it('the checklist numbers every step, says how it is done and how it is undone', () => {
    const plan = planMerge({ kind: 'braze', survivor: ada, losers: [dup], values: {} });
    const md = checklistMarkdown('Merge', [{ connection: 'braze', plan }]);
    expect(md).toContain('1. [ ] Merge Braze profile B');
    expect(md).toContain('Rekey pushes `POST /users/merge`');
    expect(md).toContain('**Not reversible**: Re-create B');
  });

  it('splits names the way SCIM and Braze store them', () => {
    expect(splitName(' Ada  Augusta King ')).toEqual({ given: 'Ada', family: 'Augusta King' });
    expect(splitName('Cher')).toEqual({ given: 'Cher', family: null });
    expect(splitName(null)).toEqual({ given: null, family: null });
  });
});
