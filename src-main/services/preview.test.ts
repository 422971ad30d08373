import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runRekey } from '../../test/support/cli';
import { openWorkspace } from '../store/workspace';
import { createServiceContext, type ServiceContext } from './context';
import type { ReadThread } from './incoming-reader';
import { previewImport, previewRow, type ImportPreview } from './preview';

let ctx: ServiceContext;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rekey-preview-'));
  ctx = createServiceContext(openWorkspace(join(dir, 'w.rekey')), 'cli');
  const id = ctx.workspace.connections.add({ name: 'pb', kind: 'productboard', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
  ctx.workspace.records.upsertPage(id, 'run', [{ remoteId: 'u1', email: 'ann@x.io', externalId: 'e-ann', deprecatedExternalIds: [], name: 'Ann', company: null, status: 'active', raw: {} }], 'now');
});

const preview = (text: string, thread: ReadThread = 'caller') => previewImport(ctx, { connection: 'pb', text, file: 'f.csv', thread });
const rowsOf = (p: ImportPreview) => Array.from({ length: p.rows.rows }, (_, i) => previewRow(p, i));

// Every reading test runs in the caller's thread and in the worker large files get.
describe.each(['caller', 'worker'] as const)('import preview reading (SPEC §7.2), %s thread', (thread) => {
  it('reads ; and tab delimited files, quoted cells with embedded newlines, CRLF', async () => {
    for (const d of [';', '\t', ',']) {
      const p = await preview(`email${d}external_id${d}name\r\nann@x.io${d}e-ann${d}"Ann${d} ""A""\r\nSmith"\r\nbo@x.io${d}e-bo${d}Bo\r\n`, thread);
      expect(rowsOf(p).map((r) => [r.line, r.email, r.strict.action])).toEqual([
        [2, 'ann@x.io', 'match'],
        [4, 'bo@x.io', 'create'],
      ]);
      expect(rowsOf(p)[0]!.name).toBe(`Ann${d} "A"\r\nSmith`);
    }
  });

  it('reports bad rows by line and goes on: wrong cell count, invalid email, unterminated quote', async () => {
    const p = await preview('email,external_id\nann@x.io,e-ann\nbad,x1\nc@x.io,e-c,extra\nd@x.io,e-d\n"e@x.io,e-e\n', thread);
    expect(p.problems).toEqual([
      { line: 3, message: '"bad" is not a valid email' },
      { line: 4, message: 'expected 2 cells like the header, found 3' },
      { line: 6, message: 'a quoted cell is never closed' },
    ]);
    expect(rowsOf(p).map((r) => r.line)).toEqual([2, 5]);
  });

  it('plans strict and lenient side by side: M4 fails strictly and detaches leniently', async () => {
    const p = await preview('email,external_id\nANN@x.io,e-other\n', thread);
    expect(rowsOf(p)[0]!.strict).toMatchObject({ action: 'fail', reason: 'email_taken_by_other_external_id' });
    expect(rowsOf(p)[0]!.lenient).toMatchObject({ action: 'create-detached' });
    expect(p.counts).toEqual({ strict: { fail: 1 }, lenient: { 'create-detached': 1 } });
  });

  it("gives the file's checksum as sha256sum would, BOM and all (of the text when handed text)", async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('email,external_id\r\nann@x.io,e-ann\r\n')]);
    const file = join(dir, 'bom.csv');
    writeFileSync(file, bytes);
    const fromFile = await previewImport(ctx, { connection: 'pb', file, thread });
    expect(fromFile.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(fromFile.rows.rows).toBe(1);
    expect((await preview('email\nann@x.io\n', thread)).sha256).toBe(createHash('sha256').update('email\nann@x.io\n').digest('hex'));
  });
});

describe('rekey preview (real process)', () => {
  const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

  it('reads UTF-16 with a BOM and writes the report', () => {
    ctx.workspace.close();
    const csv = join(dir, 'u16.csv');
    writeFileSync(csv, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\texternal_id\r\nann@x.io\te-ann\r\nnew@x.io\tn1\r\n', 'utf16le')]));
    const out = join(dir, 'report.html');
    const r = runRekey(['--db', join(dir, 'w.rekey'), 'preview', csv, '--into', 'pb', '--mode', 'strict', '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 2, counts: { match: 1, create: 1 }, report: out });
    expect(readFileSync(out, 'utf8')).toContain('<h2>Summary</h2>');
  });

  it('speaks to a person without --json, and the report names the file, not the folders it sat in', () => {
    ctx.workspace.close();
    const csv = join(dir, 'acme-clients.csv');
    writeFileSync(csv, 'email,external_id\nann@x.io,e-ann\nnew@x.io,n1\nnot-an-email,n2\n');
    const out = join(dir, 'report.html');
    const plan = join(dir, 'plan.csv');
    const r = runRekey(['--db', join(dir, 'w.rekey'), 'preview', csv, '--into', 'pb', '--mode', 'strict', '--out', out, '--plan-csv', plan]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        `${csv} into pb, strict mode: 2 rows read. Nothing was sent.`,
        '  Matched      1  Already exists and will be matched.',
        '  Created      1  Will be created.',
        '  Left by hand 0  every row goes through the API',
        '  Unreadable   1  rows of the file that could not be read:',
        '      line 4: "not-an-email" is not a valid email',
        `Report: ${out}`,
        `Plan, every row in both modes: ${plan}`,
        '--json prints the whole preview, with the first 100 decisions.',
        '',
      ].join('\n'),
    );
    const report = readFileSync(out, 'utf8');
    expect(report).toContain('<h1>Import preview: acme-clients.csv</h1>');
    expect(report).not.toContain(dir);
  });

  it('refuses a file that is not text with exit 2 and one line, the workspace byte-identical', () => {
    ctx.workspace.close();
    const db = join(dir, 'w.rekey');
    runRekey(['--db', db, 'users', 'list']); // settle the WAL into the file
    const before = sha(db);
    const bin = join(dir, 'export.xlsx');
    writeFileSync(bin, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00]));
    const r = runRekey(['--db', db, 'preview', bin, '--into', 'pb', '--mode', 'strict']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('export.xlsx: not a readable .xlsx (its zip directory is damaged)')]);
    expect(sha(db)).toBe(before);
  });
});
