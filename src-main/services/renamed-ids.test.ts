import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRekeyAsync } from '../../test/support/cli';
import { sandboxForCli } from '../../test/support/sandbox-workspace';
import type { Sandbox } from '../sandbox/sandbox';
import { TextColumns } from '../../src-shared/resolver/text-columns';
import { idsAsRead, renamedColumns, rewriteRenamedRows, scanChunk } from './renamed-ids';
import { CHUNK_ROWS } from '../../src-shared/resolver/text-columns';

let sandbox: Sandbox;
let path: string;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  ({ sandbox, path, env, dir } = await sandboxForCli({ users: 40, pull: ['pb', 'uv'] }));
}, 60_000);
afterAll(async () => {
  await sandbox.close();
});

const rekey = async (...args: string[]) => {
  const r = await runRekeyAsync(['--db', path, ...args, '--json'], { env });
  expect(r.code, `rekey ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown> & { id: number };
};

async function reviewAndPush(id: number) {
  await rekey('changesets', 'submit', String(id));
  await rekey('changesets', 'approve', String(id));
  return await rekey('push', String(id));
}

/** The renames the first two tests push, for the third to preview into both connections. */
let pbRenamed: { user: string; email: string; from: string; to: string };
let uvRenamed: { email: string; from: string; to: string };

interface RowJson {
  line: number;
  action: string;
  userId?: string;
  matchedBy?: string;
  renamedId?: { from: string; to: string; on: string; changeSet: number; rewritten: boolean; code: string; says: string };
}

describe('rewrite old ids (issue 19 item 5), over the sandbox from the CLI', () => {
  it('Productboard: a row naming an id a pushed rename replaced is flagged, and with --rewrite-renamed lands on the renamed user', async () => {
    // Two renames pushed one after the other: x→mid, then mid→final, so x leads to final.
    const u = sandbox.state.productboard.users.users().find((x) => x.externalId && x.email)!;
    const x = u.externalId!;
    pbRenamed = { user: u.id, email: u.email!, from: x, to: `final-${x}` };
    writeFileSync(join(dir, 'r1.csv'), `current_external_id,new_external_id\n${x},mid-${x}\n`);
    writeFileSync(join(dir, 'r2.csv'), `current_external_id,new_external_id\nmid-${x},final-${x}\n`);
    const first = await rekey('changesets', 'create', '--kind', 'rename', '--connection', 'pb', '--file', join(dir, 'r1.csv'));
    expect(await reviewAndPush(first.id)).toMatchObject({ state: 'applied', failed: 0 });
    const second = await rekey('changesets', 'create', '--kind', 'rename', '--connection', 'pb', '--file', join(dir, 'r2.csv'));
    expect(await reviewAndPush(second.id)).toMatchObject({ state: 'applied', failed: 0 });
    const usersBefore = sandbox.state.productboard.users.users().length;

    // The client's file still has the old id, with the person's email in another spelling's case.
    const people = join(dir, 'people.csv');
    writeFileSync(people, `email,external_id,name\n${u.email!.toUpperCase()},${x},Renamed Person\nnew-person@client.example,brand-new-1,Someone New\n`);

    const flagged = (await rekey('preview', people, '--into', 'pb', '--mode', 'strict')) as unknown as { rows_sample: RowJson[]; renamed: { rows: number; rewritten: boolean; ids: RowJson['renamedId'][] } };
    const row = flagged.rows_sample[0]!;
    expect(row.renamedId).toMatchObject({ from: x, to: `final-${x}`, changeSet: first.id, rewritten: false, code: 'renamed_external_id' });
    expect(row.renamedId!.says).toMatch(new RegExp(`^${x} was renamed to final-${x} \\(through 2 renames\\) on \\d{4}-\\d\\d-\\d\\d; Productboard no longer knows it\\.$`));
    // As the file says it, the row fails: the email belongs to the user who now has the new id.
    expect(row.action).toBe('fail');
    expect(flagged.rows_sample[1]!.renamedId).toBeUndefined();
    expect(flagged.renamed).toMatchObject({ rows: 1, rewritten: false });

    const refused = await runRekeyAsync(['--db', path, 'changesets', 'create', '--kind', 'rename', '--connection', 'pb', '--file', join(dir, 'r1.csv'), '--rewrite-renamed'], { env });
    expect([refused.code, refused.stderr.trim()]).toEqual([2, 'rekey: changesets create: --rewrite-renamed is for imports, not a rename']);

    const human = await runRekeyAsync(['--db', path, 'preview', people, '--into', 'pb', '--mode', 'strict'], { env });
    expect(human.stdout).toMatch(/Old ids\s+1\s+row names an external id that a pushed rename replaced:/);
    expect(human.stdout).toContain(`line 2: ${x} was renamed to final-${x}`);
    expect(human.stdout).toContain('--rewrite-renamed');

    const mapped = (await rekey('preview', people, '--into', 'pb', '--mode', 'strict', '--rewrite-renamed')) as unknown as { rows_sample: RowJson[] };
    expect(mapped.rows_sample[0]).toMatchObject({ action: 'match', matchedBy: 'external_id', userId: u.id, renamedId: { from: x, to: `final-${x}`, rewritten: true, code: 'renamed_external_id_rewritten' } });

    // Staged with the mapping kept per row; the audit export carries it.
    const staged = await rekey('changesets', 'create', '--kind', 'import', '--connection', 'pb', '--file', people, '--mode', 'strict', '--rewrite-renamed');
    const shown = (await rekey('changesets', 'show', String(staged.id))) as unknown as { changeSet: { plan: Record<string, unknown> }; rows: { payload: Record<string, unknown>; plan: Record<string, unknown> }[] };
    expect(shown.rows[0]!.payload).toMatchObject({ externalId: `final-${x}`, renamedFrom: { from: x, to: `final-${x}`, changeSet: first.id, steps: 2 } });
    expect(shown.rows[0]!.plan).toMatchObject({ action: 'match', userId: u.id });
    expect(shown.rows[1]!.payload.renamedFrom).toBeUndefined();
    expect(shown.changeSet.plan.renamedIds).toEqual({ rewritten: 1, left: 0 });
    const pushed = await reviewAndPush(staged.id);
    expect(pushed).toMatchObject({ state: 'applied', failed: 0 });

    // Read back from the remote: the renamed user kept its new id, nobody was made with the old one.
    const pb = sandbox.state.productboard.users;
    expect(pb.byExternalId(`final-${x}`)!.user.id).toBe(u.id);
    expect(pb.byExternalId(x)).toBeUndefined();
    expect(pb.byExternalId('brand-new-1')).toBeDefined();
    expect(pb.users().length).toBe(usersBefore + 1);

    const audit = join(dir, 'audit.csv');
    await rekey('audit', 'export', '--out', audit);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(audit, 'utf8')).toContain(`""rewrittenIds"":[{""line"":2,""from"":""${x}"",""to"":""final-${x}""`);
  }, 120_000);

  it('UserVoice: the row updates the new external user, not the old one left until removed by hand', async () => {
    const uv = sandbox.state.uservoice.uv;
    const [id, old] = [...uv.externalUsers.entries()].find(([, e]) => e.email)!;
    uvRenamed = { email: old.email!, from: id, to: `uvnew-${id}` };
    writeFileSync(join(dir, 'uv-renames.csv'), `current_external_id,new_external_id\n${id},uvnew-${id}\n`);
    const rename = await rekey('changesets', 'create', '--kind', 'rename', '--connection', 'uv', '--file', join(dir, 'uv-renames.csv'));
    expect(await reviewAndPush(rename.id)).toMatchObject({ state: 'applied', failed: 0 });
    await rekey('pull', 'uv');

    const people = join(dir, 'uv-people.csv');
    writeFileSync(people, `email,external_id,name\n${old.email},${id},Updated By Rekey\n`);
    const flagged = (await rekey('preview', people, '--into', 'uv', '--mode', 'strict')) as unknown as { rows_sample: RowJson[] };
    expect(flagged.rows_sample[0]!.renamedId!.says).toMatch(/its old external user is still on UserVoice until someone removes it by hand/);

    const staged = await rekey('changesets', 'create', '--kind', 'import', '--connection', 'uv', '--file', people, '--mode', 'strict', '--rewrite-renamed');
    expect(await reviewAndPush(staged.id)).toMatchObject({ state: 'applied', failed: 0 });
    expect(uv.externalUsers.get(`uvnew-${id}`)).toMatchObject({ name: 'Updated By Rekey', userId: old.userId });
    expect(uv.externalUsers.get(id)!.name).not.toBe('Updated By Rekey');
  }, 120_000);

  it('several connections: the same old id, renamed differently in each, is flagged and mapped by the renames of each', async () => {
    // The sandbox's systems share their people's ids: the first two tests renamed the same id, to a different id in each.
    expect(uvRenamed.from).toBe(pbRenamed.from);
    const people = join(dir, 'both-people.csv');
    writeFileSync(people, `email,external_id,name\n${pbRenamed.email},${pbRenamed.from},Renamed Twice\nfresh-both@client.example,fresh-both-1,Fresh\n`);
    type Many = {
      rows_sample: (Record<string, unknown> & { pb: RowJson; uv: RowJson })[];
      connections: Record<string, { renamed?: { rows: number; rewritten: boolean; ids: NonNullable<RowJson['renamedId']>[] }; rows_sample: RowJson[] }>;
    };
    const flagged = (await rekey('preview', people, '--into', 'pb,uv', '--mode', 'strict')) as unknown as Many;
    expect(flagged.connections.pb!.renamed).toMatchObject({ rows: 1, rewritten: false, ids: [{ line: 2, from: pbRenamed.from, to: pbRenamed.to }] });
    expect(flagged.connections.uv!.renamed).toMatchObject({ rows: 1, rewritten: false, ids: [{ line: 2, from: uvRenamed.from, to: uvRenamed.to }] });
    // Per row, per connection: each says what its own system still does with the old id.
    expect(flagged.rows_sample[0]!.pb.renamedId).toMatchObject({ to: pbRenamed.to, code: 'renamed_external_id' });
    expect(flagged.rows_sample[0]!.pb.renamedId!.says).toMatch(/Productboard no longer knows it/);
    expect(flagged.rows_sample[0]!.uv.renamedId).toMatchObject({ to: uvRenamed.to });
    expect(flagged.rows_sample[0]!.uv.renamedId!.says).toMatch(/its old external user is still on UserVoice/);
    expect(flagged.rows_sample[1]!.pb.renamedId).toBeUndefined();
    expect(flagged.connections.uv!.rows_sample[1]!.renamedId).toBeUndefined();

    const human = await runRekeyAsync(['--db', path, 'preview', people, '--into', 'pb,uv', '--mode', 'strict'], { env });
    expect(human.stdout).toMatch(/ {2}uv:\n[^]*Old ids +1 {2}row names an id that a rename pushed to uv replaced:\n {8}line 2: /);
    expect(human.stdout).toContain("--rewrite-renamed plans each connection's old ids with its own new ids");

    const plan = join(dir, 'both-plan.csv');
    const mapped = (await rekey('preview', people, '--into', 'pb,uv', '--mode', 'strict', '--rewrite-renamed', '--plan-csv', plan)) as unknown as Many;
    expect(mapped.connections.pb!.rows_sample[0]).toMatchObject({ action: 'match', userId: pbRenamed.user, renamedId: { to: pbRenamed.to, rewritten: true, code: 'renamed_external_id_rewritten' } });
    expect(mapped.connections.uv!.rows_sample[0]!.renamedId).toMatchObject({ from: uvRenamed.from, to: uvRenamed.to, rewritten: true });
    expect(mapped.rows_sample[0]!.externalId).toBe(pbRenamed.from); // the file's own id
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(plan, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('line,email,external_id,pb_strict_action,pb_strict_user,pb_strict_reason,pb_by_hand,pb_renamed_to,uv_strict_action,uv_strict_user,uv_strict_reason,uv_by_hand,uv_renamed_to');
    expect(lines[1]).toMatch(new RegExp(`^2,[^,]*,${pbRenamed.from},match,${pbRenamed.user},[^,]*,,${pbRenamed.to},.*,${uvRenamed.to}$`));
    expect(lines[2]).toMatch(/,,$/);

    // Staged the same way: each change set maps the row by its own connection's rename.
    const staged = (await rekey('changesets', 'create', '--kind', 'import', '--connection', 'pb,uv', '--file', people, '--mode', 'strict', '--rewrite-renamed')) as unknown as { id: number; connection: string }[];
    const to: Record<string, string> = { pb: pbRenamed.to, uv: uvRenamed.to };
    for (const { id, connection } of staged) {
      const shown = (await rekey('changesets', 'show', String(id))) as unknown as { changeSet: { plan: Record<string, unknown> }; rows: { payload: Record<string, unknown> }[] };
      expect([connection, shown.changeSet.plan.renamedIds, shown.rows[0]!.payload.externalId]).toEqual([connection, { rewritten: 1, left: 0 }, to[connection]]);
    }
  }, 120_000);
});

describe('rows naming renamed ids, without a workspace', () => {
  const ids = new Map([['old-1', { from: 'old-1', to: 'new-1', on: '2026-11-20T10:00:00.000Z', changeSet: 3, steps: 1, connection: 'pb', system: 'productboard' as const, resolvesUntil: null }]]);
  const table = (rows: (string | null)[][]) => TextColumns.of(4, rows);

  it('finds them in a parsed chunk and, when asked, plans them with the new id (trimmed, case kept)', () => {
    const rows = table([
      ['a@x.io', ' old-1 ', 'A', null],
      ['b@x.io', 'OLD-1', 'B', null],
      [null, null, null, null],
    ]);
    const chunk = rows.chunkOf(0);
    const found: number[] = [];
    expect(scanChunk(chunk, 4, 1, ids, () => false, (i) => found.push(i))).toBe(chunk);
    expect(found).toEqual([0]);
    const rewritten = new TextColumns(4);
    rewritten.append(scanChunk(chunk, 4, 1, ids, () => true, () => undefined));
    expect([0, 1, 2].map((i) => [rewritten.get(i, 0), rewritten.get(i, 1), rewritten.get(i, 2)])).toEqual([
      ['a@x.io', 'new-1', 'A'],
      ['b@x.io', 'OLD-1', 'B'],
      [null, null, null],
    ]);
    expect(scanChunk(chunk, 4, 1, new Map(), () => true, () => undefined)).toBe(chunk);
    // Only the rows chosen are rewritten.
    const some = scanChunk(table([[null, 'old-1', null, null], [null, 'old-1', null, null]]).chunkOf(0), 4, 1, ids, (row) => row === 1, () => undefined);
    const chosen = new TextColumns(4);
    chosen.append(some);
    expect([chosen.get(0, 1), chosen.get(1, 1)]).toEqual(['old-1', 'new-1']);
  });

  it('rewrites rows given as objects and keeps where each came from', () => {
    const out = rewriteRenamedRows(ids, [
      { line: 2, email: null, externalId: 'old-1', name: null, company: null },
      { line: 3, email: null, externalId: 'other', name: null, company: null },
    ]);
    expect(out[0]).toMatchObject({ externalId: 'new-1', renamedFrom: { from: 'old-1', changeSet: 3 } });
    expect(out[1]!.renamedFrom).toBeUndefined();
  });

  it('looks at rows already read with the renames of another connection, and gives back the ids the file said', () => {
    // Two chunks: the renamed id sits in the second only, so the first is shared, not copied.
    const rows = TextColumns.of(4, [...Array.from({ length: CHUNK_ROWS }, (_, i) => [`p${i}@x.io`, `id-${i}`, null, null]), ['q@x.io', 'old-1', null, null]]);
    const flagged = renamedColumns(rows, 1, ids, false);
    expect([flagged.rows, [...flagged.renamed.keys()], flagged.rewritten.size]).toEqual([rows, [CHUNK_ROWS], 0]);
    const mapped = renamedColumns(rows, 1, ids, true);
    expect([mapped.rows.get(CHUNK_ROWS, 1), rows.get(CHUNK_ROWS, 1), [...mapped.rewritten]]).toEqual(['new-1', 'old-1', [CHUNK_ROWS]]);
    expect(mapped.rows.chunkOf(0)).toBe(rows.chunkOf(0));
    expect(renamedColumns(rows, 1, new Map(), true).rows).toBe(rows);
    // Back to the file's ids: only the rows the rewrite touched (another row may name new-1 itself).
    const withNew = TextColumns.of(4, [[null, 'new-1', null, null], [null, 'new-1', null, null]]);
    const back = idsAsRead(withNew, 1, new Map([[1, ids.get('old-1')!]]), new Set([1]));
    expect([back.get(0, 1), back.get(1, 1)]).toEqual(['new-1', 'old-1']);
    expect(idsAsRead(withNew, 1, new Map(), new Set())).toBe(withNew);
  });
});
