import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PulledRecord } from '../../src-shared/model/record';
import { createServiceContext } from '../../src-main/services/context';
import { buildIdentitySnapshot } from '../../src-main/services/identity-snapshot';
import { prepareIncomingReader } from '../../src-main/services/incoming-reader';
import { previewImport } from '../../src-main/services/preview';
import { previewMany } from '../../src-main/services/preview-many';
import { openWorkspace } from '../../src-main/store/workspace';
import { repoRoot } from '../support/cli';
import { countDifferences } from './bench-judge';
import { emitBenchRow, peakRssMiB } from './bench-row';

/**
 * Issue 7: preview 1,000,000 incoming rows against 1,000,000 pulled users, against
 * DuckDB joining the same two CSVs on external id and on lower-cased email, in the
 * same run. Goal: ≤ 1.5× DuckDB's time, peak RSS ≤ 1.5 GB.
 *
 * The files and the workspace are made first; then each side runs in a process of its
 * own, so that each time and each peak RSS is that side's alone (not the setup's, and
 * not the other side's). Both clocks start at the same point (issue 23): the side's
 * first step, with the same modules loaded in both (one file), before DuckDB creates
 * its database and before rekey starts its reading thread and opens the workspace.
 * Both sides count the rows per action; a count that differs fails the bench.
 */
const N = Number(process.env.PREVIEW_ROWS ?? 1_000_000);
const RUNS = 5;

interface Run {
  seconds: number;
  rss: number;
  counts: Record<string, number>;
  /** Rekey: the part of `seconds` before the preview proper (thread started, workspace open). */
  setupSeconds?: number;
}

/** The run with the median time (its peak RSS goes with it). */
const median = (runs: Run[]): Run => [...runs].sort((a, b) => a.seconds - b.seconds)[runs.length >> 1]!;
const [role, dir] = process.argv.slice(2);
const files = (d: string) => ({ users: join(d, 'users.csv'), incoming: join(d, 'incoming.csv'), workspace: join(d, 'w.rekey') });

/** The small target of the all-new rows: users in each of its connections. */
const FEW_USERS = 40;
/** The connections of the all-new case's workspace, one per kind the shared resolver plans. */
const FEW_CONNECTIONS = [
  { name: 'pb', kind: 'productboard' },
  { name: 'scim', kind: 'productboard-scim' },
  { name: 'braze', kind: 'braze' },
] as const;

if (role === 'duckdb') await duckdbSide(dir!);
else if (role === 'rekey') await rekeySide(dir!, 'saved');
else if (role === 'rekey-cold') await rekeySide(dir!, 'cold');
else if (role === 'rekey-many') await rekeyManySide(dir!);
else {
  for (const scenario of [main, allNew]) {
    const d = mkdtempSync(join(tmpdir(), 'rekey-bench-preview-'));
    try {
      await scenario(d);
    } finally {
      rmSync(d, { recursive: true, force: true }); // two CSVs and a workspace: about 0.5 GB
    }
  }
}

