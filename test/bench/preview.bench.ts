import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PulledRecord } from '../../src-shared/model/record';
import { readTextAuto } from '../../src-main/csv/decode';
import { createServiceContext } from '../../src-main/services/context';
import { previewImport } from '../../src-main/services/preview';
import { openWorkspace } from '../../src-main/store/workspace';
import { emitBenchRow, peakRssMiB } from './bench-row';

/**
 * Issue 7: preview 1,000,000 incoming rows against 1,000,000 pulled users, against
 * DuckDB joining the same two CSVs on external id and on lower-cased email, in the
 * same run. Goal: ≤ 1.5× DuckDB's time, peak RSS ≤ 1.5 GB.
 */
const N = Number(process.env.PREVIEW_ROWS ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'rekey-bench-preview-'));

// Users: half with an external id; incoming: a third match by id, a third by email, a third new.
const usersCsv = ['id,email,external_id'];
const incomingCsv = ['email,external_id,name'];
for (let i = 0; i < N; i++) usersCsv.push(`u${i},user${i}@example.com,${i % 2 === 0 ? `ext-${i}` : ''}`);
for (let i = 0; i < N; i++) {
  const k = i % 3;
  incomingCsv.push(k === 0 ? `,ext-${i - (i % 2)},Name ${i}` : k === 1 ? `USER${i}@example.com,new-${i},Name ${i}` : `fresh${i}@example.com,fresh-${i},Name ${i}`);
}
writeFileSync(join(dir, 'users.csv'), usersCsv.join('\n') + '\n');
const incomingPath = join(dir, 'incoming.csv');
writeFileSync(incomingPath, incomingCsv.join('\n') + '\n');
usersCsv.length = 0;
incomingCsv.length = 0;

// The pulled users, in a workspace (setup, not timed).
const ctx = createServiceContext(openWorkspace(join(dir, 'w.rekey')), 'cli');
const connectionId = ctx.workspace.connections.add({ name: 'pb', kind: 'productboard', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
for (let start = 0; start < N; start += 10_000) {
  const page: PulledRecord[] = [];
  for (let i = start; i < Math.min(N, start + 10_000); i++) {
    page.push({ remoteId: `u${i}`, email: `user${i}@example.com`, externalId: i % 2 === 0 ? `ext-${i}` : null, deprecatedExternalIds: [], name: null, company: null, status: 'active', raw: {} });
  }
  ctx.workspace.transaction(() => ctx.workspace.records.upsertPage(connectionId, 'run', page, 'now'));
}
global.gc?.();

// DuckDB: load both CSVs and classify every incoming row by the external-id and email joins.
const duckStart = process.hrtime.bigint();
const duck = await (await DuckDBInstance.create(':memory:')).connect();
await duck.run(`CREATE TABLE users AS SELECT * FROM read_csv('${join(dir, 'users.csv')}', header = true, all_varchar = true)`);
await duck.run(`CREATE TABLE incoming AS SELECT row_number() OVER () AS i, * FROM read_csv('${incomingPath}', header = true, all_varchar = true)`);
const duckCounts = await duck.runAndReadAll(`
  SELECT CASE WHEN ux.id IS NOT NULL THEN 'match' WHEN ue.id IS NOT NULL AND ue.external_id IS NULL THEN 'backfill'
              WHEN ue.id IS NOT NULL THEN 'conflict' ELSE 'create' END AS action, count(*)
  FROM incoming n
  LEFT JOIN users ux ON ux.external_id = n.external_id
  LEFT JOIN users ue ON lower(ue.email) = lower(trim(n.email))
  GROUP BY 1 ORDER BY 1`);
const duckSeconds = Number(process.hrtime.bigint() - duckStart) / 1e9;

// Rekey: what `rekey preview incoming.csv --into pb --mode strict` does.
const start = process.hrtime.bigint();
const preview = previewImport(ctx, { connection: 'pb', text: readTextAuto(incomingPath), file: incomingPath, modes: ['strict'] });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const rss = peakRssMiB();

emitBenchRow({ suite: 'preview', name: `DuckDB: load both CSVs, classify ${N.toLocaleString('en-US')} rows (${duckCounts.getRows().map((r) => `${String(r[0])} ${String(r[1])}`).join(', ')})`, value: Number(duckSeconds.toFixed(2)), unit: 's' });
emitBenchRow({
  suite: 'preview',
  name: `rekey preview ${N.toLocaleString('en-US')} rows × ${N.toLocaleString('en-US')} users, strict (${Object.entries(preview.counts.strict).map(([a, n]) => `${a} ${n}`).join(', ')})`,
  value: Number(seconds.toFixed(2)),
  unit: 's',
  baseline: { value: Number(duckSeconds.toFixed(2)), label: 'DuckDB' },
  peakRssMiB: rss,
  goal: { text: '≤ 1.5× DuckDB, ≤ 1,536 MiB', met: seconds <= duckSeconds * 1.5 && rss <= 1536 },
});
ctx.workspace.close();
