#!/usr/bin/env node
// The bundled app starts the import preview's reading thread from out/main/incoming-worker.js
// (electron.vite.config.ts). Tests run the sources through tsx, so this checks the built
// file itself: it reads a small CSV and reports its header, its rows and a bad line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'rekey-bundle-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const csv = join(dir, 'people.csv');
writeFileSync(csv, 'email,external_id\nann@x.io,e1\nnot-an-email,e2\n');
// The app's bundle, or the CLI's (scripts/build-cli.js) with `--cli`.
const which = process.argv.includes('--cli') ? 'cli' : 'main';
const worker = new Worker(join(root, 'out', which, 'incoming-worker.js'));
const seen = [];
const timer = setTimeout(() => fail('no answer in 10 s'), 10_000);
function fail(why) {
  process.stderr.write(`bundle: out/${which}/incoming-worker.js ${why}\n`);
  process.exit(1);
}
worker.on('error', (e) => fail(`failed: ${e.message}`));
worker.on('message', (m) => {
  seen.push(m);
  if (m.type === 'error') fail(`refused the file: ${m.error.message}`);
  if (m.type !== 'end') return;
  clearTimeout(timer);
  void worker.terminate();
  const head = seen.find((x) => x.type === 'head');
  const rows = seen.filter((x) => x.type === 'chunk').reduce((n, x) => n + x.chunk.rows, 0);
  const ok = head?.head.mapping.email === 0 && rows === 1 && m.end.problems[0]?.line === 3;
  if (!ok) fail(`answered wrongly: ${JSON.stringify(seen).slice(0, 300)}`);
  process.stdout.write(`bundle: out/${which}: the reading thread reads a CSV (1 row, line 3 reported)\n`);
});
worker.postMessage({ file: csv, saved: {} });
