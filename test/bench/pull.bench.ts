import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { addConnection } from '../../src-main/services/connections';
import { createServiceContext } from '../../src-main/services/context';
import { pullConnection } from '../../src-main/services/pull';
import { envSecrets } from '../../src-main/services/secrets';
import type { SandboxInfo } from '../../src-main/sandbox/sandbox';
import { openWorkspace } from '../../src-main/store/workspace';
import { repoRoot } from '../support/cli';
import { pullCeilingSeconds } from './bench-judge';
import { emitBenchRow, peakRssMiB } from './bench-row';

/**
 * Issue 6: pull 100,000 users from the sandbox at Productboard's real limit (50 req/s
 * per token). Ceiling: every page the pull committed (users, companies, members, notes)
 * at 50 a second; requests repeated after a 429 are not in it, so they count against the
 * pull. The sandbox runs in its own process (`rekey sandbox`), as it would for a rehearsal.
 */
const USERS = 100_000;
const sandbox = spawn(process.execPath, [join(repoRoot, 'bin', 'rekey.js'), 'sandbox', '--users', String(USERS), '--seed', 'demo'], { stdio: ['ignore', 'pipe', 'inherit'] });
const info = await new Promise<SandboxInfo>((resolve) => createInterface({ input: sandbox.stdout! }).once('line', (l) => resolve(JSON.parse(l) as SandboxInfo)));

try {
  const path = join(mkdtempSync(join(tmpdir(), 'rekey-bench-pull-')), 'w.rekey');
  const ctx = createServiceContext(openWorkspace(path), 'cli', { secrets: envSecrets({ PB: info.productboard.token }) });
  addConnection(ctx, { name: 'pb', kind: 'productboard', baseUrl: info.productboard.url, tokenEnv: 'PB' });
  const started = process.hrtime.bigint();
  let lastPageAt = started;
  const result = await pullConnection(ctx, 'pb', { onProgress: () => (lastPageAt = process.hrtime.bigint()) });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const pagesSeconds = Number(lastPageAt - started) / 1e9;
  const log = (await (await fetch(`${info.admin.url}/log`, { headers: { authorization: `Bearer ${info.admin.token}` } })).json()) as { requests: { status: number }[] };
  const limited = log.requests.filter((r) => r.status === 429).length;
  const ceiling = pullCeilingSeconds(result, 50);
  emitBenchRow({
    suite: 'pull',
    name: `pull ${result.pulled.toLocaleString('en-US')} Productboard records (${result.pages} pages, ${result.requests} requests) at 50 req/s`,
    value: Number(seconds.toFixed(2)),
    unit: 's',
    baseline: { value: Number(ceiling.toFixed(2)), label: 'ceiling: pages at 50/s' },
    peakRssMiB: peakRssMiB(),
    goal: { text: '≤ 1.05× the ceiling', met: seconds <= ceiling * 1.05 },
  });
  emitBenchRow({
    suite: 'pull',
    name: 'of which paging (to the last page committed; the rest closes the pull: records gone, person keys, the users\' index)',
    value: Number(pagesSeconds.toFixed(2)),
    unit: 's',
    baseline: { value: Number(ceiling.toFixed(2)), label: 'ceiling: pages at 50/s' },
  });
  const share = (limited / log.requests.length) * 100;
  emitBenchRow({ suite: 'pull', name: `requests answered 429 (${limited} of ${log.requests.length})`, value: Number(share.toFixed(2)), unit: '%', goal: { text: '≤ 1%', met: share <= 1 } });
  ctx.workspace.close();
} finally {
  sandbox.kill('SIGTERM');
}
