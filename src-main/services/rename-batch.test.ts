import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRekeyAsync } from '../../test/support/cli';
import { heldEverywhere, pullEverySystem, sandboxWorkspace } from '../../test/support/sandbox-workspace';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import type { ServiceContext } from './context';
import { renameBatchView } from './rename-batch';

let sandbox: Sandbox;
let ctx: ServiceContext;
let path: string;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ users: 80, rpm: 0 });
  // A SCIM user whose userName carries its external id (the choice the plan offers).
  sandbox.state.scim.add({ userName: 'legacy-scim-7', externalId: 'legacy-scim-7', givenName: 'Sam', familyName: 'Carrier' });
  const made = sandboxWorkspace(sandbox, { ratePerSecond: 0 });
  ({ ctx, path, env } = made);
  dir = join(path, '..');
  await pullEverySystem(ctx);
  ctx.workspace.close();
}, 60_000);
afterAll(async () => {
  await sandbox.close();
});

const rekey = async (...args: string[]) => {
  const r = await runRekeyAsync(['--db', path, ...args, '--json'], { env });
  expect(r.code, `rekey ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as unknown;
};

async function reviewAndPush(id: number) {
  await rekey('changesets', 'submit', String(id));
  await rekey('changesets', 'approve', String(id));
  return (await rekey('push', String(id))) as { state: string; applied: number; failed: number };
}


describe('one rename, every system (issue 19): a linked batch staged, reviewed and pushed from the CLI, read back from the remotes', () => {
  it('renames persons held in all four systems, each as its system does; the UserVoice re-attach case included', async () => {
    const everywhere = heldEverywhere(sandbox);
    // The UserVoice external user whose email moved on: it must land back on its own user.
    const stale = sandbox.planted.find((p) => p.kind === 'uservoice_stale_attachment' && everywhere.includes(String(p.detail.externalUserId)))!;
    const staleId = String(stale.detail.externalUserId);
    const ids = [...everywhere.filter((id) => id !== staleId).slice(0, 5), staleId];
    const before = new Map(ids.map((id) => [id, { uvUser: sandbox.state.uservoice.uv.externalUsers.get(id)!.userId, pbUser: sandbox.state.productboard.users.byExternalId(id)!.user.id, scimUser: sandbox.state.scim.users.byExternalId(id)!.user.id }]));
    const file = join(dir, 'renames.csv');
    writeFileSync(file, `current_external_id,new_external_id\n${ids.map((id) => `${id},acct-${id}`).join('\n')}\n`);

    const made = (await rekey('changesets', 'create', '--kind', 'rename', '--connection', 'pb,scim,uv,braze', '--file', file, '--window-days', '14')) as { id: number; connection: string; batch: string }[];
    expect(made.map((m) => m.connection)).toEqual(['pb', 'scim', 'uv', 'braze']);
    expect(made.every((m) => Number.isInteger(m.id) && m.batch === made[0]!.batch)).toBe(true);

    const view = (await rekey('changesets', 'batch', made[0]!.batch)) as ReturnType<typeof renameBatchView>;
    expect(view.persons).toHaveLength(ids.length);
    const person = view.persons.find((p) => p.current === ids[0])!;
    expect(person.cells.pb!.keeps).toMatch(/stops matching/);
    expect(person.cells.braze!.keeps).toMatch(/14 days/);
    expect(person.cells.uv!.says.some((s) => /^By hand: In UserVoice, remove the old external user/.test(s))).toBe(true);
    expect(view.persons.find((p) => p.current === staleId)!.cells.uv!.says.some((s) => /Re-attach external user/.test(s))).toBe(true);
    expect(view.checklist.filter((c) => c.connection === 'uv')).toHaveLength(ids.length);
    expect(view.checklist.some((c) => c.connection === 'braze' && /close the migration windows/.test(c.step))).toBe(true);

    for (const m of made) expect(await reviewAndPush(m.id), m.connection).toMatchObject({ state: 'applied', failed: 0, applied: ids.length });
    // UserVoice's new external users went in one import (≤ 1,000 a call), the re-attach on its own.
    const uvPosts = sandbox.log.list({ system: 'uservoice' }).filter((e) => e.method === 'POST').map((e) => e.path.replace(/external_users\/[^/]+\/reattach/, 'external_users/ID/reattach'));
    expect(uvPosts).toEqual(['/api/v2/admin/external_users/import', '/api/v2/admin/external_users/ID/reattach']);

    // Read back from each remote, not from the workspace.
    for (const id of ids) {
      const next = `acct-${id}`;
      const was = before.get(id)!;
      const pb = sandbox.state.productboard.users;
      expect(pb.byExternalId(next)!.user.id).toBe(was.pbUser);
      expect(pb.byExternalId(id)).toBeUndefined(); // Productboard keeps no old id
      expect(sandbox.state.scim.users.byExternalId(next)!.user.id).toBe(was.scimUser);
      expect(sandbox.state.scim.users.byExternalId(id)).toBeUndefined();
      const uv = sandbox.state.uservoice.uv.externalUsers;
      expect(uv.get(next)!.userId, `UserVoice ${id}`).toBe(was.uvUser); // the same UserVoice user
      expect(uv.get(id)!.userId).toBe(was.uvUser); // the old one stays until removed by hand
      const braze = sandbox.state.braze.users.byExternalId(next)!.user;
      expect(braze.deprecatedExternalIds).toContain(id);
    }
    // Only the Braze-style change set opened migration windows.
    const windows = (await rekey('windows', 'list')) as { oldId: string; connection?: string }[];
    expect(windows.filter((w) => ids.includes(w.oldId))).toHaveLength(ids.length);
  }, 240_000);

  it('SCIM: where userName carries the id, the plan shows both and renames userName only when asked', async () => {
    const file = join(dir, 'scim-renames.csv');
    writeFileSync(file, 'current_external_id,new_external_id\nlegacy-scim-7,usr-scim-7\n');
    const kept = (await rekey('changesets', 'create', '--kind', 'rename', '--connection', 'scim', '--file', file)) as { id: number };
    const shown = (await rekey('changesets', 'show', String(kept.id))) as { rows: { plan: { userNameCarriesId: boolean; alsoUserName: boolean; keeps: string } }[] };
    expect(shown.rows[0]!.plan).toMatchObject({ userNameCarriesId: true, alsoUserName: false });
    expect(shown.rows[0]!.plan.keeps).toMatch(/userName legacy-scim-7/);
    await rekey('changesets', 'reject', String(await rekey('changesets', 'submit', String(kept.id)).then((s) => (s as { id: number }).id)));

    const both = (await rekey('changesets', 'create', '--kind', 'rename', '--connection', 'scim', '--file', file, '--scim-username')) as { id: number };
    expect(await reviewAndPush(both.id)).toMatchObject({ state: 'applied', failed: 0 });
    const user = sandbox.state.scim.users.byExternalId('usr-scim-7')!.user;
    expect(user.email).toBe('usr-scim-7'); // the sandbox keeps userName as the index's email
  }, 120_000);

  it('a connection that holds none of the ids is refused with one line, and nothing is staged', async () => {
    const file = join(dir, 'braze-only.csv');
    writeFileSync(file, 'current_external_id,new_external_id\nlegacy-scim-nothing,x-1\n');
    const before = ((await rekey('changesets', 'list')) as unknown[]).length;
    const r = await runRekeyAsync(['--db', path, 'changesets', 'create', '--kind', 'rename', '--connection', 'pb,uv', '--file', file], { env });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(((await rekey('changesets', 'list')) as unknown[]).length).toBe(before);
  }, 240_000);
});

describe('imports into every kind from the CLI (issue 19 matrix)', () => {
  it('stages, reviews and pushes an import into each of the four systems; read back from the remotes', async () => {
    const file = join(dir, 'people.csv');
    writeFileSync(file, 'email,external_id,name\nmatrix.one@import.example,mx-1,Matrix One\nmatrix.two@import.example,mx-2,Matrix Two\n');
    for (const connection of ['pb', 'scim', 'uv', 'braze']) {
      const cs = (await rekey('changesets', 'create', '--kind', 'import', '--connection', connection, '--file', file, '--mode', 'strict')) as { id: number };
      expect(Number.isInteger(cs.id)).toBe(true);
      expect(await reviewAndPush(cs.id), connection).toMatchObject({ state: 'applied', failed: 0, applied: 2 });
    }
    for (const [n, email] of [[1, 'matrix.one@import.example'], [2, 'matrix.two@import.example']] as const) {
      expect(sandbox.state.productboard.users.byExternalId(`mx-${n}`)!.user.email).toBe(email);
      expect(sandbox.state.scim.users.byExternalId(`mx-${n}`)!.user.email).toBe(email);
      expect(sandbox.state.uservoice.uv.externalUsers.get(`mx-${n}`)!.email).toBe(email);
      expect(sandbox.state.braze.users.byExternalId(`mx-${n}`)!.user.email).toBe(email);
    }
  }, 240_000);
});

describe('preview into several connections at once (issue 19 item 4)', () => {
  it('plans one file against all four, counts and rows keyed by connection name', async () => {
    const known = sandbox.state.scim.users.users().find((u) => u.externalId?.startsWith('usr_1'))!;
    const file = join(dir, 'client.csv');
    writeFileSync(file, `email,external_id,name\nbrand.new@client.example,client-1,Brand New\n${known.email},${known.externalId},Known Person\n`);
    const out = (await rekey('preview', file, '--into', 'pb,scim,uv,braze', '--mode', 'strict')) as {
      rows: number;
      counts: Record<string, Record<string, number>>;
      connections: Record<string, { counts: Record<string, number>; rows_sample: { action: string }[] }>;
      rows_sample: Record<string, unknown>[];
    };
    expect(out.rows).toBe(2);
    expect(Object.keys(out.counts)).toEqual(['pb', 'scim', 'uv', 'braze']);
    expect(Object.keys(out.connections)).toEqual(['pb', 'scim', 'uv', 'braze']);
    for (const c of ['pb', 'scim', 'uv', 'braze']) {
      expect(out.connections[c]!.rows_sample).toHaveLength(2);
      expect(out.connections[c]!.rows_sample[0]!.action, c).toBe('create');
      expect(Object.values(out.counts[c]!).reduce((a, b) => a + b, 0)).toBe(2);
    }
    expect(out.connections.scim!.rows_sample[1]!.action).toBe('match');
    expect((out.rows_sample[1] as Record<string, { action: string }>).scim!.action).toBe('match');
  }, 120_000);
});
