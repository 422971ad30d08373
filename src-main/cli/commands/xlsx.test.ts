import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRekey } from '../../../test/support/cli';
import { sandboxWorkspace } from '../../../test/support/sandbox-workspace';
import { xlsxBytes } from '../../../test/support/xlsx-file';
import { startSandbox, type Sandbox } from '../../sandbox/sandbox';
import { pullConnection } from '../../services/pull';

let sandbox: Sandbox;
let db: string;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ users: 20, rpm: 0 });
  const { ctx, path } = sandboxWorkspace(sandbox, { ratePerSecond: 0 });
  await pullConnection(ctx, 'pb');
  ctx.workspace.close();
  db = path;
  dir = dirname(path);
}, 60_000);
afterAll(() => sandbox.close());

const rekey = (...args: string[]) => runRekey(['--db', db, ...args]);

describe('.xlsx wherever a CSV is accepted (issue 21, item 7)', () => {
  const workbook = xlsxBytes([
    { name: 'Notes', rows: [['just a cover sheet']] },
    { name: 'People', rows: [['Email', 'External ID', 'Name'], ['new-person@client.io', 'client-1', 'New Person'], ['not-an-email', 'client-2', 'Bad'], ['other@client.io', 77, null]] },
    { name: 'Renames', rows: [['current_external_id', 'new_external_id'], ['legacy-1', 'usr_1']] },
  ]);

  it('previews a sheet by name, its bad rows placed by row', () => {
    const file = join(dir, 'client.xlsx');
    writeFileSync(file, workbook);
    const r = rekey('preview', file, '--into', 'pb', '--mode', 'strict', '--sheet', 'People', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rows).toBe(2);
    expect(out.mapping).toEqual({ email: 'Email', externalId: 'External ID', name: 'Name' });
    expect(out.problems).toEqual([{ line: 3, message: '"not-an-email" is not a valid email' }]);
    expect(out.rows_sample.map((s: { line: number }) => s.line)).toEqual([2, 4]);
  });

  it('reads the first sheet by default, and refuses a sheet that is not there with the names of those that are', () => {
    const file = join(dir, 'client.xlsx');
    writeFileSync(file, workbook);
    writeFileSync(join(dir, 'users.json'), JSON.stringify([{ id: 'u1', externalId: 'legacy-1' }]));
    const first = rekey('renames', 'check', '--users', join(dir, 'users.json'), '--renames', file);
    expect(first.code).toBe(2);
    expect(first.stderr.trim()).toBe(`rekey: ${file}:1: missing column "current_external_id" (found 1 column: "just a cover sheet")`);
    const missing = rekey('preview', file, '--into', 'pb', '--mode', 'strict', '--sheet', 'Clients');
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`rekey: ${file}: no sheet named "Clients" (the sheets: "Notes", "People", "Renames")`);
  });

  it('stages imports and renames from sheets, and checks renames from one', () => {
    const file = join(dir, 'batch.xlsx');
    writeFileSync(file, workbook);
    const check = rekey('renames', 'check', '--users', join(dir, 'users.json'), '--renames', file, '--sheet', 'Renames');
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout).rename_errors).toEqual([]);
    const imported = rekey('changesets', 'create', '--kind', 'import', '--connection', 'pb', '--file', file, '--sheet', 'People', '--json');
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ kind: 'import', state: 'draft' });
    const wrongSheet = rekey('changesets', 'create', '--kind', 'rename', '--connection', 'pb', '--file', file, '--sheet', 'People');
    expect(wrongSheet.code).toBe(2);
    expect(wrongSheet.stderr).toContain('missing column "current_external_id" (found 3 columns: "Email", "External ID", "Name")');
  });

  it('refuses --sheet on a CSV', () => {
    const file = join(dir, 'plain.csv');
    writeFileSync(file, 'email\na@x.io\n');
    const r = rekey('preview', file, '--into', 'pb', '--mode', 'strict', '--sheet', 'People');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--sheet is for .xlsx files');
  });
});