function side(name: string, d: string): Run {
  const child = spawnSync(process.execPath, [join(repoRoot, 'bin', 'run-ts.js'), join(repoRoot, 'test', 'bench', 'preview.bench.ts'), name, d], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 10 * 60_000 });
  if (child.status !== 0) throw new Error(`preview bench: the ${name} side exited with ${child.status ?? child.signal}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Run;
}

/** Written data goes to disk before any timing, not during it (see main). */
function syncToDisk(f: ReturnType<typeof files>): void {
  for (const file of [f.users, f.incoming, f.workspace, ...readdirSync(`${f.workspace}.index`).map((x) => join(`${f.workspace}.index`, x))]) {
    const fd = openSync(file, 'r');
    fsyncSync(fd);
    closeSync(fd);
  }
}

// Declarations, not consts: the suite runs from the top of the module, before consts below it exist.
function spread(runs: Run[]): string {
  return runs.map((r) => r.seconds.toFixed(2)).join(', ');
}
function words(counts: Record<string, number>): string {
  return Object.entries(counts).map(([a, k]) => `${a} ${k.toLocaleString('en-US')}`).join(', ');
}

async function main(d: string) {
  const f = files(d);
  // Users: half with an external id; incoming: a third match by id, a third by email, a third new.
  const usersCsv = ['id,email,external_id'];
  const incomingCsv = ['email,external_id,name'];
  for (let i = 0; i < N; i++) usersCsv.push(`u${i},user${i}@example.com,${i % 2 === 0 ? `ext-${i}` : ''}`);
  for (let i = 0; i < N; i++) {
    const k = i % 3;
    incomingCsv.push(k === 0 ? `,ext-${i - (i % 2)},Name ${i}` : k === 1 ? `USER${i}@example.com,new-${i},Name ${i}` : `fresh${i}@example.com,fresh-${i},Name ${i}`);
  }
  writeFileSync(f.users, usersCsv.join('\n') + '\n');
  writeFileSync(f.incoming, incomingCsv.join('\n') + '\n');

  // The same users, pulled into a workspace.
  const ctx = createServiceContext(openWorkspace(f.workspace), 'cli');
  const connectionId = ctx.workspace.connections.add({ name: 'pb', kind: 'productboard', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
  for (let start = 0; start < N; start += 10_000) {
    const page: PulledRecord[] = [];
    for (let i = start; i < Math.min(N, start + 10_000); i++) {
      page.push({ remoteId: `u${i}`, email: `user${i}@example.com`, externalId: i % 2 === 0 ? `ext-${i}` : null, deprecatedExternalIds: [], name: null, company: null, status: 'active', raw: {} });
    }
    ctx.workspace.transaction(() => ctx.workspace.records.upsertPage(connectionId, 'run', page, 'now'));
  }
  // As a pull does at its end: the users' index is saved for the previews that follow.
  buildIdentitySnapshot(ctx, connectionId);
  ctx.workspace.close();

  // Written data goes to disk before any timing, not during it (the first runs were
  // a fifth slower while the kernel wrote half a gigabyte back).
  syncToDisk(f);
  // Each side runs RUNS times, turn about, and the median counts: one run of either
  // varies by a fifth on this machine (DuckDB measured 0.41–0.81 s), and with the two
  // sides now within half of each other, a median of three still flickered.
  const duckRuns: Run[] = [];
  const rekeyRuns: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    duckRuns.push(side('duckdb', d));
    rekeyRuns.push(side('rekey', d));
  }
  const duck = median(duckRuns);
  const rekey = median(rekeyRuns);
  const cold = side('rekey-cold', d);
  const n = N.toLocaleString('en-US');
  // Every run of each side, not only the medians: a side that classified differently once is wrong.
  const differences = [
    ...new Set([
      ...[...rekeyRuns, cold].flatMap((r) => countDifferences(r.counts, duck.counts, ['rekey', 'DuckDB'])),
      ...duckRuns.flatMap((r) => countDifferences(r.counts, duck.counts, ['a DuckDB run', 'the median one'])),
    ]),
  ];
  emitBenchRow({
    suite: 'preview',
    name: `rows per action, every run of rekey against DuckDB: ${differences.length ? `DIFFER — ${differences.join('; ')}` : `the same (${words(rekey.counts)})`}`,
    value: differences.length,
    unit: 'actions differing',
    goal: { text: 'none', met: differences.length === 0 },
  });
  emitBenchRow({ suite: 'preview', name: `DuckDB: create its database, load both CSVs, classify ${n} rows (${words(duck.counts)}); median of ${spread(duckRuns)} s`, value: Number(duck.seconds.toFixed(2)), unit: 's', peakRssMiB: duck.rss });
  emitBenchRow({
    suite: 'preview',
    name: `rekey preview, no saved index (starts its reading thread, opens the workspace, reads and indexes ${n} users, then saves the index)`,
    value: Number(cold.seconds.toFixed(2)),
    unit: 's',
    baseline: { value: Number(duck.seconds.toFixed(2)), label: 'DuckDB' },
    peakRssMiB: cold.rss,
  });
  emitBenchRow({
    suite: 'preview',
    name: `rekey preview ${n} rows × ${n} users, strict, index saved by the pull, clock from before its reading thread (the CLI bundle's, as rekey preview runs it) and workspace (${words(rekey.counts)}); median of ${spread(rekeyRuns)} s`,
    value: Number(rekey.seconds.toFixed(2)),
    unit: 's',
    baseline: { value: Number(duck.seconds.toFixed(2)), label: 'DuckDB' },
    peakRssMiB: rekey.rss,
    goal: { text: '≤ 1.5× DuckDB, ≤ 1,536 MiB, same counts', met: rekey.seconds <= duck.seconds * 1.5 && rekey.rss <= 1536 && differences.length === 0 },
  });
  emitBenchRow({
    suite: 'preview',
    name: 'of which starting the reading thread and opening the workspace (outside the clock before issue 23)',
    value: Number((rekey.setupSeconds ?? 0).toFixed(2)),
    unit: 's',
  });
  if (differences.length) throw new Error(`preview bench: rekey and DuckDB classified the rows differently (${differences.join('; ')})`);
}

