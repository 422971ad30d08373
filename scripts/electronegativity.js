#!/usr/bin/env node
// Issue 10: Electronegativity over the built shell, preload and renderer; fails on any
// HIGH or MEDIUM finding. PreloadJSCheck (PRELOAD_JS_CHECK) is excluded: it fires for every preload
// ("review the use of preload scripts"); ours is reviewed in SECURITY.md — it exposes
// only invoke(channel, input) and onEvent(listener) through contextBridge.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const dir = mkdtempSync(join(tmpdir(), 'rekey-en-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const out = join(dir, 'findings.csv');
const run = spawnSync(
  process.execPath,
  [join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js'), '-i', join(root, 'out'), '-e', electronVersion, '-x', 'PreloadJSCheck', '-v', 'false', '-o', out],
  { encoding: 'utf8', timeout: 120_000 },
);
if (run.status !== 0) {
  process.stderr.write(run.stderr || run.stdout);
  process.exit(1);
}
const findings = readFileSync(out, 'utf8').trim().split('\n').slice(1).filter(Boolean);
const serious = findings.filter((line) => /^[A-Z_]+,"(HIGH|MEDIUM)"/.test(line));
process.stdout.write(`electronegativity: ${findings.length} findings, ${serious.length} high or medium\n`);
for (const line of serious) process.stdout.write(`  ${line.slice(0, 200)}\n`);
process.exit(serious.length ? 1 : 0);
