import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { failed } from '../../src-shared/errors';
import { approveChangeSet, stageChangeSet, submitChangeSet } from '../services/change-sets';
import { createServiceContext, type ServiceContext } from '../services/context';
import { openWorkspace } from '../store/workspace';
import { brazeExternalIdsAdapter } from './adapters/braze-external-ids';
import { dryRun, runPush } from './engine';
import { OUTCOME_UNKNOWN, type PushRequest, type PushResponse, type Transport } from './transport';

/**
 * A minimal in-process Braze-style remote for the engine's own logic: renames and
 * removals with the SPEC §4 checks, a log of what it applied, and a switch that applies
 * a request and then "drops the connection". The real sandbox is tested separately.
 */
class BrazeDouble implements Transport {
  primaries = new Map<string, string>(); // external id → user
  deprecated = new Map<string, string>();
  applied: string[] = [];
  dropAfterApplyingNext = false;

  constructor(users: Record<string, string>) {
    for (const [user, ext] of Object.entries(users)) this.primaries.set(ext, user);
  }

  async send(req: PushRequest): Promise<PushResponse> {
    if (req.path === '/users/export/ids') {
      const ids = (req.body as { external_ids: string[] }).external_ids;
      const users = new Set(ids.map((id) => this.primaries.get(id) ?? this.deprecated.get(id)).filter(Boolean));
      return { status: 201, body: { users: [...users].map((u) => this.export(u!)) } };
    }
    const response = req.path === '/users/external_ids/rename' ? this.rename(req.body) : this.remove(req.body);
    if (this.dropAfterApplyingNext) {
      this.dropAfterApplyingNext = false;
      throw failed(OUTCOME_UNKNOWN, 'connection dropped after sending');
    }
    return response;
  }

  private export(user: string) {
    const primary = [...this.primaries].find(([, u]) => u === user)?.[0];
    return { external_id: primary, deprecated_external_ids: [...this.deprecated].filter(([, u]) => u === user).map(([id]) => id) };
  }

  private rename(body: unknown): PushResponse {
    const renames = (body as { external_id_renames: { current_external_id: string; new_external_id: string }[] }).external_id_renames;
    const errors: unknown[] = [];
    renames.forEach((r, index) => {
      const user = this.primaries.get(r.current_external_id);
      if (!user) return errors.push({ index, code: 'current_not_found', message: r.current_external_id });
      if (this.primaries.has(r.new_external_id) || this.deprecated.has(r.new_external_id)) return errors.push({ index, code: 'new_in_use', message: r.new_external_id });
      this.primaries.delete(r.current_external_id);
      this.primaries.set(r.new_external_id, user);
      this.deprecated.set(r.current_external_id, user);
      this.applied.push(`rename ${r.current_external_id}->${r.new_external_id}`);
    });
    return { status: 201, body: { message: 'success', external_ids: [], rename_errors: errors } };
  }

  private remove(body: unknown): PushResponse {
    const ids = (body as { external_ids: string[] }).external_ids;
    const errors: unknown[] = [];
    ids.forEach((id, index) => {
      if (this.primaries.has(id)) return errors.push({ index, code: 'is_primary', message: id });
      if (!this.deprecated.delete(id)) return errors.push({ index, code: 'not_found', message: id });
      this.applied.push(`remove ${id}`);
    });
    return { status: 201, body: { message: 'success', removed_ids: [], removal_errors: errors } };
  }
}

let ctx: ServiceContext;
let connectionId: number;

