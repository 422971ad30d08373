import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stageChangeSet } from '../services/change-sets';
import { createServiceContext, type ServiceContext } from '../services/context';
import { decideInTeam, joinTeam, shareChangeSet, teamStatus, teamView } from '../services/team';
import { syncOnce, teamDocs } from '../services/team-session';
import { TEAM_SERVER_FILE } from '../store/team-server/open-team-server-store';
import { openWorkspace } from '../store/workspace';
import { inviteMember } from './members';
import { SyncRoom } from './sync-room';
import { activeLeases, releaseLease, takeLease } from './team-http';
import { startTeamServer, type RunningTeamServer } from './team-server';

let redis: ChildProcess | undefined;
const servers: RunningTeamServer[] = [];
const open: ServiceContext[] = [];
const rooms: SyncRoom[] = [];
afterEach(async () => {
  for (const r of rooms.splice(0)) r.close();
  for (const c of open.splice(0)) c.workspace.close();
  for (const s of servers.splice(0)) await s.close();
  redis?.kill('SIGTERM');
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Debian's redis-server on loopback, no persistence, gone with the test. */
async function startRedis(dir: string): Promise<string> {
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10_000);
    redis!.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return `redis://127.0.0.1:${port}`;
}

describe('two team servers behind Redis', () => {
  it('bring a member on each to the same state', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-team-redis-'));
    const redisUrl = await startRedis(dir);
    // Each instance keeps its own store (as on two machines) with the same members;
    // the documents can only travel between them through Redis.
    const [one, two] = [join(dir, 'one'), join(dir, 'two')];
    process.env.RD_ANN = inviteMember(one, 'ann').token;
    process.env.RD_BOB = inviteMember(one, 'bob').token;
    mkdirSync(two);
    copyFileSync(join(one, TEAM_SERVER_FILE), join(two, TEAM_SERVER_FILE));
    const a = await startTeamServer({ port: 0, host: '127.0.0.1', dataDir: one, redisUrl });
    const b = await startTeamServer({ port: 0, host: '127.0.0.1', dataDir: two, redisUrl });
    servers.push(a, b);

    const ann = createServiceContext(openWorkspace(join(dir, 'ann.rekey')), 'cli');
    const bob = createServiceContext(openWorkspace(join(dir, 'bob.rekey')), 'cli');
    open.push(ann, bob);
    joinTeam(ann, { url: a.url, member: 'ann', tokenEnv: 'RD_ANN' });
    joinTeam(bob, { url: b.url, member: 'bob', tokenEnv: 'RD_BOB' });
    const connectionId = ann.workspace.connections.add({ name: 'braze', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
    const cs = stageChangeSet(ann, { kind: 'rename', connectionId, title: 'batch', plan: {} }, [
      { payload: { current_external_id: 'a', new_external_id: 'b' }, plan: { action: 'rename' } },
      { payload: { current_external_id: 'c', new_external_id: 'd' }, plan: { action: 'rename' } },
    ]);
    const { key } = shareChangeSet(ann, cs.id);
    // Ann stays connected to her instance, as the app does.
    const room = new SyncRoom(ann.workspace, teamDocs(ann), { serverUrl: a.url, token: process.env.RD_ANN, member: 'ann' });
    rooms.push(room);
    await room.whenSettled(10_000);
    // Bob's instance learns the documents through Redis a moment after loading them empty.
    const deadline = Date.now() + 20_000;
    do await syncOnce(bob);
    while (teamStatus(bob).changeSets.length === 0 && Date.now() < deadline);
    expect(teamStatus(bob).changeSets.map((c) => c.key)).toEqual([key]);
    while (teamView(bob, key).review.rows.length < 2 && Date.now() < deadline) await syncOnce(bob);
    decideInTeam(bob, key, [{ idx: 0, verdict: 'approve' }, { idx: 1, verdict: 'reject', comment: 'not this one' }]);
    await syncOnce(bob);
    while (teamView(ann, key).review.counts.pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await room.whenSettled(10_000);
    expect(teamStatus(ann).stateHash).toBe(teamStatus(bob).stateHash);
    expect(teamView(ann, key).review.rows.map((r) => r.status)).toEqual(['approved', 'rejected']);
  });

  it('grant a push lease once across both instances', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-team-redis-'));
    const redisUrl = await startRedis(dir);
    const [one, two] = [join(dir, 'one'), join(dir, 'two')];
    const ann = inviteMember(one, 'ann').token;
    const bob = inviteMember(one, 'bob').token;
    mkdirSync(two);
    copyFileSync(join(one, TEAM_SERVER_FILE), join(two, TEAM_SERVER_FILE));
    const a = await startTeamServer({ port: 0, host: '127.0.0.1', dataDir: one, redisUrl, leaseMs: 1500 });
    const b = await startTeamServer({ port: 0, host: '127.0.0.1', dataDir: two, redisUrl, leaseMs: 1500 });
    servers.push(a, b);

    const first = await takeLease(a.url, ann, 'ann-1');
    expect(first.granted).toBe(true);
    // Each instance has its own store: only Redis can tell b that ann holds the lease.
    const second = await takeLease(b.url, bob, 'ann-1');
    expect(second).toMatchObject({ granted: false, lease: { member: 'ann', since: first.lease.since } });
    expect((await activeLeases(b.url, bob)).map((l) => l.member)).toEqual(['ann']);
    // Renewing keeps the holder's start; someone else's release does nothing.
    expect((await takeLease(b.url, ann, 'ann-1')).lease.since).toBe(first.lease.since);
    await releaseLease(b.url, bob, 'ann-1');
    expect((await takeLease(a.url, bob, 'ann-1')).granted).toBe(false);
    await releaseLease(b.url, ann, 'ann-1');
    expect((await takeLease(a.url, bob, 'ann-1')).granted).toBe(true);
    // A vanished holder's lease runs out and can be taken over.
    await new Promise((r) => setTimeout(r, 1700));
    expect((await takeLease(b.url, ann, 'ann-1')).granted).toBe(true);
  });
});
