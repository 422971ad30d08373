import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PullProgress } from '../../src-shared/contract/events';
import type { Connection } from '../../src-shared/model/connection';
import { execFile } from 'node:child_process';
import { repoRoot, runRekey } from '../../test/support/cli';
import { relinkedKeys, storedKeys } from '../../test/support/relinked-keys';
import { importExternalUser } from '../../src-shared/uservoice/uservoice-state';
import { sandboxWorkspace } from '../../test/support/sandbox-workspace';
import { describePull } from '../cli/progress-bar';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { createServiceContext } from './context';
import { DEMO_CONNECTIONS, prepareDemo, pullDemoOnFirstStart } from './demo';
import { listConnections } from './connections';
import { pullAll, pullStages } from './pull-all';
import { openWorkspace } from '../store/workspace';
import { envSecrets } from './secrets';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const conn = (name: string, kind: Connection['kind']) => ({ name, kind }) as Connection;

describe('pull all', () => {
  it('takes Braze-style connections after every kind that lists its users, whatever the order they were added in', () => {
    const stages = pullStages([conn('b', 'braze'), conn('uv', 'uservoice'), conn('pb', 'productboard'), conn('s', 'productboard-scim')]);
    expect(stages.map((s) => s.map((c) => c.name))).toEqual([['uv', 'pb', 's'], ['b']]);
    expect(pullStages([conn('b', 'braze')]).map((s) => s.map((c) => c.name))).toEqual([['b']]);
  });

  it('pulls every connection; Braze finds the ids the others hold; progress shows each pull as a whole', async () => {
    sandbox = await startSandbox({ users: 250, rpm: 0 });
    const { ctx } = sandboxWorkspace(sandbox);
    const seen: PullProgress[] = [];
    const finished: string[] = [];
    const events: string[] = [];
    ctx.events.subscribe((e) => e.name === 'pull.finished' && events.push(e.payload.connection));
    const result = await pullAll(ctx, { ratePerSecond: 0, onProgress: (p) => seen.push(p), onFinished: (name) => finished.push(name) });
    expect(result.failed).toEqual([]);
    expect(result.pulls.map((p) => p.connection)).toEqual(['pb', 'scim', 'uv', 'braze']);
    expect(finished.at(-1)).toBe('braze');
    expect(events.sort()).toEqual(['braze', 'pb', 'scim', 'uv']);
    expect(result.pulls.find((p) => p.connection === 'braze')!.pulled).toBe(sandbox.state.braze.users.users().length);

    // Every Productboard report carries every list, and its sums are the lists' sums:
    // never "notes: 0 rows" on its own while users are paging.
    const pb = seen.filter((p) => p.connection === 'pb');
    for (const p of pb) {
      expect(p.lists.map((l) => l.resource).sort()).toEqual(['companies', 'members', 'notes', 'users']);
      expect(p.rows).toBe(p.lists.reduce((n, l) => n + l.rows, 0));
      expect(p.pages).toBe(p.lists.reduce((n, l) => n + l.pages, 0));
    }
    const rows = pb.map((p) => p.rows);
    expect(rows).toEqual([...rows].sort((a, b) => a - b)); // the whole only grows
    expect(pb.at(-1)!.done).toBe(true);
    expect(pb.filter((p) => p.done)).toHaveLength(1);
    expect(describePull(pb.at(-1)!)).toMatch(/^pb: .*rows · \d+ pages \(.*users [\d,]+ ✓.*notes [\d,]+ ✓.*\) · 0 retries · done$/);
  });

  it('pulls side by side share their persons: no end reads every record again, and the run ends where a whole relink ends (users changed, gone and new on every remote)', async () => {
    sandbox = await startSandbox({ users: 120, rpm: 0 });
    const { ctx } = sandboxWorkspace(sandbox);
    const relink = vi.spyOn(ctx.workspace.records, 'relinkPersons');
    expect((await pullAll(ctx, { ratePerSecond: 0 })).failed).toEqual([]);
    expect(storedKeys(ctx.workspace)).toEqual(relinkedKeys(ctx.workspace));

    const { productboard: pb, scim, braze, uservoice } = sandbox.state;
    const [pbGone, pbMoved] = pb.users.users();
    pb.users.deleteUser(pbGone!.id);
    expect(pb.users.updateUser(pbMoved!.id, { email: 'pb.moved@x.io', externalId: 'usr_pb_moved' }).ok).toBe(true); // leaves its person
    const [scimGone, scimMoved] = scim.users.users();
    // Two new users, one in each system, one person by their email.
    const joiner = scim.add({ userName: 'joiner@x.io' })!;
    expect(pb.users.createUser({ email: 'JOINER@x.io', externalId: null }).ok).toBe(true);
    scim.users.deleteUser(scimGone!.id);
    expect(scim.users.updateUser(scimMoved!.id, { email: 'scim.moved@x.io' }).ok).toBe(true);
    // A new hire, in SCIM, UserVoice and Braze.
    expect(scim.add({ userName: 'new.hire@x.io', externalId: 'usr_new_hire' })).toBeDefined();
    expect(importExternalUser(uservoice.uv, { id: 'usr_new_hire', email: 'New.Hire@x.io', name: 'New Hire' }).ok).toBe(true);
    expect(braze.users.createUser({ externalId: 'usr_new_hire', email: null }).ok).toBe(true);
    const brazeGone = braze.users.users().find((u) => u.externalId !== 'usr_new_hire')!;
    braze.users.deleteUser(brazeGone.id);

    const again = await pullAll(ctx, { ratePerSecond: 0, full: true });
    expect(again.failed).toEqual([]);
    expect(Object.fromEntries(again.pulls.map((p) => [p.connection, p.vanished]))).toEqual({ pb: 1, scim: 1, uv: 0, braze: 1 });
    expect(storedKeys(ctx.workspace)).toEqual(relinkedKeys(ctx.workspace));
    const { records } = ctx.workspace;
    const personOf = (connection: string, remoteId: string) => {
      const r = records.one(connection, remoteId)!;
      return records.person(r.personKey).map((x) => x.connection).sort();
    };
    expect(personOf('scim', joiner.id)).toEqual(['pb', 'scim']);
    expect(personOf('pb', pbMoved!.id)).toEqual(['pb']);
    const hire = scim.users.byExternalId('usr_new_hire')!.user.id;
    expect(personOf('scim', hire)).toEqual(['braze', 'scim', 'uv']);
    expect(records.one('braze', brazeGone.id)!.vanishedAt).not.toBeNull();
    expect(relink).not.toHaveBeenCalled(); // nothing outside the run wrote records
  }, 60_000);

  it('a write from outside the run — a push here, another process — sends one end back to reading every record, and the ends after it are cheap again', async () => {
    sandbox = await startSandbox({ users: 60, rpm: 0 });
    const { ctx, path } = sandboxWorkspace(sandbox);
    await pullAll(ctx, { ratePerSecond: 0 });
    const relink = vi.spyOn(ctx.workspace.records, 'relinkPersons');
    const { records, connections } = ctx.workspace;
    const pbUser = records.list({ connection: 'pb' }).find((r) => r.externalId)!;
    const brazeUser = records.list({ connection: 'braze' }).find((r) => r.externalId && r.personKey !== pbUser.personKey)!;
    let pushed = false;
    const run = await pullAll(ctx, {
      ratePerSecond: 0,
      full: true,
      // A push mirrors a rename into the Braze copy while the listing kinds page: the Braze user now holds the pb user's id.
      onProgress: (p) => {
        if (pushed || p.connection !== 'uv') return;
        pushed = true;
        ctx.workspace.transaction(() => records.replaceExternalId(connections.byName('braze')!.id, brazeUser.externalId!, pbUser.externalId!));
      },
    });
    expect(run.failed).toEqual([]);
    expect(pushed).toBe(true);
    expect(relink).toHaveBeenCalledTimes(1);
    expect(storedKeys(ctx.workspace)).toEqual(relinkedKeys(ctx.workspace));

    relink.mockClear();
    let written = false;
    const other = await pullAll(ctx, {
      ratePerSecond: 0,
      full: true,
      onProgress: (p) => {
        if (written || p.connection !== 'scim') return;
        written = true;
        const db = new Database(path); // another Rekey process on the same file
        const changed = db
          .prepare('UPDATE records SET email = ?, email_norm = lower(?) WHERE connection_id = ? AND remote_id = ?')
          .run(pbUser.email, pbUser.email, connections.byName('braze')!.id, brazeUser.remoteId).changes;
        expect(changed).toBe(1);
        db.close();
      },
    });
    expect(other.failed).toEqual([]);
    expect(written).toBe(true);
    expect(relink).toHaveBeenCalledTimes(1);
    expect(storedKeys(ctx.workspace)).toEqual(relinkedKeys(ctx.workspace));
  }, 60_000);

  it('reports a connection that fails and still pulls the others', async () => {
    sandbox = await startSandbox({ users: 40, rpm: 0 });
    const { ctx } = sandboxWorkspace(sandbox);
    ctx.workspace.connections.update(ctx.workspace.connections.byName('uv')!.id, { baseUrl: 'http://127.0.0.1:9/' }, 'now');
    const result = await pullAll(ctx, { ratePerSecond: 0 });
    expect(result.pulls.map((p) => p.connection)).toEqual(['pb', 'scim', 'braze']);
    expect(result.failed.map((f) => f.connection)).toEqual(['uv']);
    expect(listConnections(ctx).every((c) => c.pulling === undefined)).toBe(true);
  }, 60_000);

  it('the demo pulls itself on its first start only', async () => {
    sandbox = await startSandbox({ seed: 'demo', users: 60, rpm: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'rekey-demo-'));
    const ctx = createServiceContext(openWorkspace(join(dir, 'demo.rekey')), 'browser', { secrets: envSecrets({}) });
    const env: NodeJS.ProcessEnv = {};
    prepareDemo(ctx, sandbox, env);
    ctx.secrets = envSecrets(env);
    const first = pullDemoOnFirstStart(ctx);
    expect(first).toBeDefined();
    expect(Object.fromEntries(listConnections(ctx).map((c) => [c.name, c.pulling]))).toEqual({ 'demo-productboard': 'running', 'demo-scim': 'running', 'demo-uservoice': 'running', 'demo-braze': 'queued' });
    const result = await first!;
    expect(result.failed).toEqual([]);
    expect(result.pulls.map((p) => p.connection)).toEqual(DEMO_CONNECTIONS.map((c) => c.name));
    expect(listConnections(ctx).every((c) => c.records > 0 && c.lastPull?.status === 'done')).toBe(true);
    expect(pullDemoOnFirstStart(ctx)).toBeUndefined();
    ctx.workspace.close();
  }, 60_000);

  it('rekey pull --all pulls every connection and prints what each pull did; bad use exits 2', async () => {
    sandbox = await startSandbox({ users: 30, rpm: 0 });
    const { ctx, path, env } = sandboxWorkspace(sandbox, { ratePerSecond: 0 });
    ctx.workspace.close();
    // Not spawnSync: the sandbox answers from this process's event loop.
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(process.execPath, [join(repoRoot, 'bin', 'rekey.js'), '--db', path, 'pull', '--all'], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const pulled = run.stdout.split('\n').filter((l) => l.startsWith('Pulled '));
    expect(pulled.map((l) => l.split(' ')[4])).toEqual(['pb', 'scim', 'uv', 'braze']);
    // Each pull also says in words what kind of pull it was.
    expect(run.stdout.match(/^A full pull: /gm)).toHaveLength(4);
    const both = runRekey(['--db', path, 'pull', 'pb', '--all'], { env });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/NAME or --all/);
  }, 60_000);
});
