import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../sandbox/random';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { approveChangeSet, submitChangeSet } from '../services/change-sets';
import { pullConnection } from '../services/pull';
import { stageImport } from '../services/stage-import';
import { stageRenameBatch } from '../services/stage-rename';
import { repoRoot } from '../../test/support/cli';
import { sandboxWorkspace } from '../../test/support/sandbox-workspace';
import { openWorkspace } from '../store/workspace';

let sandbox: Sandbox | undefined;
afterAll(() => sandbox?.close());

/**
 * Runs `rekey push ID` in a real child process and kills it with SIGKILL once the sandbox
 * has answered `killAfterRequests` more requests (then a few random milliseconds on, so the
 * kill lands before, during or after the push records an answer), unless it ends first.
 * Counted in requests, not in time: a faster CLI or machine must not let the push finish
 * before it is killed (the test would prove nothing). undefined: never killed.
 */
function pushChild(path: string, env: Record<string, string>, id: number, requests: () => number, killAfterRequests: number | undefined, random: () => number): Promise<'killed' | number | string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'rekey.js'), '--db', path, 'push', String(id)], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    // Kept so that a push that fails (rather than being killed) says why.
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const from = requests();
    const timers: NodeJS.Timeout[] = [setTimeout(() => child.kill('SIGKILL'), 120_000)];
    if (killAfterRequests !== undefined) {
      const watch = setInterval(() => {
        if (requests() - from < killAfterRequests) return;
        clearInterval(watch);
        timers.push(setTimeout(() => child.kill('SIGKILL'), Math.floor(random() * 15)));
      }, 1);
      timers.push(watch);
    }
    child.once('close', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      resolve(signal === 'SIGKILL' ? 'killed' : code === 0 ? 0 : `${code ?? signal}: ${stderr.trim()}`);
    });
  });
}

