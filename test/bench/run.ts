import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTempDir } from '../support/temp-dir';
import { BENCH_ROW_PREFIX, type BenchRow } from './bench-row';

/**
 * `npm run bench`: runs every test/bench/*.bench.ts in its own process (so each one's
 * peak RSS is its own), collects their rows and prints one table.
 * `npm run bench -- resolver` runs only the suites whose file name contains "resolver".
 */
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const filter = process.argv[2];
const suites = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.includes(filter))
  .sort();

// The code a user runs: the CLI bundle, and its reading thread, which a preview from source
// also starts while the bundle is fresh (src-main/services/incoming-reader.ts).
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.js')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (build.status !== 0) throw new Error('bench: building the CLI bundle failed');

const rows: BenchRow[] = [];
let failures = 0;
for (const file of suites) {
  process.stderr.write(`bench: ${file}…\n`);
  const temp = runTempDir('bench');
  const child = spawnSync(process.execPath, ['--expose-gc', join(root, 'bin', 'run-ts.js'), join(here, file)], {
    cwd: root,
    env: { ...process.env, TMPDIR: temp.dir },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 15 * 60 * 1000,
  });
  temp.remove();
  for (const line of child.stdout.split('\n')) {
    if (line.startsWith(BENCH_ROW_PREFIX)) rows.push(JSON.parse(line.slice(BENCH_ROW_PREFIX.length)) as BenchRow);
  }
  if (child.status !== 0) {
    failures++;
    process.stderr.write(`bench: ${file} exited with ${child.status ?? child.signal}\n`);
  }
}

function fmt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

const table = [
  ['suite', 'measure', 'figure', 'baseline', 'ratio', 'peak RSS', 'goal', 'met'],
  ...rows.map((r) => [
    r.suite,
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.baseline ? `${fmt(r.baseline.value)} ${r.unit} (${r.baseline.label})` : '',
    r.baseline && r.baseline.value ? `${(r.value / r.baseline.value).toFixed(2)}×` : '',
    r.peakRssMiB !== undefined ? `${fmt(r.peakRssMiB)} MiB` : '',
    r.goal?.text ?? '',
    r.goal ? (r.goal.met ? 'yes' : 'NO') : '',
  ]),
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
process.stdout.write([line(table[0]!), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...table.slice(1).map(line)].join('\n') + '\n');
process.exitCode = failures ? 1 : 0;
