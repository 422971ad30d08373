import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { addConnection } from '../../src-main/services/connections';
import { createServiceContext } from '../../src-main/services/context';
import { pullAll } from '../../src-main/services/pull-all';
import { envSecrets } from '../../src-main/services/secrets';
import type { SandboxInfo } from '../../src-main/sandbox/sandbox';
import { openWorkspace } from '../../src-main/store/workspace';
import { repoRoot } from '../support/cli';
import { emitBenchRow, peakRssMiB } from './bench-row';

/**
 * "Pull all" of four systems of 25,000 users each, sandbox limits off (its own process):
 * what the ends of the pulls cost — each end's closing transaction (records gone, person
 * keys, the audit entry), summed over the run. The listing kinds pull side by side, and
 * each pull's end used to read and link every record again, since the others wrote
 * records meanwhile; the pulls of one run now keep persons together (shared-persons.ts).
 * Twice: the first pull of an empty workspace, then a full re-pull.
 */
const USERS = 25_000;
const sandbox = spawn(process.execPath, [join(repoRoot, 'bin', 'rekey.js'), 'sandbox', '--users', String(USERS), '--seed', 'demo', '--rpm', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const info = await new Promise<SandboxInfo>((resolve) => createInterface({ input: sandbox.stdout! }).once('line', (l) => resolve(JSON.parse(l) as SandboxInfo)));

try {
  const path = join(mkdtempSync(join(tmpdir(), 'rekey-bench-pull-all-')), 'w.rekey');
  const ctx = createServiceContext(openWorkspace(path), 'cli', { secrets: envSecrets({ PB: info.productboard.token, SCIM: info.scim.token, UV: info.uservoice.token, BRAZE: info.braze.token }) });
  addConnection(ctx, { name: 'pb', kind: 'productboard', baseUrl: info.productboard.url, tokenEnv: 'PB', ratePerSecond: 0 });
  addConnection(ctx, { name: 'scim', kind: 'productboard-scim', baseUrl: info.scim.url, tokenEnv: 'SCIM', ratePerSecond: 0 });
  addConnection(ctx, { name: 'uv', kind: 'uservoice', baseUrl: info.uservoice.url, tokenEnv: 'UV', ratePerSecond: 0 });
  addConnection(ctx, { name: 'braze', kind: 'braze', baseUrl: info.braze.url, tokenEnv: 'BRAZE', ratePerSecond: 0 });

  // Each pull's end is one closing transaction (the 'connection.pulled' audit write): timed here.
  const ends: { connection: string; seconds: number }[] = [];
  const write = ctx.workspace.write.bind(ctx.workspace);
  ctx.workspace.write = ((entry, change) => {
    if (entry.action !== 'connection.pulled') return write(entry, change);
    const started = process.hrtime.bigint();
    try {
      return write(entry, change);
    } finally {
      ends.push({ connection: entry.subject ?? '', seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    }
  }) as typeof ctx.workspace.write;

  // A whole relink at an end: what a pull's end did when another pull had written records meanwhile.
  let relinks = 0;
  const relink = ctx.workspace.records.relinkPersons.bind(ctx.workspace.records);
  ctx.workspace.records.relinkPersons = (link) => {
    relinks++;
    return relink(link);
  };

  for (const [label, full] of [
    ['first pull of an empty workspace', false],
    ['full re-pull', true],
  ] as const) {
    ends.length = 0;
    relinks = 0;
    const started = process.hrtime.bigint();
    const result = await pullAll(ctx, { ratePerSecond: 0, full });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.failed.length) throw new Error(`pull all: ${result.failed.map((f) => `${f.connection}: ${f.error}`).join('; ')}`);
    const records = ctx.workspace.records.count();
    const sum = ends.reduce((n, e) => n + e.seconds, 0);
    const each = ends.map((e) => `${e.connection} ${e.seconds.toFixed(2)}`).join(', ');
    emitBenchRow({
      suite: 'pull all',
      name: `pull all, ${label}: 4 systems × ${USERS.toLocaleString('en-US')} users (${records.toLocaleString('en-US')} records, ${seconds.toFixed(1)} s in all), limits off — the ${ends.length} pulls' ends, summed (${each} s; ${relinks} read and linked every record)`,
      value: Number(sum.toFixed(3)),
      unit: 's',
      peakRssMiB: peakRssMiB(),
      goal: { text: '≤ 0.5 s (when each end read and linked every record again: 3.3 s on the first pull, 6.6 s on the re-pull, measured under load)', met: sum <= 0.5 },
    });
  }
  ctx.workspace.close();
} finally {
  sandbox.kill('SIGTERM');
}
