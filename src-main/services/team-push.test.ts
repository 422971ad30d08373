import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxWorkspace } from '../../test/support/sandbox-workspace';
import { isRekeyError } from '../../src-shared/errors';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { openWorkspace } from '../store/workspace';
import { inviteMember } from '../team/members';
import { releaseLease, takeLease } from '../team/team-http';
import { startTeamServer, type RunningTeamServer } from '../team/team-server';
import { createServiceContext, type ServiceContext } from './context';
import { pullConnection } from './pull';
import { stageRenameBatch } from './stage-rename';
import { decideInTeam, joinTeam, shareChangeSet, teamView } from './team';
import { pushSharedChangeSet } from './team-push';
import { syncOnce } from './team-session';

let sandbox: Sandbox | undefined;
let server: RunningTeamServer | undefined;
const open: ServiceContext[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) c.workspace.close();
  await server?.close();
  await sandbox?.close();
});

describe('pushing a shared change set', () => {
  it('waits for the team’s approval, takes the lease, pushes and publishes each row’s result', { timeout: 60_000 }, async () => {
    sandbox = await startSandbox({ users: 60, rpm: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'rekey-team-push-'));
    const dataDir = join(dir, 'server');
    process.env.TP_ANN = inviteMember(dataDir, 'ann').token;
    process.env.TP_BOB = inviteMember(dataDir, 'bob').token;
    server = await startTeamServer({ port: 0, host: '127.0.0.1', dataDir });

    const { ctx: ann } = sandboxWorkspace(sandbox, { ratePerSecond: 0 });
    open.push(ann);
    for (const name of ['pb', 'scim', 'uv', 'braze']) await pullConnection(ann, name);
    joinTeam(ann, { url: server.url, member: 'ann', tokenEnv: 'TP_ANN' });
    const bob = createServiceContext(openWorkspace(join(dir, 'bob.rekey')), 'cli');
    open.push(bob);
    joinTeam(bob, { url: server.url, member: 'bob', tokenEnv: 'TP_BOB' });

    const cs = stageRenameBatch(ann, { connection: 'braze', renames: [{ current_external_id: 'usr_10000', new_external_id: 'acct_1' }, { current_external_id: 'usr_10001', new_external_id: 'acct_2' }], source: 'r.csv' });
    const { key } = shareChangeSet(ann, cs.id);
    // The author's own approval does not count under the default policy.
    decideInTeam(ann, key, [{ idx: 0, verdict: 'approve' }, { idx: 1, verdict: 'approve' }]);
    const refused = await pushSharedChangeSet(ann, cs.id).catch((e: unknown) => e);
    expect(isRekeyError(refused) && refused.code).toBe('team_not_approved');

    await syncOnce(bob);
    decideInTeam(bob, key, [{ idx: 0, verdict: 'approve' }, { idx: 1, verdict: 'approve' }]);
    await syncOnce(bob);

    // Another member holding the lease stops the push, naming them.
    expect((await takeLease(server.url, process.env.TP_BOB, key)).granted).toBe(true);
    const held = await pushSharedChangeSet(ann, cs.id).catch((e: unknown) => e);
    expect(isRekeyError(held) && held.message).toMatch(/being pushed by bob since \d{4}-/);
    await releaseLease(server.url, process.env.TP_BOB, key);

    const result = await pushSharedChangeSet(ann, cs.id);
    expect(result.state).toBe('applied');
    await syncOnce(bob);
    expect(teamView(bob, key).review.rows.map((r) => r.result?.result)).toEqual(['applied', 'applied']);
    expect(teamView(bob, key).review.rows[0]!.result?.by).toBe('ann');
  });
});
