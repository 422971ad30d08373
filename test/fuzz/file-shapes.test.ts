import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { strToU8, Zip, ZipDeflate } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli';

/**
 * Issue 24: files of extreme shape, made here, through the real CLI (a child process,
 * so that its peak memory is its own): each command ends with exit 0 or 2, at most one
 * line of at most 300 characters on stderr, never an "internal error", the workspace
 * byte-identical when it refuses, and a peak RSS of at most 600 MiB.
 *
 * `npm test` runs sizes that take seconds; `npm run fuzz` (FUZZ_RUNS set) runs the full
 * sizes of the issue and prints the peak RSS of every shape as a table.
 */
const FULL = process.env.FUZZ_RUNS !== undefined;
const MiB = 1 << 20;
const size = (full: number, small: number) => (FULL ? full : small);
const PEAK_RSS_LIMIT_MIB = 600;

let dir: string;
let db: string;
const peaks: { shape: string; command: string; exit: number; seconds: number; peakMiB: number }[] = [];
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  peakMiB: number;
  seconds: number;
}

/** Runs bin/rekey.js with the peak-RSS probe; stdout is counted, not kept (a preview's JSON can be large). */
function rekey(args: string[]): Promise<Run> {
  const rssFile = join(dir, `rss-${peaks.length}-${Date.now()}`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(join(repoRoot, 'test', 'fuzz', 'peak-rss.mjs')).href, join(repoRoot, 'bin', 'rekey.js'), '--db', db, ...args], {
      cwd: repoRoot,
      env: { ...process.env, REKEY_ACTOR: 'test', REKEY_PEAK_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const peakMiB = existsSync(rssFile) ? Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024) : NaN;
      resolve({ code, signal, stderr, peakMiB, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Writes a file of `total` bytes in 1 MiB pieces: a 100 MB test file is never one string here. */
function writeRepeated(path: string, head: string, unit: string, total: number, tail = ''): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head);
    const piece = unit.repeat(Math.max(1, Math.floor(MiB / unit.length)));
    let left = total - head.length - tail.length;
    while (left > 0) {
      const part = left >= piece.length ? piece : piece.slice(0, left);
      writeSync(fd, part);
      left -= part.length;
    }
    writeSync(fd, tail);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes an .xlsx whose parts stream through fflate's Zip as they are made: a sheet of
 * 1 GB is never in memory here either. Each part is text pieces from a generator.
 */
function writeXlsx(path: string, parts: Record<string, () => Iterable<string>>): void {
  const fd = openSync(path, 'w');
  try {
    const zip = new Zip((err, chunk) => {
      if (err) throw err;
      writeSync(fd, chunk);
    });
    const whole = {
      'xl/workbook.xml': () => ['<workbook xmlns:r="r"><sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>'],
      'xl/_rels/workbook.xml.rels': () => ['<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'],
      ...parts,
    };
    for (const [name, pieces] of Object.entries(whole)) {
      const entry = new ZipDeflate(name, { level: 1 });
      zip.add(entry);
      for (const piece of pieces()) entry.push(strToU8(piece));
      entry.push(new Uint8Array(0), true);
    }
    zip.end();
  } finally {
    closeSync(fd);
  }
}

function* repeated(head: string, unit: string, total: number, tail: string): Iterable<string> {
  yield head;
  const piece = unit.repeat(Math.max(1, Math.floor(MiB / unit.length)));
  for (let left = total; left > 0; left -= piece.length) yield piece;
  yield tail;
}

async function expectBounded(shape: string, args: string[]): Promise<Run> {
  const before = sha(db);
  const r = await rekey(args);
  peaks.push({ shape, command: args.slice(0, 2).filter((a) => !a.includes('/') && !a.startsWith('--')).join(' '), exit: r.code ?? -1, seconds: r.seconds, peakMiB: r.peakMiB });
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(r.signal, `${shape}: ${args.join(' ')} was killed`).toBeNull();
  expect([0, 2], `${shape}: ${args.join(' ')}: ${r.stderr.slice(0, 500)}`).toContain(r.code);
  expect(lines.length, r.stderr.slice(0, 500)).toBeLessThanOrEqual(1);
  if (r.code === 2) expect(lines).toHaveLength(1);
  for (const line of lines) {
    expect(line.length, line.slice(0, 500)).toBeLessThanOrEqual(300);
    expect(line).not.toContain('internal error');
  }
  if (r.code !== 0) expect(sha(db), `${shape}: the workspace changed on a refusal`).toBe(before);
  expect(r.peakMiB, `${shape}: ${args.join(' ')}: no peak RSS (the process did not exit normally)`).toBeGreaterThan(0);
  expect(r.peakMiB, `${shape}: ${args.join(' ')}: peak RSS`).toBeLessThanOrEqual(PEAK_RSS_LIMIT_MIB);
  return r;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rekey-fuzz-shapes-'));
  db = join(dir, 'w.rekey');
  const r = await rekey(['connections', 'add', 'pb', '--kind', 'productboard', '--url', 'http://127.0.0.1:9', '--token-env', 'FUZZ_TOKEN']);
  expect(r.code, r.stderr).toBe(0);
  writeFileSync(join(dir, 'users.json'), JSON.stringify([{ id: 'u1', email: 'a@x.io', externalId: 'e1' }]));
}, 120_000);

afterAll(() => {
  if (FULL && peaks.length) {
    const rows = peaks.map((p) => `| ${p.shape.padEnd(34)} | ${p.command.padEnd(18)} | ${String(p.exit).padStart(4)} | ${p.seconds.toFixed(1).padStart(6)} s | ${String(p.peakMiB).padStart(5)} MiB |`);
    process.stdout.write(['', `Peak RSS per shape (limit ${PEAK_RSS_LIMIT_MIB} MiB)`, '| shape                              | command            | exit |  time    | peak RSS  |', '|---|---|---|---|---|', ...rows, ''].join('\n') + '\n');
  }
  rmSync(dir, { recursive: true, force: true });
});

const TIMEOUT = FULL ? 900_000 : 120_000;
const mb = (n: number) => `${Math.round(n / 1e6)} MB`;

describe(`files of extreme shape through the CLI (issue 24, ${FULL ? 'full' : 'small'} sizes)`, () => {
  it(
    'one line of 64 MB',
    async () => {
      const bytes = size(64 * MiB, 3 * MiB);
      const shape = `a ${mb(bytes)} line`;
      const file = join(dir, 'long-line.csv');
      writeRepeated(file, 'email,external_id,name\nann@x.io,e1,Ann\nbo@x.io,e2,', 'n', bytes, '\ncy@x.io,e3,Cy\n');
      const preview = await expectBounded(shape, ['preview', file, '--into', 'pb', '--mode', 'strict']);
      expect(preview.code).toBe(0); // the long row is a bad row, the others are read
      await expectBounded(shape, ['changesets', 'create', '--kind', 'import', '--connection', 'pb', '--file', file]);
      const renames = join(dir, 'long-renames.csv');
      writeRepeated(renames, 'current_external_id,new_external_id\ne1,', 'r', bytes, '\n');
      const check = await expectBounded(shape, ['renames', 'check', '--users', join(dir, 'users.json'), '--renames', renames]);
      expect(check.stderr).toMatch(/long-renames\.csv:2: a cell of [\d,]+ characters, longer than the 1 MiB limit/);
    },
    TIMEOUT,
  );

  it(
    '300,000 columns',
    async () => {
      const columns = 300_000;
      const file = join(dir, 'wide.csv');
      const header = Array.from({ length: columns }, (_, i) => `c${i}`).join(',');
      const row = Array.from({ length: columns }, (_, i) => String(i % 10)).join(',');
      writeFileSync(file, `${header}\n${row}\n${row}\n`);
      const check = await expectBounded('300,000 columns', ['renames', 'check', '--users', join(dir, 'users.json'), '--renames', file]);
      expect(check.stderr).toMatch(/wide\.csv:1: missing column "current_external_id" \(found 300,000 columns: "c0", "c1", .* and 299,\d{3} more\)/);
      await expectBounded('300,000 columns', ['preview', file, '--into', 'pb', '--mode', 'strict']);
      await expectBounded('300,000 columns', ['changesets', 'create', '--kind', 'merge', '--connection', 'pb', '--file', file]);
    },
    TIMEOUT,
  );

  it(
    '2,000,000 one-character rows',
    async () => {
      const rows = size(2_000_000, 200_000);
      const file = join(dir, 'many-rows.csv');
      writeRepeated(file, 'email\n', 'x\n', 6 + rows * 2);
      await expectBounded(`${rows.toLocaleString('en-US')} one-character rows`, ['preview', file, '--into', 'pb', '--mode', 'strict']);
      const renames = join(dir, 'many-renames.csv');
      writeRepeated(renames, 'current_external_id,new_external_id\n', 'x\n', 36 + rows * 2);
      const staged = await expectBounded(`${rows.toLocaleString('en-US')} one-character rows`, ['changesets', 'create', '--kind', 'rename', '--connection', 'pb', '--file', renames]);
      expect(staged.stderr).toMatch(/many-renames\.csv:2: expected 2 cells like the header, found 1/);
    },
    TIMEOUT,
  );

  it(
    'a file of 100 MB with no line break',
    async () => {
      const bytes = size(100 * MiB, 3 * MiB);
      const shape = `${mb(bytes)}, no line break`;
      const oneCell = join(dir, 'no-newline.csv');
      writeRepeated(oneCell, '', 'a', bytes);
      const preview = await expectBounded(shape, ['preview', oneCell, '--into', 'pb', '--mode', 'strict']);
      expect(preview.stderr).toMatch(/no-newline\.csv:1: the header has a cell of [\d,]+ characters, longer than the 1 MiB limit/);
      const cells = join(dir, 'no-newline-cells.csv');
      writeRepeated(cells, '', 'abc,', bytes);
      await expectBounded(`${shape}, short cells`, ['preview', cells, '--into', 'pb', '--mode', 'strict']);
      await expectBounded(`${shape}, short cells`, ['renames', 'check', '--users', join(dir, 'users.json'), '--renames', cells]);
    },
    TIMEOUT,
  );

  it(
    'an .xlsx zip bomb and a huge sheet',
    async () => {
      const bomb = join(dir, 'bomb.xlsx');
      // One shared text inflating past the 256 MiB limit: a few hundred kilobytes on disk.
      const sharedBytes = size(300 * MiB, 3 * MiB);
      writeXlsx(bomb, {
        'xl/sharedStrings.xml': () => repeated('<sst><si><t>', 'x', sharedBytes, '</t></si></sst>'),
        'xl/worksheets/sheet1.xml': () => ['<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'],
      });
      const refused = await expectBounded(`.xlsx: ${mb(sharedBytes)} of shared texts`, ['preview', bomb, '--into', 'pb', '--mode', 'strict']);
      expect(refused.stderr).toMatch(FULL ? /bomb\.xlsx: xl\/sharedStrings\.xml holds a text of more than 16 MiB, the limit/ : /bomb\.xlsx, sheet "People", row 1: the header has column A: a cell of 3,145,728 characters/);
      const huge = join(dir, 'huge-sheet.xlsx');
      // Mostly rows with nothing to read (a formula and no value), one email in fifty: the
      // sheet streams through and only the rows with something in them are kept.
      const sheetBytes = size(600 * MiB, 6 * MiB);
      const row = `${'<row><c><f>SUM(A1:A9)</f></c></row>'.repeat(49)}<row><c t="inlineStr"><is><t>x@y.io</t></is></c></row>`;
      writeXlsx(huge, { 'xl/worksheets/sheet1.xml': () => repeated('<worksheet><sheetData><row><c t="inlineStr"><is><t>email</t></is></c></row>', row, sheetBytes, '</sheetData></worksheet>') });
      await expectBounded(`.xlsx: a sheet of ${mb(sheetBytes)}`, ['preview', huge, '--into', 'pb', '--mode', 'strict']);
      await expectBounded(`.xlsx: a sheet of ${mb(sheetBytes)}`, ['renames', 'check', '--users', join(dir, 'users.json'), '--renames', huge]);
    },
    TIMEOUT,
  );

  it(
    'JSON nested a million deep',
    async () => {
      const depth = size(10_000_000, 1_000_000);
      const file = join(dir, 'deep.json');
      writeFileSync(file, '['.repeat(depth) + ']'.repeat(depth));
      const resolve = await expectBounded('deeply nested JSON', ['resolve', '--users', join(dir, 'users.json'), '--incoming', file, '--mode', 'strict']);
      expect(resolve.stderr).toContain('deep.json:1:65: JSON nested more than 64 levels deep');
      await expectBounded('deeply nested JSON', ['review', 'import', file]);
    },
    TIMEOUT,
  );

  it(
    'a JSON string of 50 MB',
    async () => {
      const bytes = size(50 * MiB, 3 * MiB);
      const file = join(dir, 'long-string.json');
      writeRepeated(file, '[{"id":"u2","email":"', 's', bytes, '"}]');
      const resolve = await expectBounded(`a JSON string of ${mb(bytes)}`, ['resolve', '--users', file, '--incoming', join(dir, 'users.json'), '--mode', 'strict']);
      expect(resolve.stderr).toMatch(/long-string\.json:1:21: a JSON string of [\d,]+ characters, longer than the 1 MiB limit/);
      await expectBounded(`a JSON string of ${mb(bytes)}`, ['review', 'import', file]);
    },
    TIMEOUT,
  );
});
