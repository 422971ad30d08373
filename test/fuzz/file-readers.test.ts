import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';

/**
 * Issue 10: property-based fuzzing of every file-reading command, in-process so a
 * thousand cases run in seconds. Whatever the bytes, a command either succeeds or
 * exits 2 with one line naming the file — and a failed command leaves the workspace
 * byte-identical. `FUZZ_RUNS=20000 npx vitest run test/fuzz` runs a longer campaign.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
// npm test runs a fixed seed (a green run stays green); npm run fuzz explores new ones.
const SEED = process.env.FUZZ_RUNS ? undefined : 20261124;
const settings = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) };
let dir: string;
let db: string;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function rekey(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--db', db, ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTty: false }, new AbortController().signal);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rekey-fuzz-'));
  db = join(dir, 'w.rekey');
  process.env.FUZZ_TOKEN = 'x';
  await rekey(['connections', 'add', 'pb', '--kind', 'productboard', '--url', 'http://127.0.0.1:9', '--token-env', 'FUZZ_TOKEN']);
  writeFileSync(join(dir, 'users.json'), JSON.stringify([{ id: 'u1', email: 'a@x.io', externalId: 'e1' }]));
});

/** CSV-ish text: the characters that break parsers, in lines. */
const csvText = fc.oneof(
  fc.array(fc.array(fc.constantFrom('a', 'current_external_id', 'new_external_id', 'email', '"', '""', ',', ';', '\t', '\r', '\n', '\r\n', ' ', 'é', '\u0000', '\uFEFF', 'x@y.io', '1'), { maxLength: 12 }).map((cells) => cells.join('')), { maxLength: 8 }).map((lines) => lines.join('\n')),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
const bytes = fc.oneof(csvText.map((t) => Buffer.from(t)), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)));
const jsonText = fc.oneof(fc.string({ maxLength: 120 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.constantFrom('[{"externalId":1}]', '[{"email":[]}]', '{', '[', '[{"id":"a","email":"x@y.io"},{"id":"b","email":"X@Y.io"}]'));

async function expectCleanOutcome(args: string[], file: string): Promise<void> {
  const before = sha(db);
  const r = await rekey(args);
  if (r.code === 0) return;
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(file);
  expect(sha(db)).toBe(before);
}

describe('fuzzing every file reader (issue 10)', () => {
  it(`renames check: ${RUNS} CSVs`, async () => {
    await fc.assert(
      fc.asyncProperty(bytes, async (content) => {
        const file = join(dir, 'renames.csv');
        writeFileSync(file, content);
        await expectCleanOutcome(['renames', 'check', '--users', join(dir, 'users.json'), '--renames', file], file);
      }),
      settings,
    );
  });

  it(`resolve: ${RUNS} JSON files`, async () => {
    await fc.assert(
      fc.asyncProperty(jsonText, async (content) => {
        const file = join(dir, 'incoming.json');
        writeFileSync(file, content);
        await expectCleanOutcome(['resolve', '--users', join(dir, 'users.json'), '--incoming', file, '--mode', 'strict'], file);
      }),
      settings,
    );
  });

  it(`review import: ${RUNS} bundles`, async () => {
    await fc.assert(
      fc.asyncProperty(jsonText, async (content) => {
        const file = join(dir, 'bundle.json');
        writeFileSync(file, content);
        const before = sha(db);
        const r = await rekey(['review', 'import', file]);
        expect(r.code, r.stderr).toBe(2); // random content is never a valid bundle
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain(file);
        expect(sha(db)).toBe(before);
      }),
      settings,
    );
  });

  it(`preview and workspaces: ${RUNS} files`, async () => {
    await fc.assert(
      fc.asyncProperty(bytes, fc.boolean(), async (content, asWorkspace) => {
        const file = join(dir, asWorkspace ? 'other.rekey' : 'client.csv');
        writeFileSync(file, content);
        if (asWorkspace) {
          const r = await runCli(['--db', file, 'users', 'list'], { stdout: () => undefined, stderr: () => undefined, stderrIsTty: false }, new AbortController().signal);
          if (content.length > 0) {
            expect(r).toBe(2);
            expect(readFileSync(file).equals(content)).toBe(true);
          }
          return;
        }
        const before = sha(db);
        const r = await rekey(['preview', file, '--into', 'pb', '--mode', 'strict']);
        if (r.code !== 0) {
          expect(r.code, r.stderr).toBe(2);
          expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
          expect(r.stderr).toContain(file);
          expect(sha(db)).toBe(before);
        }
      }),
      settings,
    );
  });
});
