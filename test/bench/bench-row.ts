/**
 * One line of the `npm run bench` table. A suite prints its rows as JSON lines
 * prefixed with BENCH_ROW so the runner can collect them from a child process.
 */
export interface BenchRow {
  suite: string;
  /** What was measured: "resolve 1M incoming × 1M users". */
  name: string;
  value: number;
  unit: string;
  /** What the figure is compared with, when there is one (DuckDB's time, the rate ceiling…). */
  baseline?: { value: number; label: string };
  /** The goal in words, with whether the figure met it. */
  goal?: { text: string; met: boolean };
  /** Peak resident set size of the suite's process, MiB. */
  peakRssMiB?: number;
}

export const BENCH_ROW_PREFIX = 'BENCH_ROW ';

export function emitBenchRow(row: BenchRow): void {
  process.stdout.write(BENCH_ROW_PREFIX + JSON.stringify(row) + '\n');
}

export function peakRssMiB(): number {
  // resourceUsage().maxRSS is in KiB on every platform Node supports.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
