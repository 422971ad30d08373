import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRenames, type IdentityUser, type IncomingIdentity } from '../../src-shared/resolver';
import { repoRoot } from '../support/cli';
import { emitBenchRow, peakRssMiB } from './bench-row';

/**
 * Issues 4 and 22: `rekey resolve` N incoming × N users (linear growth, bounded memory), rename check of 10k and 1M rows.
 * Data is generated in memory, deterministically: a third of incoming rows match by
 * external id, a third by email (half of those backfill), a third are new.
 */
function users(n: number): IdentityUser[] {
  const out: IdentityUser[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = i % 2 === 0 ? { id: `u${i}`, email: `user${i}@example.com`, externalId: `ext-${i}`, deprecatedExternalIds: [] } : { id: `u${i}`, email: `user${i}@example.com`, deprecatedExternalIds: [] };
  }
  return out;
}

function incoming(n: number): IncomingIdentity[] {
  const out: IncomingIdentity[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    out[i] = k === 0 ? { externalId: `ext-${i - (i % 2)}` } : k === 1 ? { externalId: `new-${i}`, email: `USER${i}@example.com` } : { externalId: `fresh-${i}`, email: `fresh${i}@example.com` };
  }
  return out;
}

function time<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const value = fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e9];
}

/**
 * `rekey resolve` at 100k and 1M (issue 22): each run a process of its own running the
 * command's code on files written beforehand (resolve-cli-run.ts), three runs of each size
 * with the median kept — a single run varies by a tenth or more on this machine, and the
 * growth below is a ratio of two of them. Peak RSS is the largest of the 1M runs.
 */
function writeJsonArray(path: string, n: number, item: (i: number) => unknown): void {
  const fd = openSync(path, 'w');
  let text = '[';
  for (let i = 0; i < n; i++) {
    text += (i ? ',' : '') + JSON.stringify(item(i));
    if (text.length > 1 << 20) {
      writeSync(fd, text);
      text = '';
    }
  }
  writeSync(fd, text + ']');
  closeSync(fd);
}

const dir = mkdtempSync(join(tmpdir(), 'rekey-bench-resolve-'));
const resolveTimes: number[] = [];
let peak1M = 0;
for (const n of [100_000, 1_000_000]) {
  const usersFile = join(dir, `users-${n}.json`);
  const incomingFile = join(dir, `incoming-${n}.json`);
  const u = users(n);
  writeJsonArray(usersFile, n, (i) => u[i]);
  const rows = incoming(n);
  writeJsonArray(incomingFile, n, (i) => rows[i]);
  const runs: { seconds: number; peakRssMiB: number; bytes: number }[] = [];
  for (let run = 0; run < 3; run++) {
    const child = spawnSync(process.execPath, [join(repoRoot, 'bin', 'run-ts.js'), join(repoRoot, 'test', 'bench', 'resolve-cli-run.ts'), usersFile, incomingFile, join(dir, 'out.json')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 5 * 60 * 1000 });
    if (child.status !== 0) throw new Error(`rekey resolve at ${n} exited with ${child.status ?? child.signal}`);
    runs.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as { seconds: number; peakRssMiB: number; bytes: number });
  }
  const seconds = runs.map((r) => r.seconds).sort((a, b) => a - b)[1]!;
  const peak = Math.max(...runs.map((r) => r.peakRssMiB));
  if (n === 1_000_000) peak1M = peak;
  resolveTimes.push(seconds);
  emitBenchRow({
    suite: 'resolver',
    name: `rekey resolve ${n.toLocaleString('en-US')} incoming × ${n.toLocaleString('en-US')} users (lenient, files in, ${Math.round(runs[0]!.bytes / 1e6)} MB of JSON out); median of ${runs.map((r) => r.seconds.toFixed(2)).join(', ')} s`,
    value: Number(seconds.toFixed(3)),
    unit: 's',
    peakRssMiB: peak,
    ...(n === 1_000_000 ? { goal: { text: 'peak RSS ≤ 1 GB', met: peak <= 1024 } } : {}),
  });
}
rmSync(dir, { recursive: true, force: true });
const growth = resolveTimes[1]! / resolveTimes[0]!;
emitBenchRow({
  suite: 'resolver',
  name: `rekey resolve time growth 100k → 1M (10× rows); peak RSS at 1M ${peak1M} MiB`,
  value: Number(growth.toFixed(2)),
  unit: '×',
  goal: { text: 'linear: ≤ 12× for 10× the rows', met: growth <= 12 },
});

for (const n of [10_000, 1_000_000]) {
  const u: IdentityUser[] = [];
  for (let i = 0; i < n; i++) u.push({ id: `u${i}`, externalId: `legacy-${i}`, deprecatedExternalIds: [] });
  const renames = u.map((x, i) => ({ current_external_id: x.externalId!, new_external_id: i % 100 === 0 ? `legacy-${i + 1}` : `usr_${i}` }));
  const [result, seconds] = time(() => checkRenames(u, renames));
  emitBenchRow({
    suite: 'resolver',
    name: `renames check ${n.toLocaleString('en-US')} rows (${result.rename_errors.length} errors)`,
    value: Number(seconds.toFixed(3)),
    unit: 's',
    peakRssMiB: peakRssMiB(),
    ...(n === 10_000 ? { goal: { text: '< 0.2 s', met: seconds < 0.2 } } : {}),
  });
}
