import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isRekeyError } from '../../src-shared/errors';
import { decideInDoc } from '../../src-shared/team/change-set-doc';
import { stageChangeSet } from '../services/change-sets';
import { createServiceContext, type ServiceContext } from '../services/context';
import { decideInTeam, joinTeam, leaveTeam, shareChangeSet, teamStatus, teamView } from '../services/team';
import { envSecrets } from '../services/secrets';
import { syncOnce, teamDocs } from '../services/team-session';
import { openWorkspace } from '../store/workspace';
import { inviteMember, revokeMember } from './members';
import { SyncRoom } from './sync-room';
import { startTeamServer, type RunningTeamServer } from './team-server';

const CONNECTION_TOKEN = 'braze-secret-token-do-not-share-7f3a';
const servers: RunningTeamServer[] = [];
const contexts: ServiceContext[] = [];

afterEach(async () => {
  for (const c of contexts.splice(0)) c.workspace.close();
  for (const s of servers.splice(0)) await s.close();
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function serve(dataDir: string, port = 0): Promise<RunningTeamServer> {
  const s = await startTeamServer({ port, host: '127.0.0.1', dataDir });
  servers.push(s);
  return s;
}

function member(dir: string, name: string, url: string, token: string): ServiceContext {
  const env = `TEAM_TOKEN_${name.toUpperCase()}`;
  process.env[env] = token;
  const ctx = open(join(dir, `${name}.rekey`));
  joinTeam(ctx, { url, member: name, tokenEnv: env });
  return ctx;
}

function open(path: string): ServiceContext {
  const ctx = createServiceContext(openWorkspace(path), 'cli');
  contexts.push(ctx);
  return ctx;
}

function reopen(ctx: ServiceContext): ServiceContext {
  ctx.workspace.close();
  contexts.splice(contexts.indexOf(ctx), 1);
  return open(ctx.workspace.path);
}

function stageRenames(ctx: ServiceContext, n: number): number {
  const connectionId = ctx.workspace.connections.add({ name: 'braze', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'BRAZE_T' }, 'now').id;
  process.env.BRAZE_T = CONNECTION_TOKEN;
  return stageChangeSet(
    ctx,
    { kind: 'rename', connectionId, title: 'legacy → usr', windowDays: 30, plan: { swaps: [] } },
    Array.from({ length: n }, (_, i) => ({ payload: { current_external_id: `legacy-${i}`, new_external_id: `usr_${i}` }, plan: { action: 'rename' } })),
  ).id;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isRekeyError(e)) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('team workspace over a Hocuspocus server', () => {
  it('shares a change set, converges decisions, and keeps offline decisions through restarts', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-team-'));
    const dataDir = join(dir, 'server');
    const tokens = Object.fromEntries(['ann', 'bob', 'cat'].map((n) => [n, inviteMember(dataDir, n).token]));
    const port = await freePort();
    let server = await serve(dataDir, port);
    let ann = member(dir, 'ann', server.url, tokens.ann!);
    let bob = member(dir, 'bob', server.url, tokens.bob!);
    let cat = member(dir, 'cat', server.url, tokens.cat!);

    const id = stageRenames(ann, 4);
    const { key } = shareChangeSet(ann, id);
    await syncOnce(ann);
    await syncOnce(bob);
    expect(teamView(bob, key).review.rows).toHaveLength(4);
    decideInTeam(bob, key, [{ idx: 3, verdict: 'approve', comment: 'looks right' }]);
    await syncOnce(bob);
    await syncOnce(ann);
    expect(teamView(ann, key).review.rows[3]!.status).toBe('approved');
    expect(teamView(ann, key).review.rows[3]!.comments.map((c) => c.text)).toEqual(['looks right']);

    // Offline: the server stops, two members decide row 0 differently, the apps restart.
    await server.close();
    servers.splice(0);
    expect(await refusal(syncOnce(cat, 500))).toBe('team_unreachable'); // cat has not seen the change set yet
    decideInTeam(bob, key, [{ idx: 0, verdict: 'approve' }, { idx: 1, verdict: 'approve' }]);
    bob = reopen(bob);
    ann = reopen(ann);
    expect(await refusal(syncOnce(bob, 1500))).toBe('team_unreachable');
    expect(teamStatus(bob).pendingUpdates).toBeGreaterThan(0);
    server = await serve(dataDir, port);
    await syncOnce(cat);
    decideInTeam(cat, key, [{ idx: 0, verdict: 'reject', comment: 'wrong person' }, { idx: 2, verdict: 'approve' }]);
    await server.close();
    servers.splice(0);
    cat = reopen(cat);

    server = await serve(dataDir, port);
    for (const ctx of [bob, cat, ann, bob, cat]) await syncOnce(ctx);
    const [a, b, c] = [teamStatus(ann), teamStatus(bob), teamStatus(cat)];
    expect(b.stateHash).toBe(a.stateHash);
    expect(c.stateHash).toBe(a.stateHash);
    expect(a.conflicts).toEqual([{ changeSet: key, idx: 0, approvedBy: ['bob'], rejectedBy: ['cat'] }]);
    expect(b.conflicts).toEqual(a.conflicts);
    expect(a.pendingUpdates + b.pendingUpdates + c.pendingUpdates).toBe(0);
    const statuses = teamView(ann, key).review.rows.map((r) => r.status);
    expect(statuses).toEqual(['conflict', 'approved', 'approved', 'approved']);
    expect(teamView(ann, key).review.approvable).toBe(false);

    // Neither the server's files nor any shared update holds a member or connection token.
    const secrets = [CONNECTION_TOKEN, ...Object.values(tokens)];
    for (const file of readdirSync(dataDir)) {
      const bytes = readFileSync(join(dataDir, file)).toString('latin1');
      for (const s of secrets) expect(bytes.includes(s), `${file} holds a token`).toBe(false);
    }
    for (const ctx of [ann, bob, cat]) {
      for (const file of readdirSync(dir).filter((f) => f.startsWith(`${ctx.workspace.path.split('/').at(-1)}`) && !f.endsWith('.lock'))) {
        const bytes = readFileSync(join(dir, file)).toString('latin1');
        for (const s of Object.values(tokens)) expect(bytes.includes(s), `${file} holds a member token`).toBe(false);
      }
      for (const name of ctx.workspace.team.docNames()) {
        for (const u of ctx.workspace.team.updates(name)) {
          const text = Buffer.from(u.data).toString('latin1');
          for (const s of secrets) expect(text.includes(s)).toBe(false);
        }
      }
    }
  });

  it("refuses a member's update that decides in another member's name, and keeps the others in sync", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-team-'));
    const dataDir = join(dir, 'server');
    const tokens = Object.fromEntries(['ann', 'bob'].map((n) => [n, inviteMember(dataDir, n).token]));
    const server = await serve(dataDir);
    const ann = member(dir, 'ann', server.url, tokens.ann!);
    const bob = member(dir, 'bob', server.url, tokens.bob!);
    const { key } = shareChangeSet(ann, stageRenames(ann, 2));
    await syncOnce(ann);
    await syncOnce(bob);

    // Bob's client writes straight into the shared doc, as a modified client could.
    decideInDoc(teamDocs(bob).changeSet(key), { idx: 0, member: 'ann', verdict: 'approve', planHash: teamView(bob, key).review.rows[0]!.planHash, at: new Date().toISOString() });
    expect(await refusal(syncOnce(bob, 3000))).toBe('team_unreachable');
    await syncOnce(ann);
    expect(teamView(ann, key).review.rows[0]!.status).not.toBe('approved');
    const fresh = member(dir, 'ann2', server.url, inviteMember(dataDir, 'ann2').token);
    await syncOnce(fresh);
    expect(teamView(fresh, key).review.rows.every((r) => r.current.length + r.stale.length === 0)).toBe(true);

    // Ann's own decisions still go through.
    decideInTeam(ann, key, [{ idx: 1, verdict: 'approve' }]);
    await syncOnce(ann);
    await syncOnce(fresh);
    expect(teamView(fresh, key).review.rows[1]!.current.map((d) => d.member)).toEqual(['ann']);
  });

  it('closes a room that is still connecting without an unhandled socket error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-team-'));
    const dataDir = join(dir, 'server');
    const { token } = inviteMember(dataDir, 'fay');
    const server = await serve(dataDir);
    const fay = member(dir, 'fay', server.url, token);
    for (let i = 0; i < 5; i++) new SyncRoom(fay.workspace, teamDocs(fay), { serverUrl: server.url, token, member: 'fay' }).close();
    await new Promise((r) => setTimeout(r, 300));
    await syncOnce(fay, 5000);
  });

  it('keeps a token typed into the desktop app in its keychain, and forgets it on leaving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-team-'));
    const dataDir = join(dir, 'server');
    const { token } = inviteMember(dataDir, 'gus');
    const server = await serve(dataDir);
    const kept = new Map<string, string>();
    const vault = { save: (ref: string, t: string) => void kept.set(ref, t), read: (ref: string) => kept.get(ref), forget: (ref: string) => void kept.delete(ref) };
    const desktop = createServiceContext(openWorkspace(join(dir, 'gus.rekey')), 'electron', { secrets: envSecrets({}, vault) });
    contexts.push(desktop);
    joinTeam(desktop, { url: server.url, member: 'gus', token });
    await syncOnce(desktop, 5000);
    expect([...kept.values()]).toEqual([token]);
    expect(readFileSync(join(dir, 'gus.rekey')).toString('latin1').includes(token)).toBe(false);
    leaveTeam(desktop);
    expect(kept.size).toBe(0);
    const browser = open(join(dir, 'hal.rekey'));
    expect(() => joinTeam(browser, { url: server.url, member: 'hal', token })).toThrow(/environment variable/);
  });

  it('refuses a wrong or revoked member token', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-team-'));
    const dataDir = join(dir, 'server');
    const { token } = inviteMember(dataDir, 'dan');
    const server = await serve(dataDir);
    const wrong = member(dir, 'eve', server.url, `${token}x`);
    expect(await refusal(syncOnce(wrong, 5000))).toBe('team_token_refused');
    const dan = member(dir, 'dan', server.url, token);
    await syncOnce(dan, 5000);
    revokeMember(dataDir, 'dan');
    expect(await refusal(syncOnce(dan, 5000))).toBe('team_token_refused');
  });
});