beforeEach(() => {
  ctx = createServiceContext(openWorkspace(join(mkdtempSync(join(tmpdir(), 'rekey-push-')), 'w.rekey')), 'cli');
  connectionId = ctx.workspace.connections.add({ name: 'braze', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
});

function approvedRenames(pairs: [string, string][], plan: Record<string, unknown> = {}, rowPlans?: Record<string, unknown>[]) {
  const cs = stageChangeSet(
    ctx,
    { kind: 'rename', connectionId, title: 't', windowDays: 30, plan },
    pairs.map(([current, next], i) => ({ payload: { current_external_id: current, new_external_id: next }, plan: rowPlans?.[i] ?? { action: 'rename' } })),
  );
  submitChangeSet(ctx, cs.id);
  approveChangeSet(ctx, cs.id, { approveRemaining: true });
  return cs.id;
}

describe('push engine', () => {
  it('chunks 120 renames into requests of 50, applies each once, opens windows', async () => {
    const remote = new BrazeDouble(Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`u${i}`, `legacy-${i}`])));
    const id = approvedRenames(Array.from({ length: 120 }, (_, i) => [`legacy-${i}`, `usr_${i}`]));
    expect(dryRun(ctx, id, brazeExternalIdsAdapter).map((r) => (r.body as { external_id_renames: unknown[] }).external_id_renames.length)).toEqual([50, 50, 20]);
    const report = await runPush(ctx, id, { transport: remote, adapter: brazeExternalIdsAdapter });
    expect(report).toMatchObject({ state: 'applied', applied: 120, failed: 0, sent: 3 });
    expect(remote.applied).toHaveLength(120);
    expect(ctx.workspace.windows.listOpen()).toHaveLength(120);
  });

  it('reports per-row failures and ends partially applied', async () => {
    const remote = new BrazeDouble({ u1: 'a', u2: 'b', u3: 'taken' });
    const id = approvedRenames([
      ['a', 'a2'],
      ['b', 'taken'],
    ]);
    const report = await runPush(ctx, id, { transport: remote, adapter: brazeExternalIdsAdapter });
    expect(report).toMatchObject({ state: 'partially_applied', applied: 1, failed: 1 });
    expect(ctx.workspace.changeSets.rows(id)[1]!.resultDetail).toMatch(/^new_in_use/);
  });

  it('after a drop mid-request, reconciles from remote state and never resends what was applied', async () => {
    const remote = new BrazeDouble({ u1: 'a', u2: 'b' });
    const id = approvedRenames([
      ['a', 'a2'],
      ['b', 'b2'],
    ]);
    remote.dropAfterApplyingNext = true;
    const report = await runPush(ctx, id, { transport: remote, adapter: brazeExternalIdsAdapter });
    expect(report).toMatchObject({ state: 'applied', applied: 2, reconciled: 1 });
    expect(remote.applied).toEqual(['rename a->a2', 'rename b->b2']);
  });

  it('performs a swap through its step plan, and stops a swap at its first failing step', async () => {
    const remote = new BrazeDouble({ u1: 'a', u2: 'b' });
    const steps = [
      { action: 'rename', current_external_id: 'a', new_external_id: 'tmp-1' },
      { action: 'remove', external_id: 'a' },
      { action: 'rename', current_external_id: 'b', new_external_id: 'a' },
      { action: 'remove', external_id: 'b' },
      { action: 'rename', current_external_id: 'tmp-1', new_external_id: 'b' },
      { action: 'remove', external_id: 'tmp-1' },
    ];
    const id = approvedRenames(
      [
        ['a', 'b'],
        ['b', 'a'],
      ],
      { swaps: [{ rows: [0, 1], steps }] },
      [{ action: 'swap' }, { action: 'swap' }],
    );
    const report = await runPush(ctx, id, { transport: remote, adapter: brazeExternalIdsAdapter });
    expect(report).toMatchObject({ state: 'applied', applied: 2 });
    expect(remote.primaries.get('a')).toBe('u2');
    expect(remote.primaries.get('b')).toBe('u1');
    expect(remote.deprecated.size).toBe(0);

    const blocked = new BrazeDouble({ u1: 'a', u2: 'b', u3: 'tmp-1' });
    const id2 = approvedRenames(
      [
        ['a', 'b'],
        ['b', 'a'],
      ],
      { swaps: [{ rows: [0, 1], steps }] },
      [{ action: 'swap' }, { action: 'swap' }],
    );
    const report2 = await runPush(ctx, id2, { transport: blocked, adapter: brazeExternalIdsAdapter });
    expect(report2).toMatchObject({ state: 'failed', failed: 2 });
    // Nothing after the failed first step was sent: tmp-1 still belongs to u3.
    expect(blocked.applied).toEqual([]);
    expect(blocked.primaries.get('tmp-1')).toBe('u3');
  });

  it('pushes one change set once at a time: a second push while the first runs is refused with its pid', async () => {
    const remote = new BrazeDouble({ u1: 'a' });
    const id = approvedRenames([['a', 'a2']]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: Transport = { send: async (req) => (await gate, remote.send(req)) };
    const first = runPush(ctx, id, { transport: slow, adapter: brazeExternalIdsAdapter });
    await expect(runPush(ctx, id, { transport: remote, adapter: brazeExternalIdsAdapter })).rejects.toThrow(`already being pushed by the Rekey process with pid ${process.pid}`);
    release();
    await expect(first).resolves.toMatchObject({ state: 'applied', applied: 1 });
    expect(remote.applied).toEqual(['rename a->a2']);
    expect(ctx.workspace.pushLeases.get(id)).toBeUndefined();
  });

  it("takes over a lease whose pid now belongs to a process started after it was taken", async () => {
    const remote = new BrazeDouble({ u1: 'a' });
    const id = approvedRenames([['a', 'a2']]);
    const stranger = spawn('sleep', ['10'], { stdio: 'ignore' });
    try {
      // A lease from an hour ago "held" by a process that started just now: the pid was reused.
      const takenAt = new Date(Date.now() - 3_600_000).toISOString();
      ctx.workspace.transaction(() => ctx.workspace.pushLeases.put({ changeSetId: id, holderPid: stranger.pid!, holderHost: hostname(), takenAt }));
      await expect(runPush(ctx, id, { transport: remote, adapter: brazeExternalIdsAdapter })).resolves.toMatchObject({ state: 'applied' });
      // The same process, had it taken the lease after it started, would still hold it.
      const id2 = approvedRenames([['a2', 'a3']]);
      ctx.workspace.transaction(() => ctx.workspace.pushLeases.put({ changeSetId: id2, holderPid: stranger.pid!, holderHost: hostname(), takenAt: new Date().toISOString() }));
      await expect(runPush(ctx, id2, { transport: remote, adapter: brazeExternalIdsAdapter })).rejects.toThrow(`pid ${stranger.pid}`);
    } finally {
      stranger.kill();
    }
  });

  it('refuses to push a change set that is not approved', async () => {
    const cs = stageChangeSet(ctx, { kind: 'rename', connectionId, title: 't', plan: {} }, [{ payload: { current_external_id: 'a', new_external_id: 'b' }, plan: {} }]);
    await expect(runPush(ctx, cs.id, { transport: new BrazeDouble({}), adapter: brazeExternalIdsAdapter })).rejects.toThrow(/only an approved change set/);
  });
});
