import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox';
import { approveChangeSet, submitChangeSet } from '../../services/change-sets';
import { createServiceContext } from '../../services/context';
import { stageRenameBatch } from '../../services/stage-rename';
import { openWorkspace } from '../../store/workspace';
import { runRekeyAsync } from '../../../test/support/cli';
import { sandboxForCli } from '../../../test/support/sandbox-workspace';

let sandbox: Sandbox;
let path: string;
let env: Record<string, string>;
let next = 0;

/** A staged, approved batch of 3 renames to the Braze-style sandbox, not pushed yet. */
function approvedRenames(): number {
  const ctx = createServiceContext(openWorkspace(path), 'cli');
  const renames = [0, 1, 2].map((n) => ({ current_external_id: `usr_${10000 + next + n}`, new_external_id: `acct_${10000 + next + n}` }));
  next += 3;
  const cs = stageRenameBatch(ctx, { connection: 'braze', renames, source: 'push-test' });
  submitChangeSet(ctx, cs.id);
  approveChangeSet(ctx, cs.id, { approveRemaining: true });
  ctx.workspace.close();
  return cs.id;
}

beforeAll(async () => {
  // A Braze-style API cannot list its users: its pull looks up the ids Productboard knows.
  ({ sandbox, path, env } = await sandboxForCli({ users: 200, pull: ['pb', 'braze'] }));
});
afterAll(() => sandbox.close());

describe('rekey push', () => {
  it('on a change set already applied: exits 0 and prints the report of its push, sending nothing', async () => {
    const id = approvedRenames();
    const first = await runRekeyAsync(['--db', path, '--json', 'push', String(id)], { env });
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ id, state: 'applied', applied: 3, sent: 1, requests: 1 });
    const before = sandbox.log.size;

    const again = await runRekeyAsync(['--db', path, '--json', 'push', String(id)], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(report);
    expect(sandbox.log.size).toBe(before);

    const human = await runRekeyAsync(['--db', path, 'push', String(id)], { env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Change set #\d+ applied: 3 applied, 0 failed/);
  }, 60_000);

  it('refuses a second push of a change set another live process is pushing, naming its pid; takes over from a dead one', async () => {
    const id = approvedRenames();
    // This test process plays the holder: it is alive, on this host.
    let ws = openWorkspace(path);
    ws.transaction(() => ws.pushLeases.put({ changeSetId: id, holderPid: process.pid, holderHost: hostname(), takenAt: new Date().toISOString() }));
    ws.close();
    const refused = await runRekeyAsync(['--db', path, 'push', String(id)], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`already being pushed by the Rekey process with pid ${process.pid}`);
    ws = openWorkspace(path);
    expect(ws.changeSets.get(id)!.state).toBe('approved');

    // A holder that died (a process that has exited) leaves a lease that is taken over.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    ws.transaction(() => ws.pushLeases.put({ changeSetId: id, holderPid: dead, holderHost: hostname(), takenAt: new Date().toISOString() }));
    ws.close();
    const pushed = await runRekeyAsync(['--db', path, '--json', 'push', String(id)], { env });
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(JSON.parse(pushed.stdout)).toMatchObject({ id, state: 'applied', applied: 3 });
    ws = openWorkspace(path);
    expect(ws.pushLeases.get(id)).toBeUndefined(); // given back at the end
    ws.close();
  }, 60_000);
});
