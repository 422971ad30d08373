import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sandboxWorkspace } from '../../test/support/sandbox-workspace';
import { mergeStepsAdapter } from '../push/adapters/merge-steps';
import { apiTransport } from '../push/api-transport';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { approveChangeSet, submitChangeSet } from './change-sets';
import type { ServiceContext } from './context';
import { planCandidate, stageCandidate, stageMergeUndo, stageMerges } from './merge-plans';
import { dismissCandidate, findMergeCandidate, findMergeCandidates } from './merges';
import { clientFor, pullConnection } from './pull';
import { pushChangeSet, retryFailedRows } from './push';

let sandbox: Sandbox;
let ctx: ServiceContext;

beforeAll(async () => {
  sandbox = await startSandbox({ users: 120, rpm: 0, asyncDelayMs: 150 });
  ctx = sandboxWorkspace(sandbox, { ratePerSecond: 0 }).ctx;
  for (const name of ['pb', 'scim', 'uv', 'braze']) await pullConnection(ctx, name);
}, 60_000);
afterAll(async () => {
  ctx.workspace.close();
  await sandbox.close();
});

/** Review and push a staged merge change set, then read every journaled request back. */
async function approveAndPush(id: number) {
  submitChangeSet(ctx, id);
  approveChangeSet(ctx, id, { approveRemaining: true });
  const result = await pushChangeSet(ctx, id, { ratePerSecond: 0 });
  const cs = ctx.workspace.changeSets.get(id)!;
  const transport = apiTransport(clientFor(ctx, ctx.workspace.connections.byName(cs.connection)!, 0));
  const readBack = await Promise.all(ctx.workspace.journal.forChangeSet(id).map((op) => mergeStepsAdapter.reconcile(op, transport)));
  return { result, readBack: readBack.flat() };
}

const pbUser = (id: string) => sandbox.state.productboard.users.get(id);

describe('one candidate at a time (issue 22)', () => {
  it('plans, stages and dismisses a candidate re-checked alone: no find over every record, the same answer', () => {
    const candidates = findMergeCandidates(ctx, { minConfidence: 0 });
    expect(new Set(candidates.map((c) => c.kind)).size).toBe(4);
    const sources = vi.spyOn(ctx.workspace.records, 'mergeSource');
    try {
      for (const kind of ['detached_user', 'stale_attachment', 'case_variant_email', 'diverging_fields']) {
        const candidate = candidates.find((c) => c.kind === kind)!;
        expect(findMergeCandidate(ctx, candidate.key)).toEqual(candidate);
        expect(planCandidate(ctx, { key: candidate.key }).plans.map((p) => p.connection)).toEqual([...new Set(candidate.records.map((r) => r.connection))]);
      }
      expect(() => planCandidate(ctx, { key: 'detached_user:pb:nobody:nothing' })).toThrow(/no duplicate candidate/);
      expect(() => dismissCandidate(ctx, 'diverging_fields:no-such-id', null)).toThrow(/no duplicate candidate/);
      // Every read was focused on one candidate.
      expect(sources.mock.calls.length).toBeGreaterThan(0);
      for (const [focus] of sources.mock.calls) expect(focus).toBeDefined();
    } finally {
      sources.mockRestore();
    }
  });
});