/** DuckDB: load both CSVs and classify every incoming row by the external-id and email joins. */
async function duckdbSide(d: string) {
  const f = files(d);
  const start = process.hrtime.bigint(); // the same point as rekey's: nothing created yet
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  await duck.run(`CREATE TABLE users AS SELECT * FROM read_csv('${f.users}', header = true, all_varchar = true)`);
  await duck.run(`CREATE TABLE incoming AS SELECT row_number() OVER () AS i, * FROM read_csv('${f.incoming}', header = true, all_varchar = true)`);
  const counts = await duck.runAndReadAll(`
    SELECT CASE WHEN ux.id IS NOT NULL THEN 'match' WHEN ue.id IS NOT NULL AND ue.external_id IS NULL THEN 'backfill'
                WHEN ue.id IS NOT NULL THEN 'fail' ELSE 'create' END AS action, count(*)
    FROM incoming n
    LEFT JOIN users ux ON ux.external_id = n.external_id
    LEFT JOIN users ue ON lower(ue.email) = lower(trim(n.email))
    GROUP BY 1 ORDER BY 1`);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const byAction = Object.fromEntries(counts.getRows().map((r) => [String(r[0]), Number(r[1])]));
  process.stdout.write(JSON.stringify({ seconds, rss: peakRssMiB(), counts: byAction }) + '\n');
}