describe('push survives SIGKILL (issue 8)', () => {
  it('2,000 renames and 2,000 imports, killed at 20 random moments: remote as planned, every operation applied exactly once', async () => {
    sandbox = await startSandbox({ users: 2_100, rpm: 0 });
    // The sandbox runs with limits off, so the connections are told not to pace either.
    const { ctx, path, env } = sandboxWorkspace(sandbox, { ratePerSecond: 0 });
    await pullConnection(ctx, 'pb', { ratePerSecond: 0 });
    await pullConnection(ctx, 'braze', { ratePerSecond: 0 });

    // 2,000 renames: usr_N → acct_N, with two swaps among them.
    const renames = Array.from({ length: 1_996 }, (_, n) => ({ current_external_id: `usr_${10000 + n}`, new_external_id: `acct_${10000 + n}` }));
    renames.push(
      { current_external_id: 'usr_12000', new_external_id: 'usr_12001' },
      { current_external_id: 'usr_12001', new_external_id: 'usr_12000' },
      { current_external_id: 'usr_12002', new_external_id: 'usr_12003' },
      { current_external_id: 'usr_12003', new_external_id: 'usr_12002' },
    );
    const renameSet = stageRenameBatch(ctx, { connection: 'braze', renames, source: 'kill-test' });
    const imports = Array.from({ length: 2_000 }, (_, n) => ({ line: n + 2, email: `new${n}@import.example`, externalId: `imp_${n}`, name: `Imported ${n}`, company: null }));
    const importSet = stageImport(ctx, { connection: 'pb', rows: imports, mode: 'strict', source: 'kill-test' });
    for (const cs of [renameSet, importSet]) {
      submitChangeSet(ctx, cs.id);
      approveChangeSet(ctx, cs.id, { approveRemaining: true });
    }
    ctx.workspace.close();

    const random = seededRandom(2026);
    let kills = 0;
    for (const id of [renameSet.id, importSet.id]) {
      for (let attempt = 0; attempt < 60; attempt++) {
        const outcome = await pushChild(path, env, id, () => sandbox!.log.size, kills < 20 ? 1 + Math.floor(random() * 5) : undefined, random);
        if (outcome === 'killed') kills++;
        else if (outcome === 0) break;
        else throw new Error(`rekey push ${id} exited with ${outcome}`);
      }
    }
    expect(kills).toBe(20);

    const ws = openWorkspace(path);
    expect(ws.changeSets.get(renameSet.id)!.state).toBe('applied');
    expect(ws.changeSets.get(importSet.id)!.state).toBe('applied');
    ws.close();

    // Remote state exactly as planned.
    const braze = sandbox.state.braze.users;
    for (let n = 0; n < 1_996; n++) {
      const user = braze.byExternalId(`acct_${10000 + n}`)!.user;
      expect(user.externalId).toBe(`acct_${10000 + n}`);
      expect(user.deprecatedExternalIds).toContain(`usr_${10000 + n}`);
    }
    expect(braze.byExternalId('usr_12000')!.user.email).toContain('2001@'); // person 2001 held usr_12001
    expect(braze.byExternalId('usr_12001')!.user.email).toContain('2000@');
    const pb = sandbox.state.productboard.users;
    for (const row of imports) expect(pb.byExternalId(row.externalId)?.user.email).toBe(row.email);

    // Every operation applied exactly once, whatever the kills interrupted.
    const applied = sandbox.log.applied();
    const counts = [...applied].filter(([op]) => op.startsWith('braze rename') || op.startsWith('braze remove') || op.startsWith('productboard user.create'));
    expect(counts.length).toBe(1_996 + 2 * 6 + 2_000);
    expect(counts.filter(([, n]) => n !== 1)).toEqual([]);
  }, 240_000);

  it('SCIM and Braze-style imports, a real rekey push killed at 8 random moments: every create applied exactly once, read back', async () => {
    const own = await startSandbox({ users: 50, rpm: 0 });
    try {
      const { ctx, path, env } = sandboxWorkspace(own, { ratePerSecond: 0 });
      await pullConnection(ctx, 'scim', { ratePerSecond: 0 });
      const scimRows = Array.from({ length: 600 }, (_, n) => ({ line: n + 2, email: `kill${n}@scim.example`, externalId: `scim-kill-${n}`, name: `Kill ${n}`, company: null }));
      const brazeRows = Array.from({ length: 1_500 }, (_, n) => ({ line: n + 2, email: `kill${n}@braze.example`, externalId: `trk_kill_${n}`, name: `Kill ${n}`, company: null }));
      const sets = [stageImport(ctx, { connection: 'scim', rows: scimRows, mode: 'strict', source: 'kill-scim' }), stageImport(ctx, { connection: 'braze', rows: brazeRows, mode: 'strict', source: 'kill-braze' })];
      for (const cs of sets) {
        submitChangeSet(ctx, cs.id);
        approveChangeSet(ctx, cs.id, { approveRemaining: true });
      }
      ctx.workspace.close();

      const random = seededRandom(19);
      let kills = 0;
      for (const cs of sets) {
        // Four kills each: a Braze-style push is 20 requests, a SCIM push 600.
        let killsHere = 0;
        for (let attempt = 0; attempt < 40; attempt++) {
          const outcome = await pushChild(path, env, cs.id, () => own.log.size, killsHere < 4 ? 1 + Math.floor(random() * 4) : undefined, random);
          if (outcome === 'killed') {
            kills++;
            killsHere++;
          }
          else if (outcome === 0) break;
          else throw new Error(`rekey push ${cs.id} exited with ${outcome}`);
        }
      }
      expect(kills).toBe(8);
      const ws = openWorkspace(path);
      expect(sets.map((cs) => ws.changeSets.get(cs.id)!.state)).toEqual(['applied', 'applied']);
      ws.close();

      for (const row of scimRows) expect(own.state.scim.users.byExternalId(row.externalId)?.user.email).toBe(row.email);
      for (const row of brazeRows) expect(own.state.braze.users.byExternalId(row.externalId)?.user.email).toBe(row.email);
      const applied = [...own.log.applied()].filter(([op]) => op.startsWith('scim user.create kill') || op.startsWith('braze track trk_kill_'));
      expect(applied.length).toBe(600 + 1_500);
      expect(applied.filter(([, n]) => n !== 1)).toEqual([]);
    } finally {
      await own.close();
    }
  }, 240_000);
});