describe('merges pushed to the sandbox (issue 9)', () => {
  it('a detached Productboard user: deleted, and its external id taken by the email holder', async () => {
    const candidate = findMergeCandidates(ctx).find((c) => c.kind === 'detached_user')!;
    const [holder, detached] = candidate.records.map((r) => r.remoteId) as [string, string];
    const detachedExt = pbUser(detached)!.externalId!;
    const notes = sandbox.state.productboard.notes.filter((n) => n.userId === detached).map((n) => n.id);
    expect(notes).toHaveLength(1);
    const view = planCandidate(ctx, { key: candidate.key, values: { externalId: detachedExt } });
    expect(view.plans.map((p) => p.plan.steps.map((s) => s.action))).toEqual([['productboard.repoint_note', 'productboard.delete', 'productboard.update']]);
    expect(view.checklist).toContain(`Re-point note ${notes[0]}`);

    const [cs] = stageCandidate(ctx, { key: candidate.key, values: { externalId: detachedExt } });
    expect(cs!.kind).toBe('merge');
    expect(cs!.plan.checklist).toBe(view.checklist);
    expect((cs!.plan.undo as { steps: { request?: unknown }[] }[])[0]!.steps.map((s) => Boolean(s.request))).toEqual([true, true, true]);

    const { result, readBack } = await approveAndPush(cs!.id);
    expect(result).toMatchObject({ state: 'applied', applied: 1, failed: 0 });
    expect(pbUser(detached)).toBeUndefined();
    expect(pbUser(holder)!.externalId).toBe(detachedExt);
    expect(sandbox.state.productboard.notes.find((n) => n.id === notes[0])!.userId).toBe(holder);
    expect(readBack).toEqual(['applied', 'applied', 'applied']);
    expect(sandbox.log.applied().get(`productboard user.delete ${detached}`)).toBe(1);
    // The local copy follows without a pull: the candidate is gone, the survivor holds the id.
    expect(ctx.workspace.records.one('pb', detached)!.vanishedAt).not.toBeNull();
    expect(ctx.workspace.records.one('pb', holder)!.externalId).toBe(detachedExt);
    expect(ctx.workspace.noteLinks.forUser(ctx.workspace.connections.byName('pb')!.id, holder).map((n) => n.noteId)).toContain(notes[0]);
    expect(findMergeCandidates(ctx).some((c) => c.key === candidate.key)).toBe(false);

    // The way back: the survivor's old values, and the deleted user re-created with its id.
    const oldExt = view.plans[0]!.plan.steps[2]!.undo.request!.body as { data: { externalId: string } };
    const undo = stageMergeUndo(ctx, cs!.id);
    expect(undo.parentId).toBe(cs!.id);
    const back = await approveAndPush(undo.id);
    expect(back.result).toMatchObject({ state: 'applied', applied: 1 });
    expect(pbUser(holder)!.externalId).toBe(oldExt.data.externalId);
    const recreated = sandbox.state.productboard.users.byExternalId(detachedExt)!.user;
    expect(sandbox.state.productboard.notes.find((n) => n.id === notes[0])!.userId).toBe(recreated.id);
    expect(back.readBack).toEqual(['applied', 'applied', 'applied']);
    expect(() => stageMergeUndo(ctx, cs!.id + 1000)).toThrow(/not a merge change set/);
  }, 30_000);

  it('a stale UserVoice attachment: the external user is re-attached to the owner of its new email', async () => {
    const candidate = findMergeCandidates(ctx).find((c) => c.kind === 'stale_attachment')!;
    const externalId = candidate.key.split(':').pop()!;
    const owner = Number(candidate.records[1]!.remoteId);
    const [cs] = stageCandidate(ctx, { key: candidate.key });
    const { result, readBack } = await approveAndPush(cs!.id);
    expect(result).toMatchObject({ state: 'applied', applied: 1 });
    expect(sandbox.state.uservoice.uv.externalUsers.get(externalId)!.userId).toBe(owner);
    expect(readBack).toEqual(['applied']);
  }, 30_000);

  it('one person with diverging names: each system with an API takes the chosen name; UserVoice gets a checklist step', async () => {
    const candidate = findMergeCandidates(ctx).find((c) => c.kind === 'diverging_fields')!;
    const view = planCandidate(ctx, { key: candidate.key, values: { name: 'Ada Chosen' } });
    const staged = stageCandidate(ctx, { key: candidate.key, values: { name: 'Ada Chosen' } });
    const pushable = view.plans.filter((p) => p.plan.steps.some((s) => s.request)).map((p) => p.connection);
    expect(staged.map((cs) => cs.connection).sort()).toEqual(pushable.sort());
    for (const cs of staged) expect((await approveAndPush(cs.id)).result.state).toBe('applied');
    const ext = candidate.key.split(':')[1]!;
    const scim = sandbox.state.scim;
    const scimUser = [...scim.users.users()].find((u) => u.externalId === ext)!;
    expect(scim.extra.get(scimUser.id)).toMatchObject({ givenName: 'Ada', familyName: 'Chosen' });
    const braze = sandbox.state.braze;
    const brazeUser = braze.users.byExternalId(ext)!.user;
    expect(braze.attributes.get(brazeUser.id)).toMatchObject({ first_name: 'Ada', last_name: 'Chosen' });
    expect(staged.map((cs) => cs.connection).sort()).toEqual(['braze', 'pb', 'scim']);
    expect(view.checklist).toMatch(/UserVoice Admin → Users → .* set name "Ada Chosen"/);
  }, 30_000);

  it('a merges file on Braze-style: /users/merge is batched, accepted, polled until the merged profiles are gone', async () => {
    const braze = sandbox.state.braze;
    const ids = [...braze.users.users()].map((u) => u.externalId!).filter(Boolean).slice(0, 4);
    const cs = stageMerges(ctx, {
      connection: 'braze',
      source: 'merges.csv',
      choices: [
        { connection: 'braze', survivor: ids[0]!, losers: [ids[1]!], values: {} },
        { connection: 'braze', survivor: ids[2]!, losers: [ids[3]!], values: { name: 'Kept Name' } },
      ],
    });
    expect(ctx.workspace.journal.forChangeSet(cs.id)).toHaveLength(0);
    const { result, readBack } = await approveAndPush(cs.id);
    expect(result).toMatchObject({ state: 'applied', applied: 2 });
    const ops = ctx.workspace.journal.forChangeSet(cs.id);
    expect(ops.map((o) => o.path)).toEqual(['/users/merge', '/users/track']);
    expect(braze.users.byExternalId(ids[1]!)).toBeUndefined();
    expect(braze.users.byExternalId(ids[3]!)).toBeUndefined();
    expect(braze.attributes.get(braze.users.byExternalId(ids[2]!)!.user.id)).toMatchObject({ first_name: 'Kept', last_name: 'Name' });
    expect(readBack).toEqual(['applied', 'applied', 'applied']);
    expect([...sandbox.log.applied()].filter(([op]) => op.includes('merge.accepted'))).toEqual([['braze merge.accepted 2', 1]]);

    // Undone: the merged profiles come back (without their history) and the old name returns.
    const oldName = (cs.plan.undo as { steps: { request?: { body: unknown } }[] }[])[1]!.steps[0]!.request!.body;
    const undo = stageMergeUndo(ctx, cs.id);
    expect((await approveAndPush(undo.id)).result).toMatchObject({ state: 'applied', applied: 2 });
    expect(braze.users.byExternalId(ids[1]!)).toBeDefined();
    expect(braze.users.byExternalId(ids[3]!)).toBeDefined();
    const restored = (oldName as { attributes: { first_name: string | null }[] }).attributes[0]!.first_name;
    expect(braze.attributes.get(braze.users.byExternalId(ids[2]!)!.user.id)!.first_name).toBe(restored);
    expect(ctx.workspace.journal.forChangeSet(undo.id).map((o) => o.path)).toEqual(['/users/track', '/users/track', '/users/track']);
  }, 30_000);

  it('SCIM duplicates: the loser is deprovisioned and gives up the userName the survivor takes', async () => {
    const scim = sandbox.state.scim;
    const [a, b] = [...scim.users.users()].filter((u) => scim.extra.get(u.id)!.active).slice(10, 12);
    const cs = stageMerges(ctx, { connection: 'scim', source: 'merges.csv', choices: [{ connection: 'scim', survivor: a!.email!, losers: [b!.id], values: { email: b!.email! } }] });
    expect((await approveAndPush(cs.id)).result.state).toBe('applied');
    expect(scim.extra.get(b!.id)!.active).toBe(false);
    expect(scim.users.get(a!.id)!.email).toBe(b!.email);
    expect(scim.users.get(b!.id)!.email).toMatch(/^merged\./);
  }, 30_000);

  it('with dropped connections and 5xx answers, every merge step is applied exactly once (read back, never resent blindly)', async () => {
    const scim = sandbox.state.scim;
    const active = [...scim.users.users()].filter((u) => scim.extra.get(u.id)!.active).slice(20, 36);
    const choices = Array.from({ length: 8 }, (_, k) => ({ connection: 'scim', survivor: active[2 * k]!.id, losers: [active[2 * k + 1]!.id], values: { name: `Merged ${k}` } }));
    const cs = stageMerges(ctx, { connection: 'scim', source: 'faults', choices });
    submitChangeSet(ctx, cs.id);
    approveChangeSet(ctx, cs.id, { approveRemaining: true });
    sandbox.faults.set({ dropAfterApply: 0.3, drop: 0.1, error5xx: 0.1, seed: 9 });
    let result;
    try {
      // A push that gives up (retries spent) is resumed, as a person would by pushing again.
      for (let attempt = 0; attempt < 10 && !result; attempt++) result = await pushChangeSet(ctx, cs.id, { ratePerSecond: 0 }).catch(() => undefined);
    } finally {
      sandbox.faults.set({ dropAfterApply: 0, drop: 0, error5xx: 0 });
    }
    expect(result).toMatchObject({ state: 'applied', applied: 8, failed: 0 });
    expect(result!.reconciled).toBeGreaterThan(0);
    const applied = sandbox.log.applied();
    for (const c of choices) {
      expect(scim.extra.get(c.losers[0]!)!.active).toBe(false);
      expect(scim.extra.get(c.survivor)).toMatchObject({ givenName: 'Merged' });
      expect([...applied].filter(([op]) => op.startsWith(`scim user.patch ${c.losers[0]} `)).map(([, n]) => n)).toEqual([1]);
      expect([...applied].filter(([op]) => op.startsWith(`scim user.patch ${c.survivor} `)).map(([, n]) => n)).toEqual([1]);
    }
  }, 60_000);

  it('a failed merge step stops its row; the failed row can be retried as a new draft', async () => {
    const scim = sandbox.state.scim;
    const [a, b, c, d, taken] = [...scim.users.users()].filter((u) => scim.extra.get(u.id)!.active).slice(40, 45);
    const cs = stageMerges(ctx, {
      connection: 'scim',
      source: 'retry',
      choices: [
        // The survivor cannot take an email a third user holds: its update fails (409).
        { connection: 'scim', survivor: a!.id, losers: [b!.id], values: { email: taken!.email! } },
        { connection: 'scim', survivor: c!.id, losers: [d!.id], values: { name: 'Fine Row' } },
      ],
    });
    submitChangeSet(ctx, cs.id);
    approveChangeSet(ctx, cs.id, { approveRemaining: true });
    const result = await pushChangeSet(ctx, cs.id, { ratePerSecond: 0 });
    expect(result).toMatchObject({ state: 'partially_applied', applied: 1, failed: 1 });
    const rows = ctx.workspace.changeSets.rows(cs.id);
    expect(rows[0]!.resultDetail).toMatch(/uniqueness/);
    const retry = retryFailedRows(ctx, cs.id);
    expect(retry).toMatchObject({ kind: 'merge', state: 'draft', parentId: cs.id });
    expect(ctx.workspace.changeSets.rows(retry.id).map((r) => r.payload.survivor)).toEqual([a!.id]);
  }, 30_000);

  it('a merge naming a user the workspace does not hold is refused with its line, and nothing is staged', () => {
    const before = ctx.workspace.changeSets.list().length;
    expect(() => stageMerges(ctx, { connection: 'pb', source: 'm.csv', choices: [{ connection: 'pb', survivor: 'nobody@nowhere.test', losers: ['x'], values: {} }], where: () => 'm.csv:2: ' })).toThrow(
      'm.csv:2: survivor "nobody@nowhere.test" is not a pulled user of pb',
    );
    expect(ctx.workspace.changeSets.list()).toHaveLength(before);
  });
});
