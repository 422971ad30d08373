import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runRekey } from '../../../test/support/cli';
import { stageChangeSet } from '../../services/change-sets';
import { createServiceContext } from '../../services/context';
import { joinTeam, shareChangeSet, teamView } from '../../services/team';
import { syncOnce } from '../../services/team-session';
import { openWorkspace } from '../../store/workspace';

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGTERM');
});

/** `rekey team serve` as a user runs it; resolves with its ready line. */
async function serve(dataDir: string): Promise<{ url: string }> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'rekey.js'), 'team', 'serve', '--port', '0', '--data', dataDir], { cwd: repoRoot });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`team serve exited ${code}`)));
  });
  return JSON.parse(line) as { url: string };
}

describe('rekey team', () => {
  it('invites, joins, reviews, syncs, reports status and leaves from the command line', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-team-cli-'));
    const dataDir = join(dir, 'server');
    const invited = runRekey(['team', 'invite', 'ann', '--data', dataDir, '--json']);
    expect(invited.code).toBe(0);
    const annToken = (JSON.parse(invited.stdout) as { token: string }).token;
    const bobToken = (JSON.parse(runRekey(['team', 'invite', 'bob', '--data', dataDir, '--json']).stdout) as { token: string }).token;
    const { url } = await serve(dataDir);
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);

    // Ann (in process) shares a change set.
    process.env.CLI_ANN = annToken;
    const ann = createServiceContext(openWorkspace(join(dir, 'ann.rekey')), 'cli');
    const connectionId = ann.workspace.connections.add({ name: 'braze', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
    const cs = stageChangeSet(ann, { kind: 'rename', connectionId, title: 'batch', plan: {} }, [
      { payload: { current_external_id: 'a', new_external_id: 'b' }, plan: { action: 'rename' } },
    ]);
    joinTeam(ann, { url, member: 'ann', tokenEnv: 'CLI_ANN' });
    const { key } = shareChangeSet(ann, cs.id);
    await syncOnce(ann);

    // Bob on the command line.
    const db = join(dir, 'bob.rekey');
    const env = { BOB_TOKEN: bobToken };
    expect(runRekey(['team', 'join', 'http://x', '--member', 'bob', '--token-env', 'BOB_TOKEN', '--db', db], { env }).code).toBe(2);
    const refused = runRekey(['team', 'join', url, '--member', 'bob', '--token-env', 'BOB_TOKEN', '--db', db], { env: { BOB_TOKEN: 'rkt_wrong' } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused the member token');
    const joined = runRekey(['team', 'join', url, '--member', 'bob', '--token-env', 'BOB_TOKEN', '--db', db, '--json'], { env });
    expect(joined.code, joined.stderr).toBe(0);
    expect(JSON.parse(joined.stdout)).toMatchObject({ member: 'bob', server: url, changeSets: [{ key, rows: 1 }] });
    const reviewed = runRekey(['team', 'review', key, '--row', '0', '--approve', '--comment', 'fine', '--db', db], { env });
    expect(reviewed.code, reviewed.stderr).toBe(0);
    const pending = JSON.parse(runRekey(['team', 'status', '--json', '--db', db], { env }).stdout) as { pendingUpdates: number };
    expect(pending.pendingUpdates).toBeGreaterThan(0);
    const synced = JSON.parse(runRekey(['team', 'sync', '--json', '--db', db], { env }).stdout) as { pendingUpdates: number; stateHash: string; lastSyncAt: string };
    expect(synced.pendingUpdates).toBe(0);
    expect(synced.lastSyncAt).toBeTruthy();

    await syncOnce(ann);
    expect(teamView(ann, key).review.approvable).toBe(true);
    expect(synced.stateHash).toBe(JSON.parse(runRekey(['team', 'status', '--json', '--db', db], { env }).stdout).stateHash);
    ann.workspace.close();

    expect(runRekey(['team', 'leave', '--db', db]).code).toBe(0);
    expect(runRekey(['team', 'status', '--db', db]).code).toBe(2);
    expect(runRekey(['team', 'revoke', 'nobody', '--data', dataDir]).code).toBe(2);
  });
});
