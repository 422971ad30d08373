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
import { KIND_CEILING_PER_SECOND } from '../../src-main/sync/kind-limits';
import { repoRoot } from '../support/cli';
import { emitBenchRow, peakRssMiB } from './bench-row';

/**
 * Issue 22, pulls of a large engagement, from a sandbox of 100,000 people at each system's
 * real rate limit (its own process, as for a rehearsal):
 * - a re-pull of an unchanged SCIM directory reads only what changed (filter
 *   meta.lastModified): its requests as a share of the full pull's;
 * - a UserVoice pull of every user, against the rate ceiling (requests / 1,000 a minute):
 *   listing a page once cost a scan of every external user, and this pull took minutes;
 *   then the same pull from a sandbox with its limits off: what the sandbox itself costs.
 */
const USERS = 100_000;

async function startSandbox(...args: string[]) {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'rekey.js'), 'sandbox', '--users', String(USERS), '--seed', 'demo', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = await new Promise<SandboxInfo>((resolve) => createInterface({ input: child.stdout! }).once('line', (l) => resolve(JSON.parse(l) as SandboxInfo)));
  return { child, info: ready };
}

const { child: sandbox, info } = await startSandbox();

const seconds = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const started = process.hrtime.bigint();
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - started) / 1e9];
};

try {
  const path = join(mkdtempSync(join(tmpdir(), 'rekey-bench-large-pulls-')), 'w.rekey');
  const ctx = createServiceContext(openWorkspace(path), 'cli', { secrets: envSecrets({ SCIM: info.scim.token, UV: info.uservoice.token }) });
  addConnection(ctx, { name: 'scim', kind: 'productboard-scim', baseUrl: info.scim.url, tokenEnv: 'SCIM' });
  addConnection(ctx, { name: 'uv', kind: 'uservoice', baseUrl: info.uservoice.url, tokenEnv: 'UV' });

  const full = await pullConnection(ctx, 'scim');
  const [again, againSeconds] = await seconds(() => pullConnection(ctx, 'scim'));
  if (full.mode !== 'full' || again.mode !== 'incremental' || again.pulled !== full.pulled) throw new Error(`SCIM re-pull was ${again.mode} with ${again.pulled} records after a ${full.mode} pull of ${full.pulled}`);
  const share = (again.requests / full.requests) * 100;
  emitBenchRow({
    suite: 'large workspace',
    name: `re-pull of an unchanged ${full.pulled.toLocaleString('en-US')}-user SCIM directory: ${again.requests} requests (${againSeconds.toFixed(2)} s) against ${full.requests} for the full pull`,
    value: Number(share.toFixed(2)),
    unit: '%',
    goal: { text: '≤ 5% of the full pull’s requests', met: share <= 5 },
  });

  let lastPageAt = 0n;
  const uvStarted = process.hrtime.bigint();
  const [uv, uvSeconds] = await seconds(() => pullConnection(ctx, 'uv', { onProgress: () => (lastPageAt = process.hrtime.bigint()) }));
  const ceiling = uv.requests / KIND_CEILING_PER_SECOND.uservoice;
  emitBenchRow({
    suite: 'large workspace',
    name: `UserVoice pull of ${uv.pulled.toLocaleString('en-US')} users (${uv.requests} requests) at 1,000 req/min${uv.warnings.length ? ', with the large-account warning' : ''}`,
    value: Number(uvSeconds.toFixed(2)),
    unit: 's',
    baseline: { value: Number(ceiling.toFixed(2)), label: 'rate ceiling' },
    peakRssMiB: peakRssMiB(),
    goal: { text: '≤ 1.05× the ceiling', met: uvSeconds <= ceiling * 1.05 && lastPageAt > 0n },
  });
  emitBenchRow({
    suite: 'large workspace',
    name: 'of which paging (to the last page committed; the rest links persons over all records)',
    value: Number((Number(lastPageAt - uvStarted) / 1e9).toFixed(2)),
    unit: 's',
    baseline: { value: Number(ceiling.toFixed(2)), label: 'rate ceiling' },
  });
  ctx.workspace.close();
} finally {
  sandbox.kill('SIGTERM');
}

const unlimited = await startSandbox('--rpm', '0');
try {
  const path = join(mkdtempSync(join(tmpdir(), 'rekey-bench-large-pulls-')), 'w.rekey');
  const ctx = createServiceContext(openWorkspace(path), 'cli', { secrets: envSecrets({ UV: unlimited.info.uservoice.token }) });
  addConnection(ctx, { name: 'uv', kind: 'uservoice', baseUrl: unlimited.info.uservoice.url, tokenEnv: 'UV' });
  const [uv, uvSeconds] = await seconds(() => pullConnection(ctx, 'uv', { ratePerSecond: 0 }));
  emitBenchRow({
    suite: 'large workspace',
    name: `UserVoice pull of ${uv.pulled.toLocaleString('en-US')} users (${uv.requests} requests), sandbox limits off`,
    value: Number(uvSeconds.toFixed(2)),
    unit: 's',
    peakRssMiB: peakRssMiB(),
    goal: { text: '≤ 30 s (it took minutes when a page scanned every external user)', met: uvSeconds <= 30 },
  });
  ctx.workspace.close();
} finally {
  unlimited.child.kill('SIGTERM');
}
