import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxWorkspace } from '../../../test/support/sandbox-workspace';
import { startSandbox, type Sandbox } from '../../sandbox/sandbox';
import { approveChangeSet, submitChangeSet } from '../../services/change-sets';
import type { ServiceContext } from '../../services/context';
import type { IncomingRow } from '../../services/import-columns';
import { clientFor, pullConnection } from '../../services/pull';
import { pushChangeSet } from '../../services/push';
import { stageImport } from '../../services/stage-import';
import { apiTransport } from '../api-transport';
import { adapterFor } from '.';

let sandbox: Sandbox;
let ctx: ServiceContext;

beforeAll(async () => {
  sandbox = await startSandbox({ users: 60, rpm: 0 });
  // A SCIM user waiting for its external id (the seed gives every SCIM user one).
  sandbox.state.scim.add({ userName: 'waiting@scim.example', givenName: 'Wai', familyName: 'Ting' });
  ctx = sandboxWorkspace(sandbox, { ratePerSecond: 0 }).ctx;
  for (const name of ['pb', 'scim', 'braze']) await pullConnection(ctx, name);
}, 60_000);
afterAll(async () => {
  ctx.workspace.close();
  await sandbox.close();
});

const row = (n: number, fields: Partial<IncomingRow>): IncomingRow => ({ line: n + 2, email: null, externalId: null, name: null, company: null, ...fields });

async function stageAndPush(connection: string, rows: IncomingRow[], mode: 'strict' | 'lenient' = 'strict') {
  const cs = stageImport(ctx, { connection, rows, mode, source: `${connection}-import.csv` });
  submitChangeSet(ctx, cs.id);
  approveChangeSet(ctx, cs.id, { approveRemaining: true });
  return { cs, push: () => pushChangeSet(ctx, cs.id, { ratePerSecond: 0 }) };
}

/** What the remote says now about each journaled request of a change set (a read, not the local copy). */
async function readBack(id: number) {
  const cs = ctx.workspace.changeSets.get(id)!;
  const connection = ctx.workspace.connections.byName(cs.connection)!;
  const adapter = adapterFor(connection.kind, cs.kind, cs.plan.via);
  const transport = apiTransport(clientFor(ctx, connection, 0));
  return (await Promise.all(ctx.workspace.journal.forChangeSet(id).map((op) => adapter.reconcile(op, transport)))).flat();
}

describe('imports into SCIM (POST /Users, backfill by PatchOp, 409 per row)', () => {
  it('creates, backfills and fails a uniqueness conflict on its row only; read back from the directory', async () => {
    const scim = sandbox.state.scim.users;
    const { cs, push } = await stageAndPush('scim', [
      row(0, { email: 'new.person@scim.example', externalId: 'scim-new-1', name: 'New Person' }),
      row(1, { email: 'waiting@scim.example', externalId: 'scim-backfilled' }),
      row(2, { email: 'late.conflict@scim.example', externalId: 'scim-new-2' }),
      row(3, { externalId: 'scim-no-email' }),
    ], 'lenient');
    expect(ctx.workspace.changeSets.rows(cs.id).map((r) => r.plan.action)).toEqual(['create', 'backfill', 'create', 'create']);
    // Someone else takes row 2's userName after staging: the directory answers 409 uniqueness.
    sandbox.state.scim.add({ userName: 'late.conflict@scim.example', externalId: 'someone-else' });

    const result = await push();
    expect(result).toMatchObject({ state: 'partially_applied', applied: 2, failed: 2 });
    const rows = ctx.workspace.changeSets.rows(cs.id);
    expect(rows.map((r) => r.result)).toEqual(['applied', 'applied', 'failed', 'failed']);
    expect(rows[2]!.resultDetail).toMatch(/^uniqueness/);
    expect(rows[3]!.resultDetail).toMatch(/needs a userName/);

    const created = scim.byExternalId('scim-new-1')!.user;
    expect(created.email).toBe('new.person@scim.example');
    expect(sandbox.state.scim.extra.get(created.id)).toMatchObject({ givenName: 'New', familyName: 'Person', active: true });
    expect(scim.byEmailAddress('waiting@scim.example')!.externalId).toBe('scim-backfilled');
    expect(scim.byExternalId('scim-new-2')).toBeUndefined();
    const journal = ctx.workspace.journal.forChangeSet(cs.id).map((o) => `${o.method} ${o.path.replace(/[0-9a-f-]{36}/, 'ID')}`);
    expect(journal).toEqual(['POST /Users', 'PATCH /Users/ID', 'POST /Users']);
    expect(await readBack(cs.id)).toEqual(['applied', 'applied', 'not_applied']);
  });
});

