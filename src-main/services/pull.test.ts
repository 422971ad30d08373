import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../../test/support/cli';
import { relinkedKeys, storedKeys } from '../../test/support/relinked-keys';
import { pullEverySystem, sandboxWorkspace } from '../../test/support/sandbox-workspace';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { openWorkspace } from '../store/workspace';
import { createServiceContext } from './context';
import { buildIdentitySnapshot, packedIdentityIndex } from './identity-snapshot';
import { pullConnection } from './pull';
import { envSecrets } from './secrets';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** What each system holds, as remote ids, read from the sandbox's own state. */
function remoteIds(s: Sandbox) {
  return {
    pb: [...s.state.productboard.users.users().map((u) => u.id), ...s.state.productboard.members.map((m) => `member:${m.id}`)].sort(),
    scim: s.state.scim.users.users().map((u) => u.id).sort(),
    uv: [...s.state.uservoice.uv.users.keys()].map(String).sort(),
    braze: s.state.braze.users.users().map((u) => u.id).sort(),
  };
}

describe('pull against the sandbox', () => {
  it('ends with the exact remote set in the workspace despite 5xx, drops, slow answers and malformed bodies', async () => {
    sandbox = await startSandbox({ users: 400, rpm: 0, faults: { error5xx: 0.05, drop: 0.02, slow: 0.05, malformed: 0.03, slowMs: 40, seed: 11 } });
    const { ctx } = sandboxWorkspace(sandbox);
    const expected = remoteIds(sandbox);
    let retries = 0;
    for (const name of ['pb', 'scim', 'uv', 'braze'] as const) {
      const result = await pullConnection(ctx, name, { ratePerSecond: 0 });
      retries += result.retries;
      const got = ctx.workspace.records.list({ connection: name }).map((r) => r.remoteId).sort();
      expect(got, name).toEqual(expected[name]);
    }
    expect(retries).toBeGreaterThan(0); // the faults really happened and were recovered
    expect(sandbox.log.list().filter((e) => e.fault).length).toBeGreaterThan(0);
  });

  it('stores the same records, persons and note links whether its requests go out from their own thread or from this one', async () => {
    sandbox = await startSandbox({ users: 300, rpm: 0 });
    const threaded = sandboxWorkspace(sandbox).ctx;
    const here = sandboxWorkspace(sandbox).ctx;
    const held = (ctx: typeof here) => {
      const records = ctx.workspace.records.list();
      // Persons as the records they join, whatever ids the two workspaces gave them.
      const persons = new Map<number, string[]>();
      for (const r of records) persons.set(r.personKey, [...(persons.get(r.personKey) ?? []), `${r.connection}:${r.remoteId}`]);
      return {
        records: records.map((r) => ({ ...r, personKey: undefined })),
        persons: [...persons.values()].map((p) => p.sort().join(' ')).sort(),
        notes: ctx.workspace.noteLinks.count(ctx.workspace.connections.list().find((c) => c.name === 'pb')!.id),
      };
    };
    for (const name of ['pb', 'scim', 'uv', 'braze'] as const) {
      const a = await pullConnection(threaded, name, { ratePerSecond: 0 });
      const b = await pullConnection(here, name, { ratePerSecond: 0, fetchThread: 'caller' });
      expect({ ...a, warnings: undefined }, name).toEqual({ ...b, warnings: undefined });
    }
    expect(held(threaded)).toEqual(held(here));
    expect(held(threaded).records.length).toBeGreaterThan(1_000);
  });

  it('links one human across systems into a person, and marks records the remote dropped as vanished', async () => {
    sandbox = await startSandbox({ users: 60, rpm: 0 });
    const { ctx } = sandboxWorkspace(sandbox);
    await pullEverySystem(ctx);
    const ada = ctx.workspace.records.list({ connection: 'pb' }).find((r) => r.externalId === 'usr_10000')!;
    expect(ctx.workspace.records.person(ada.personKey!).map((r) => r.connection).sort()).toEqual(['braze', 'pb', 'scim', 'uv']);
    const gone = sandbox.state.productboard.users.users()[3]!;
    sandbox.state.productboard.users.deleteUser(gone.id);
    const again = await pullConnection(ctx, 'pb', { ratePerSecond: 0 });
    expect(again.vanished).toBe(1);
    expect(ctx.workspace.records.list({ connection: 'pb' }).find((r) => r.remoteId === gone.id)?.vanishedAt).not.toBeNull();
  });

  it('links persons as it pages and ends where a whole relink ends: users changed, gone and new remotely, notes deleted', async () => {
    sandbox = await startSandbox({ users: 60, rpm: 0 });
    const { ctx } = sandboxWorkspace(sandbox);
    const relink = vi.spyOn(ctx.workspace.records, 'relinkPersons');
    await pullEverySystem(ctx);
    expect(storedKeys(ctx.workspace)).toEqual(relinkedKeys(ctx.workspace));

    const pb = sandbox.state.productboard;
    const personOf = (connection: string, remoteId: string) => ctx.workspace.records.person(ctx.workspace.records.one(connection, remoteId)!.personKey!).map((r) => `${r.connection}/${r.remoteId}`);
    const ada = pb.users.users().find((u) => u.externalId === 'usr_10000')!;
    expect(personOf('pb', ada.id)).toHaveLength(4); // Ada is held in every system
    const [gone, , moved] = pb.users.users().filter((u) => u.id !== ada.id);
    pb.users.deleteUser(gone!.id);
    expect(pb.users.updateUser(ada.id, { email: 'ada.elsewhere@x.io', externalId: 'usr_moved' }).ok).toBe(true); // leaves her person
    const scimOnly = sandbox.state.scim.users.users().find((u) => u.email && !pb.users.users().some((p) => p.email?.toLowerCase() === u.email!.toLowerCase()))!;
    const created = pb.users.createUser({ email: scimOnly.email!.toUpperCase(), externalId: null });
    expect(created.ok).toBe(true);
    expect(pb.users.updateUser(moved!.id, { externalId: 'usr_moved_too' }).ok).toBe(true);
    const notesBefore = pb.notes.length;
    pb.notes.splice(0, 2);

    const again = await pullConnection(ctx, 'pb', { ratePerSecond: 0, full: true }); // notes read whole too: deleted ones are found
    expect(again.vanished).toBe(1);
    expect(ctx.workspace.records.one('pb', gone!.id)!.vanishedAt).not.toBeNull();
    expect(storedKeys(ctx.workspace)).toEqual(relinkedKeys(ctx.workspace));
    expect(personOf('pb', ada.id)).toEqual([`pb/${ada.id}`]);
    expect(personOf('pb', created.ok ? created.user.id : '')).toEqual(expect.arrayContaining([`pb/${created.ok ? created.user.id : ''}`, `scim/${scimOnly.id}`]));
    expect(ctx.workspace.noteLinks.count(ctx.workspace.connections.byName('pb')!.id)).toBe(notesBefore - 2);
    // The saved index is the one a fresh read of the records builds.
    const saved = packedIdentityIndex(ctx, 'pb');
    const fresh = buildIdentitySnapshot(ctx, ctx.workspace.connections.byName('pb')!.id);
    expect(Array.from({ length: saved.size }, (_, u) => saved.idOf(u))).toEqual(Array.from({ length: fresh.size }, (_, u) => fresh.idOf(u)));
    expect(relink).not.toHaveBeenCalled(); // nothing else wrote records: no pull read them all again
  });

  it('reads every record again at its end when something else wrote records while it paged', async () => {
    sandbox = await startSandbox({ users: 60, rpm: 0 });
    const { ctx } = sandboxWorkspace(sandbox);
    await pullEverySystem(ctx);
    const relink = vi.spyOn(ctx.workspace.records, 'relinkPersons');
    const scim = ctx.workspace.connections.byName('scim')!.id;
    const pbUser = ctx.workspace.records.list({ connection: 'pb' }).find((r) => r.externalId)!;
    const scimUser = ctx.workspace.records.list({ connection: 'scim' }).find((r) => r.externalId && r.personKey !== pbUser.personKey)!;
    let written = false;
    await pullConnection(ctx, 'pb', {
      ratePerSecond: 0,
      // A push mirrors a rename into the SCIM copy mid-pull: the SCIM user now holds the pb user's id.
      onProgress: () => {
        if (written) return;
        written = true;
        ctx.workspace.transaction(() => ctx.workspace.records.replaceExternalId(scim, scimUser.externalId!, pbUser.externalId!));
      },
    });
    expect(relink).toHaveBeenCalledTimes(1);
    expect(storedKeys(ctx.workspace)).toEqual(relinkedKeys(ctx.workspace));
    expect(ctx.workspace.records.person(ctx.workspace.records.one('pb', pbUser.remoteId)!.personKey!).map((r) => `${r.connection}/${r.remoteId}`)).toContain(`scim/${scimUser.remoteId}`);
  });

  it('follows a SCIM server that ignores count and pages its own way', async () => {
    const { createServer } = await import('node:http');
    const users = Array.from({ length: 23 }, (_, i) => ({ id: `s${i}`, userName: `u${i}@x.io`, externalId: `e${i}`, active: i % 5 !== 0, emails: [{ value: `U${i}@x.io`, primary: true }] }));
    const server = createServer((req, res) => {
      const start = Number(new URL(req.url!, 'http://x').searchParams.get('startIndex') ?? 1);
      const page = users.slice(start - 1, start - 1 + 7); // ignores count, always 7
      res.writeHead(200, { 'content-type': 'application/scim+json' }).end(JSON.stringify({ totalResults: users.length, Resources: page }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    const port = (server.address() as import('node:net').AddressInfo).port;
    sandbox = await startSandbox({ seed: 'empty', rpm: 0 });
    const { ctx } = sandboxWorkspace(sandbox);
    ctx.workspace.connections.update(ctx.workspace.connections.byName('scim')!.id, { baseUrl: `http://127.0.0.1:${port}/scim/v2` }, 'now');
    const result = await pullConnection(ctx, 'scim', { ratePerSecond: 0 });
    server.close();
    expect(result.pages).toBe(4);
    const records = ctx.workspace.records.list({ connection: 'scim' });
    expect(records.map((r) => r.remoteId).sort()).toEqual(users.map((u) => u.id).sort());
    expect(records.find((r) => r.remoteId === 's0')).toMatchObject({ email: 'U0@x.io', externalId: 'e0', status: 'deactivated' });
  });

  it('pages users, members and notes side by side; a failing list stops the others where they stand, and the next pull resumes them', async () => {
    sandbox = await startSandbox({ users: 1500, rpm: 0 });
    const { ctx, path } = sandboxWorkspace(sandbox);
    // A proxy in front of the sandbox that can refuse /notes (a 400 is not retried).
    let refuseNotes = true;
    let usersAsked = 0;
    let inFlight = 0;
    const { createServer } = await import('node:http');
    const target = sandbox.info.productboard.url;
    const proxy = createServer((req, res) => {
      if (req.url!.startsWith('/users')) usersAsked++;
      if (refuseNotes && req.url!.startsWith('/notes')) {
        // Refused once a few user pages are through, so users have a cursor to resume from.
        const refuse = () => (usersAsked >= 4 ? res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"refused by the test"}') : setTimeout(refuse, 5));
        return void refuse();
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection')) as Record<string, string>;
      inFlight++;
      void fetch(`${target}${req.url}`, { headers }).then(async (r) => {
        // Next-page links name the sandbox; the client follows only links to where it asked.
        const body = (await r.text()).replaceAll(target, `http://127.0.0.1:${port()}`);
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' }).end(body);
      }).catch(() => res.destroy()).finally(() => inFlight--);
    });
    const port = () => (proxy.address() as import('node:net').AddressInfo).port;
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', () => done()));
    try {
      const pb = ctx.workspace.connections.byName('pb')!;
      ctx.workspace.connections.update(pb.id, { baseUrl: `http://127.0.0.1:${port()}` }, 'now');

      await expect(pullConnection(ctx, 'pb', { ratePerSecond: 0 })).rejects.toThrow(/GET \/notes answered HTTP 400/);
      expect(ctx.workspace.pullState.get(pb.id, 'notes')!.status).toBe('failed');
      // Users stopped at their last committed page, not marked failed: they resume there.
      const users = ctx.workspace.pullState.get(pb.id, 'users')!;
      expect(users.status).toBe('running');
      expect(users.pages).toBeGreaterThanOrEqual(3);
      const failures = ctx.workspace.audit.list(50).filter((e) => e.action === 'connection.pull_failed');
      expect(failures.map((e) => e.detail.resource)).toEqual(['notes']);

      refuseNotes = false;
      // A page the stopped pull had asked for may still be on its way through the proxy.
      while (inFlight > 0) await new Promise((done) => setTimeout(done, 5));
      const before = sandbox.log.size;
      const result = await pullConnection(ctx, 'pb', { ratePerSecond: 50 });
      expect(result.resumed).toBe(true);
      const got = ctx.workspace.records.list({ connection: 'pb' }).map((r) => r.remoteId).sort();
      expect(got).toEqual(remoteIds(sandbox).pb);
      const db = new Database(path, { readonly: true });
      expect(db.prepare('SELECT count(*) FROM note_links').pluck().get()).toBe(sandbox.state.productboard.notes.length);
      db.close();
      // Side by side: notes were asked for before the last user page.
      const log = sandbox.log.list({ since: before });
      const lastUsers = Math.max(...log.filter((e) => e.path === '/users').map((e) => e.seq));
      const firstNotes = Math.min(...log.filter((e) => e.path === '/notes').map((e) => e.seq));
      expect(firstNotes).toBeLessThan(lastUsers);
      // The users list went on from its cursor rather than starting over.
      const userPages = Math.ceil(sandbox.state.productboard.users.users().length / 100);
      expect(log.filter((e) => e.path === '/users').length).toBe(userPages - users.pages);
    } finally {
      proxy.close();
    }
  });

  it('survives SIGKILL mid-pull: a real child process killed, then resumed, with nothing lost or doubled', async () => {
    sandbox = await startSandbox({ users: 2500, rpm: 900 }); // 15 req/s: about 2 s of user pages
    const { ctx, path, env } = sandboxWorkspace(sandbox);
    ctx.workspace.close();
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'rekey.js'), '--db', path, 'pull', 'pb'], { env: { ...process.env, ...env }, stdio: 'ignore' });
    // Kill once a few user pages are committed.
    const deadline = Date.now() + 30_000;
    for (;;) {
      await new Promise((done) => setTimeout(done, 50));
      const db = new Database(path, { readonly: true, fileMustExist: true });
      const row = db.prepare("SELECT pages FROM pull_state WHERE resource = 'users'").get() as { pages: number } | undefined;
      db.close();
      if ((row?.pages ?? 0) >= 5 || Date.now() > deadline) break;
    }
    child.kill('SIGKILL');
    await new Promise((done) => child.once('exit', done));
    const ws = openWorkspace(path);
    const partial = ws.records.count({ connection: 'pb' });
    expect(partial).toBeGreaterThan(0);
    expect(ws.pullState.get(ws.connections.byName('pb')!.id, 'users')!.status).toBe('running');
    ws.close();

    // The same file in a fresh context, as a restarted process would open it.
    const resumed = createServiceContext(openWorkspace(path), 'cli', { secrets: envSecrets(env) });
    const before = sandbox.log.size;
    const result = await pullConnection(resumed, 'pb', { ratePerSecond: 0 });
    expect(result.resumed).toBe(true);
    const expected = remoteIds(sandbox).pb;
    const got = resumed.workspace.records.list({ connection: 'pb' }).map((r) => r.remoteId).sort();
    expect(got).toEqual(expected);
    expect(new Set(got).size).toBe(got.length);
    // The resumed run did not start over: fewer user pages than a full pull needs.
    const userPagesAfter = sandbox.log.list({ since: before }).filter((e) => e.path === '/users').length;
    expect(userPagesAfter).toBeLessThan(25);
  }, 60_000);
});
