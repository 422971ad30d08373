import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldEverywhere, pullEverySystem, sandboxWorkspace } from '../../test/support/sandbox-workspace';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { approveChangeSet, submitChangeSet } from './change-sets';
import type { ServiceContext } from './context';
import { pushRenameBatch, stageRenameBatchAcross } from './rename-batch';

let sandbox: Sandbox;
let ctx: ServiceContext;

beforeAll(async () => {
  sandbox = await startSandbox({ users: 80, rpm: 0 });
  ctx = sandboxWorkspace(sandbox, { ratePerSecond: 0 }).ctx;
  await pullEverySystem(ctx);
}, 60_000);
afterAll(async () => {
  ctx.workspace.close();
  await sandbox.close();
});

describe('a rename batch pushed under faults (issue 19)', () => {
  it('with drops after apply, dropped connections and 5xx, every system applies each rename exactly once, read back', async () => {
    const ids = heldEverywhere(sandbox).slice(0, 30);
    const uv = sandbox.state.uservoice.uv.externalUsers;
    const before = new Map(ids.map((id) => [id, { pb: sandbox.state.productboard.users.byExternalId(id)!.user.id, uv: uv.get(id)!.userId }]));
    const { batch, changeSets } = stageRenameBatchAcross(ctx, { connections: ['pb', 'scim', 'uv', 'braze'], renames: ids.map((id) => ({ current_external_id: id, new_external_id: `f-${id}` })), source: 'faults' });
    for (const cs of changeSets) {
      submitChangeSet(ctx, cs.id);
      approveChangeSet(ctx, cs.id, { approveRemaining: true });
    }
    sandbox.faults.set({ dropAfterApply: 0.3, drop: 0.1, error5xx: 0.1, seed: 1919 });
    let reconciled = 0;
    try {
      // A push that gives up (retries spent) is resumed, as a person would by pushing again.
      for (let attempt = 0; attempt < 12; attempt++) {
        const left = changeSets.filter((cs) => ['approved', 'pushing'].includes(ctx.workspace.changeSets.get(cs.id)!.state));
        if (left.length === 0) break;
        for (const r of await pushRenameBatch(ctx, batch, { ratePerSecond: 0 })) reconciled += r.result?.reconciled ?? 0;
      }
    } finally {
      sandbox.faults.set({ dropAfterApply: 0, drop: 0, error5xx: 0 });
    }
    expect(changeSets.map((cs) => ctx.workspace.changeSets.get(cs.id)!.state)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(reconciled).toBeGreaterThan(0); // interrupted requests were read back, not resent blindly

    const applied = [...sandbox.log.applied()];
    const once = (prefix: string, count: number) => {
      const hits = applied.filter(([op]) => op.startsWith(prefix));
      expect(hits.length, prefix).toBe(count);
      expect(hits.filter(([, n]) => n !== 1), prefix).toEqual([]);
    };
    once('productboard user.update', ids.length);
    once('scim user.patch', ids.length);
    once('uservoice external_user f-', ids.length);
    once('braze rename ', ids.length);
    for (const id of ids) {
      expect(sandbox.state.productboard.users.byExternalId(`f-${id}`)!.user.id).toBe(before.get(id)!.pb);
      expect(sandbox.state.scim.users.byExternalId(`f-${id}`)).toBeDefined();
      expect(uv.get(`f-${id}`)!.userId).toBe(before.get(id)!.uv);
      expect(sandbox.state.braze.users.byExternalId(`f-${id}`)!.user.deprecatedExternalIds).toContain(id);
    }
  }, 120_000);
});
