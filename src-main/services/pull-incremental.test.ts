import { afterEach, describe, expect, it } from 'vitest';
import { sandboxWorkspace } from '../../test/support/sandbox-workspace';
import { importExternalUser } from '../../src-shared/uservoice/uservoice-state';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { pullConnection } from './pull';
import { listConnections } from './connections';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const scimRequests = (s: Sandbox, since: number) => s.log.list({ since }).filter((e) => e.system === 'scim');
const lastSeq = (s: Sandbox) => s.log.list().length;

/** Changes a SCIM user the way the server would on a PUT: new values, a new lastModified. */
function touchScimUser(s: Sandbox, id: string, email: string) {
  s.state.scim.users.updateUser(id, { email });
  s.state.scim.extra.get(id)!.lastModified = new Date().toISOString();
}

describe('incremental pulls', () => {
  it('SCIM: a full pull first, then only what changed since it (filter meta.lastModified); --full still marks deleted users gone', async () => {
    sandbox = await startSandbox({ users: 300, rpm: 0 });
    const { ctx } = sandboxWorkspace(sandbox);
    const first = await pullConnection(ctx, 'scim', { ratePerSecond: 0 });
    expect(first.mode).toBe('full');
    const users = sandbox.state.scim.users.users();
    expect(first.pulled).toBe(users.length);

    // Unchanged: one request, nothing read, nothing marked gone.
    let mark = lastSeq(sandbox);
    const unchanged = await pullConnection(ctx, 'scim', { ratePerSecond: 0 });
    expect(unchanged).toMatchObject({ mode: 'incremental', pulled: users.length, vanished: 0, warnings: [] });
    expect(unchanged.since?.users).toBeDefined();
    const asked = scimRequests(sandbox, mark);
    expect(asked).toHaveLength(1);
    expect(listConnections(ctx).find((c) => c.name === 'scim')?.lastPull?.incremental).toBe(true);

    // One user changed, one deleted: the change is read, the deletion is not seen…
    touchScimUser(sandbox, users[5]!.id, 'renamed@example.com');
    sandbox.state.scim.users.deleteUser(users[7]!.id);
    mark = lastSeq(sandbox);
    const changed = await pullConnection(ctx, 'scim', { ratePerSecond: 0 });
    expect(changed).toMatchObject({ mode: 'incremental', vanished: 0 });
    expect(scimRequests(sandbox, mark)).toHaveLength(1);
    const records = () => ctx.workspace.records.list({ connection: 'scim' });
    expect(records().find((r) => r.remoteId === users[5]!.id)?.email).toBe('renamed@example.com');
    expect(records().find((r) => r.remoteId === users[7]!.id)?.vanishedAt).toBeNull();

    // …until a full pull, asked for, reads every user and marks the deleted one gone.
    const full = await pullConnection(ctx, 'scim', { ratePerSecond: 0, full: true });
    expect(full).toMatchObject({ mode: 'full', vanished: 1 });
    expect(records().find((r) => r.remoteId === users[7]!.id)?.vanishedAt).not.toBeNull();
    expect(listConnections(ctx).find((c) => c.name === 'scim')?.lastPull?.incremental).toBe(false);
  });

  it('SCIM: reads the users whole again once the last whole read is older than a week, and so finds deleted users', async () => {
    sandbox = await startSandbox({ users: 120, rpm: 0 });
    const { ctx } = sandboxWorkspace(sandbox);
    await pullConnection(ctx, 'scim', { ratePerSecond: 0 });
    const users = sandbox.state.scim.users.users();
    sandbox.state.scim.users.deleteUser(users[3]!.id);
    const week = 7 * 24 * 60 * 60 * 1000;
    // Within the week: incremental, the deletion unseen.
    expect(await pullConnection(ctx, 'scim', { ratePerSecond: 0, fullReadEveryMs: week })).toMatchObject({ mode: 'incremental', vanished: 0, warnings: [] });
    // Past it (a clock moved on, here a shorter week): read whole, the deleted user marked gone, and said why.
    const due = await pullConnection(ctx, 'scim', { ratePerSecond: 0, fullReadEveryMs: 0 });
    expect(due).toMatchObject({ mode: 'full', vanished: 1 });
    expect(due.warnings).toEqual([expect.stringMatching(/users of scim were read whole this time: the last whole read was 0 days ago/)]);
    // That whole read counts: the next pull is incremental again.
    expect(await pullConnection(ctx, 'scim', { ratePerSecond: 0, fullReadEveryMs: week })).toMatchObject({ mode: 'incremental', warnings: [] });
  });

  it('SCIM: a server answering 400 invalidFilter is read whole instead, says so, and is not asked again', async () => {
    sandbox = await startSandbox({ users: 150, rpm: 0 });
    sandbox.state.scim.lastModifiedFilter = false;
    const { ctx } = sandboxWorkspace(sandbox);
    await pullConnection(ctx, 'scim', { ratePerSecond: 0 });
    const users = sandbox.state.scim.users.users();
    sandbox.state.scim.users.deleteUser(users[2]!.id);

    let mark = lastSeq(sandbox);
    const second = await pullConnection(ctx, 'scim', { ratePerSecond: 0 });
    expect(second.mode).toBe('full');
    expect(second.vanished).toBe(1); // read whole, so the deleted user was found gone
    expect(second.warnings).toHaveLength(1);
    expect(second.warnings[0]).toMatch(/cannot list only the users changed since the last pull.*always pulled whole/);
    const asked = scimRequests(sandbox, mark);
    expect(asked[0]!.status).toBe(400);
    expect(asked.slice(1).every((e) => e.status === 200)).toBe(true);

    mark = lastSeq(sandbox);
    const third = await pullConnection(ctx, 'scim', { ratePerSecond: 0 });
    expect(third).toMatchObject({ mode: 'full', warnings: [] });
    expect(scimRequests(sandbox, mark).every((e) => e.status === 200)).toBe(true);
  });

  it('Productboard: users are read whole each time (deleted users found), notes only from updatedFrom, and note links are kept', async () => {
    sandbox = await startSandbox({ users: 200, rpm: 0 });
    const { ctx } = sandboxWorkspace(sandbox);
    await pullConnection(ctx, 'pb', { ratePerSecond: 0 });
    const pbId = ctx.workspace.connections.byName('pb')!.id;
    const note = sandbox.state.productboard.notes.find((n) => n.userId)!;
    const linked = () => ctx.workspace.noteLinks.forUser(pbId, note.userId!).map((l) => l.noteId);
    expect(linked()).toContain(note.id);
    const gone = sandbox.state.productboard.users.users()[4]!;
    sandbox.state.productboard.users.deleteUser(gone.id);

    const mark = lastSeq(sandbox);
    const again = await pullConnection(ctx, 'pb', { ratePerSecond: 0 });
    expect(again).toMatchObject({ mode: 'incremental', vanished: 1 });
    expect(Object.keys(again.since ?? {})).toEqual(['notes']);
    const notesAsked = sandbox.log.list({ since: mark }).filter((e) => e.system === 'productboard' && e.path.startsWith('/notes'));
    expect(notesAsked).toHaveLength(1);
    expect(linked()).toContain(note.id); // not read again, not dropped
  });
});