describe('imports into Braze-style (/users/track, ≤ 75 attributes objects a request)', () => {
  it('chunks 160 new profiles 75 + 75 + 10, fails a taken email on its row only; read back by export', async () => {
    const taken = 'late.taken@braze.example';
    const rows = Array.from({ length: 160 }, (_, n) => row(n, { email: `track${n}@braze.example`, externalId: `trk_${n}`, name: `Track ${n}` }));
    rows.push(row(160, { email: taken, externalId: 'trk_taken' }));
    const { cs, push } = await stageAndPush('braze', rows);
    expect(ctx.workspace.changeSets.rows(cs.id)[160]!.plan.action).toBe('create');
    // Another profile takes the email after staging: /users/track refuses that object alone.
    sandbox.state.braze.users.createUser({ email: taken, externalId: 'someone-else' });
    const result = await push();
    expect(result).toMatchObject({ state: 'partially_applied', applied: 160, failed: 1, sent: 3 });
    const sizes = ctx.workspace.journal.forChangeSet(cs.id).map((o) => (o.body as { attributes: unknown[] }).attributes.length);
    expect(sizes).toEqual([75, 75, 11]);
    expect(ctx.workspace.changeSets.rows(cs.id)[160]!.resultDetail).toMatch(/email_taken/);
    for (let n = 0; n < 160; n++) {
      const user = sandbox.state.braze.users.byExternalId(`trk_${n}`)!.user;
      expect(user.email).toBe(`track${n}@braze.example`);
      expect(sandbox.state.braze.attributes.get(user.id)).toMatchObject({ first_name: 'Track', last_name: String(n) });
    }
    expect((await readBack(cs.id)).filter((r) => r === 'applied')).toHaveLength(160);
  });

  it('the sandbox refuses a request of 76 attributes objects', async () => {
    const r = await apiTransport(clientFor(ctx, ctx.workspace.connections.byName('braze')!, 0)).send({
      method: 'POST',
      path: '/users/track',
      body: { attributes: Array.from({ length: 76 }, (_, n) => ({ external_id: `x${n}` })) },
      idempotent: false,
    });
    expect(r.status).toBe(400);
  });

  it('a profile known only by its email is not given a second profile: the row fails in the plan, with the reason', async () => {
    const email = 'emailonly@braze.example';
    sandbox.state.braze.users.createUser({ email, externalId: null });
    const first = stageImport(ctx, { connection: 'braze', rows: [row(0, { email, externalId: 'trk_identify' })], mode: 'strict', source: 'first.csv' });
    expect(ctx.workspace.changeSets.rows(first.id)[0]!.plan.action).toBe('create'); // not pulled yet
    await pullConnection(ctx, 'braze'); // looks up the emails staged change sets name
    const { cs, push } = await stageAndPush('braze', [row(0, { email, externalId: 'trk_identify' })]);
    expect(ctx.workspace.changeSets.rows(cs.id)[0]!.plan.action).toBe('backfill');
    expect(await push()).toMatchObject({ failed: 1, sent: 0 });
    expect(ctx.workspace.changeSets.rows(cs.id)[0]!.resultDetail).toMatch(/\/users\/identify/);
    expect(sandbox.state.braze.users.byExternalId('trk_identify')).toBeUndefined();
  });
});

describe('fault runs over the new import adapters', () => {
  it('with drops after apply, dropped connections and 5xx, every create is applied exactly once and read back', async () => {
    const scimRows = Array.from({ length: 40 }, (_, n) => row(n, { email: `fault${n}@scim.example`, externalId: `scim-fault-${n}` }));
    const brazeRows = Array.from({ length: 200 }, (_, n) => row(n, { email: `fault${n}@braze.example`, externalId: `trk_fault_${n}` }));
    const scim = await stageAndPush('scim', scimRows);
    const braze = await stageAndPush('braze', brazeRows);
    sandbox.faults.set({ dropAfterApply: 0.3, drop: 0.1, error5xx: 0.1, seed: 19 });
    const results = [];
    try {
      for (const job of [scim, braze]) {
        let result;
        // A push that gives up (retries spent) is resumed, as a person would by pushing again.
        for (let attempt = 0; attempt < 10 && !result; attempt++) result = await job.push().catch(() => undefined);
        results.push(result);
      }
    } finally {
      sandbox.faults.set({ dropAfterApply: 0, drop: 0, error5xx: 0 });
    }
    expect(results.map((r) => r?.state)).toEqual(['applied', 'applied']);
    expect(results.reduce((n, r) => n + (r?.reconciled ?? 0), 0)).toBeGreaterThan(0);
    const applied = sandbox.log.applied();
    for (let n = 0; n < 40; n++) expect(applied.get(`scim user.create fault${n}@scim.example`), `scim ${n}`).toBe(1);
    const tracked = [...applied].filter(([op]) => op.startsWith('braze track trk_fault_'));
    expect(tracked).toHaveLength(200);
    expect(tracked.every(([, count]) => count === 1)).toBe(true);
    for (let n = 0; n < 40; n++) expect(sandbox.state.scim.users.byExternalId(`scim-fault-${n}`)).toBeDefined();
    for (let n = 0; n < 200; n++) expect(sandbox.state.braze.users.byExternalId(`trk_fault_${n}`)).toBeDefined();
    expect(await readBack(scim.cs.id)).not.toContain('not_applied');
  }, 60_000);
});
