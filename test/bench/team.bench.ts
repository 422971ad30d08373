import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changeSetDocName, rowMemberKey } from '../../src-shared/team/change-set-doc';
import { stageChangeSet } from '../../src-main/services/change-sets';
import { createServiceContext, type ServiceContext } from '../../src-main/services/context';
import { decideInTeam, joinTeam, shareChangeSet, teamView } from '../../src-main/services/team';
import { syncOnce, teamDocs } from '../../src-main/services/team-session';
import { openWorkspace } from '../../src-main/store/workspace';
import { inviteMember } from '../../src-main/team/members';
import { SyncRoom } from '../../src-main/team/sync-room';
import { startTeamServer } from '../../src-main/team/team-server';
import { emitBenchRow, peakRssMiB } from './bench-row';

/**
 * Issue 20: a decision's latency from one member to another on loopback (each side's
 * workspace write included: the decision is stored as a Yjs update before it is sent,
 * and stored again on arrival), and the first sync of a 10,000-row change set to a
 * member who just joined. Both members run in this process, each with its own
 * workspace and WebSocket, through one team server on 127.0.0.1.
 */
const dir = mkdtempSync(join(tmpdir(), 'rekey-team-bench-'));
const dataDir = join(dir, 'server');
for (const name of ['ann', 'bob', 'cat']) process.env[`BENCH_TEAM_${name}`] = inviteMember(dataDir, name).token;
const server = await startTeamServer({ port: 0, host: '127.0.0.1', dataDir });

function member(name: string): ServiceContext {
  const ctx = createServiceContext(openWorkspace(join(dir, `${name}.rekey`)), 'cli');
  joinTeam(ctx, { url: server.url, member: name, tokenEnv: `BENCH_TEAM_${name}` });
  return ctx;
}

function stage(ctx: ServiceContext, rows: number): number {
  const connectionId = ctx.workspace.connections.list().find((c) => c.name === 'braze')?.id ?? ctx.workspace.connections.add({ name: 'braze', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
  return stageChangeSet(
    ctx,
    { kind: 'rename', connectionId, title: `${rows} renames`, plan: {} },
    Array.from({ length: rows }, (_, i) => ({ payload: { current_external_id: `legacy-${i}`, new_external_id: `usr_${i}` }, plan: { action: 'rename', user: `u${i}` } })),
  ).id;
}

const ann = member('ann');
const bob = member('bob');

// 1. Decision latency: Ann decides one row at a time; the clock stops when Bob's workspace has it.
const DECISIONS = 200;
const { key } = shareChangeSet(ann, stage(ann, DECISIONS));
await syncOnce(ann);
await syncOnce(bob);
const rooms = [ann, bob].map((ctx, i) => new SyncRoom(ctx.workspace, teamDocs(ctx), { serverUrl: server.url, token: process.env[`BENCH_TEAM_${['ann', 'bob'][i]}`]!, member: ['ann', 'bob'][i]! }));
for (const room of rooms) await room.whenSettled(10_000);
const bobDecisions = teamDocs(bob).doc(changeSetDocName(key)).getMap('decisions');
const latencies: number[] = [];
for (let idx = 0; idx < DECISIONS; idx++) {
  const arrived = new Promise<void>((resolve) => {
    const watch = () => {
      if (!bobDecisions.has(rowMemberKey(idx, 'ann'))) return;
      bobDecisions.unobserve(watch);
      resolve();
    };
    bobDecisions.observe(watch);
  });
  const start = process.hrtime.bigint();
  decideInTeam(ann, key, [{ idx, verdict: idx % 7 === 0 ? 'reject' : 'approve' }]);
  await Promise.race([arrived, new Promise((_, reject) => setTimeout(() => reject(new Error(`decision ${idx} did not arrive in 10 s`)), 10_000))]);
  latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
}
for (const room of rooms) room.close();
latencies.sort((a, b) => a - b);
const p95 = Math.round(latencies[Math.floor(latencies.length * 0.95)]! * 10) / 10;
emitBenchRow({
  suite: 'team',
  name: `decision latency member → member, loopback, p95 of ${DECISIONS} (median ${Math.round(latencies[latencies.length >> 1]! * 10) / 10} ms)`,
  value: p95,
  unit: 'ms',
  goal: { text: '≤ 100 ms', met: p95 <= 100 },
});

// 2. First sync of a 10,000-row change set to a member who has just joined.
const ROWS = 10_000;
const big = shareChangeSet(ann, stage(ann, ROWS));
await syncOnce(ann);
const cat = member('cat');
const start = process.hrtime.bigint();
await syncOnce(cat, 60_000);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const seen = teamView(cat, big.key).review.rows.length;
if (seen !== ROWS) throw new Error(`the new member received ${seen} rows of ${ROWS}`);
emitBenchRow({
  suite: 'team',
  name: `first sync of a ${ROWS.toLocaleString('en-US')}-row change set to a new member (stored in its workspace)`,
  value: Math.round(seconds * 1000) / 1000,
  unit: 's',
  peakRssMiB: peakRssMiB(),
  goal: { text: '≤ 2 s', met: seconds <= 2 },
});

for (const ctx of [ann, bob, cat]) ctx.workspace.close();
await server.close();