/** Rekey: what `rekey preview incoming.csv --into pb --mode strict` does, from the file on disk. */
async function rekeySide(d: string, index: 'saved' | 'cold') {
  const f = files(d);
  if (index === 'cold') {
    // Setting the scene, before the clock: the index the pull saved is dropped.
    const setup = openWorkspace(f.workspace);
    setup.transaction(() => setup.identitySnapshots.drop(setup.connections.list()[0]!.id));
    setup.close();
  }
  const start = process.hrtime.bigint(); // the same point as DuckDB's: nothing started or opened yet
  prepareIncomingReader(); // as `rekey preview` does before it opens the workspace
  const ctx = createServiceContext(openWorkspace(f.workspace), 'cli');
  const setupSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const preview = await previewImport(ctx, { connection: 'pb', file: f.incoming, modes: ['strict'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify({ seconds, setupSeconds, rss: peakRssMiB(), counts: preview.counts.strict } satisfies Run) + '\n');
  ctx.workspace.close();
}

/**
 * Issue perf: 1,000,000 incoming rows, every one new, into a target of 40 users. Each
 * row a plan creates adds its email and external id to the users' index (a later row
 * naming them matches the planned user), so here the index grows from 40 users to a
 * million planned ones. DuckDB runs the same two joins as above, against 40 users.
 * The same rows planned into three connections (the multi-connection preview) are
 * reported beside, without a goal of their own.
 */
async function allNew(d: string) {
  const f = files(d);
  const usersCsv = ['id,email,external_id'];
  const incomingCsv = ['email,external_id,name'];
  for (let i = 0; i < FEW_USERS; i++) usersCsv.push(`u${i},user${i}@example.com,ext-${i}`);
  for (let i = 0; i < N; i++) incomingCsv.push(`fresh${i}@example.com,fresh-${i},Name ${i}`);
  writeFileSync(f.users, usersCsv.join('\n') + '\n');
  writeFileSync(f.incoming, incomingCsv.join('\n') + '\n');
  const ctx = createServiceContext(openWorkspace(f.workspace), 'cli');
  for (const c of FEW_CONNECTIONS) {
    const id = ctx.workspace.connections.add({ name: c.name, kind: c.kind, baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
    const page: PulledRecord[] = [];
    for (let i = 0; i < FEW_USERS; i++) page.push({ remoteId: `u${i}`, email: `user${i}@example.com`, externalId: `ext-${i}`, deprecatedExternalIds: [], name: null, company: null, status: 'active', raw: {} });
    ctx.workspace.transaction(() => ctx.workspace.records.upsertPage(id, 'run', page, 'now'));
    buildIdentitySnapshot(ctx, id);
  }
  ctx.workspace.close();
  syncToDisk(f);

  const duckRuns: Run[] = [];
  const rekeyRuns: Run[] = [];
  const manyRuns: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    duckRuns.push(side('duckdb', d));
    rekeyRuns.push(side('rekey', d));
    manyRuns.push(side('rekey-many', d));
  }
  const duck = median(duckRuns);
  const rekey = median(rekeyRuns);
  const many = median(manyRuns);
  const n = N.toLocaleString('en-US');
  const differences = [
    ...new Set([
      ...rekeyRuns.flatMap((r) => countDifferences(r.counts, duck.counts, ['rekey', 'DuckDB'])),
      ...manyRuns.flatMap((r) => countDifferences(r.counts, duck.counts, ['rekey into each connection', 'DuckDB'])),
      ...duckRuns.flatMap((r) => countDifferences(r.counts, duck.counts, ['a DuckDB run', 'the median one'])),
    ]),
  ];
  emitBenchRow({ suite: 'preview', name: `DuckDB: the same, ${n} new rows against ${FEW_USERS} users (${words(duck.counts)}); median of ${spread(duckRuns)} s`, value: Number(duck.seconds.toFixed(2)), unit: 's', peakRssMiB: duck.rss });
  emitBenchRow({
    suite: 'preview',
    name: `rekey preview ${n} new rows × ${FEW_USERS} users, strict, index saved by the pull, clock as above (${words(rekey.counts)}${differences.length ? `; DIFFER — ${differences.join('; ')}` : ''}); median of ${spread(rekeyRuns)} s`,
    value: Number(rekey.seconds.toFixed(2)),
    unit: 's',
    baseline: { value: Number(duck.seconds.toFixed(2)), label: 'DuckDB' },
    peakRssMiB: rekey.rss,
    // No time goal yet: against 40 users DuckDB's joins are nearly free, and it does not look
    // for rows repeating an email or id within the file, which rekey must (it keeps every
    // planned key). The ratio is shown so a change that moves it is seen.
    goal: { text: 'same counts, ≤ 1,536 MiB (time: reported, no goal yet)', met: rekey.rss <= 1536 && differences.length === 0 },
  });
  emitBenchRow({
    suite: 'preview',
    name: `the same rows into ${FEW_CONNECTIONS.map((c) => c.name).join(', ')} at once (rekey preview --into, ${FEW_USERS} users each); median of ${spread(manyRuns)} s`,
    value: Number(many.seconds.toFixed(2)),
    unit: 's',
    baseline: { value: Number(rekey.seconds.toFixed(2)), label: 'one connection' },
    peakRssMiB: many.rss,
  });
  if (differences.length) throw new Error(`preview bench: rekey and DuckDB classified the new rows differently (${differences.join('; ')})`);
}

/** Rekey: what `rekey preview incoming.csv --into pb,scim,braze --mode strict` does; counts must agree in every connection. */
async function rekeyManySide(d: string) {
  const f = files(d);
  const start = process.hrtime.bigint();
  prepareIncomingReader();
  const ctx = createServiceContext(openWorkspace(f.workspace), 'cli');
  const many = await previewMany(ctx, { connections: FEW_CONNECTIONS.map((c) => c.name), file: f.incoming, mode: 'strict' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // The counts of a connection that differs from the first are reported in its place.
  const all = many.connections.map((c) => many.plans[c]!.counts());
  const counts = all.find((c) => JSON.stringify(c) !== JSON.stringify(all[0])) ?? all[0]!;
  process.stdout.write(JSON.stringify({ seconds, rss: peakRssMiB(), counts } satisfies Run) + '\n');
  ctx.workspace.close();
}
