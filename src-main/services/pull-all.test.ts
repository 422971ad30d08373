import { afterEach, describe, expect, it } from 'vitest';
import type { PullProgress } from '../../src-shared/contract/events';
import type { Connection } from '../../src-shared/model/connection';
import { execFile } from 'node:child_process';
import { repoRoot, runRekey } from '../../test/support/cli';
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