describe('UserVoice at scale', () => {
  it('warns in plain words, in the progress and the result, when the account holds more than 10,000 users', async () => {
    sandbox = await startSandbox({ seed: 'empty', rpm: 0 });
    for (let i = 0; i < 10_050; i++) importExternalUser(sandbox.state.uservoice.uv, { id: `ext-${i}`, email: `user${i}@example.com` });
    const { ctx } = sandboxWorkspace(sandbox);
    const warnings: string[] = [];
    const result = await pullConnection(ctx, 'uv', { ratePerSecond: 0, onProgress: (p) => p.warning && warnings.push(p.warning) });
    expect(result.pulled).toBe(10_050);
    // Pages are asked for ahead (numbered, count known), yet each exactly once and none past the end.
    const pages = sandbox.log.list({ system: 'uservoice' }).map((e) => e.path);
    expect(pages).toHaveLength(101);
    expect(result.requests).toBe(101);
    expect(result.warnings).toEqual([expect.stringMatching(/^This UserVoice account has 10,050 users\. UserVoice advises listing users only below 10,000/)]);
    expect(warnings[0]).toBe(result.warnings[0]);
  });

  it('has no warning below 10,000 users', async () => {
    sandbox = await startSandbox({ users: 50, rpm: 0 });
    const { ctx } = sandboxWorkspace(sandbox);
    expect((await pullConnection(ctx, 'uv', { ratePerSecond: 0 })).warnings).toEqual([]);
  });
});
