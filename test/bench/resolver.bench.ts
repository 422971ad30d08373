import { checkRenames, resolveRows, type IdentityUser, type IncomingIdentity } from '../../src-shared/resolver';
import { emitBenchRow, peakRssMiB } from './bench-row';

/**
 * Issue 4: resolve N incoming × N users (linear growth), rename check of 10k and 1M rows.
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

// Three runs of each size, the median kept: a single run varies by a tenth or more on
// this machine, and the growth below is a ratio of two of them.
const resolveTimes: number[] = [];
for (const n of [100_000, 1_000_000]) {
  const u = users(n);
  const rows = incoming(n);
  const runs = [0, 1, 2].map(() => time(() => resolveRows(u, rows, 'lenient'))[1]).sort((a, b) => a - b);
  const seconds = runs[1]!;
  resolveTimes.push(seconds);
  emitBenchRow({
    suite: 'resolver',
    name: `resolve ${n.toLocaleString('en-US')} incoming × ${n.toLocaleString('en-US')} users (lenient); median of ${runs.map((r) => r.toFixed(2)).join(', ')} s`,
    value: Number(seconds.toFixed(3)),
    unit: 's',
    peakRssMiB: peakRssMiB(),
  });
}
const growth = resolveTimes[1]! / resolveTimes[0]!;
emitBenchRow({
  suite: 'resolver',
  name: 'resolve time growth 100k → 1M (10× rows)',
  value: Number(growth.toFixed(2)),
  unit: '×',
  goal: { text: 'linear: ≤ 15× for 10× the rows', met: growth <= 15 },
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
