import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { approveChangeSet, submitChangeSet } from '../services/change-sets';
import { pullConnection } from '../services/pull';
import { stageImport } from '../services/stage-import';
import { stageRenameBatch } from '../services/stage-rename';
import { repoRoot } from '../../test/support/cli';
import { sandboxWorkspace } from '../../test/support/sandbox-workspace';

let sandbox: Sandbox | undefined;
afterAll(() => sandbox?.close());

/** One traced system call: who, what, on which file or socket, and the data's start. */
interface Call {
  line: number;
  name: string;
  target: string;
  data: string;
}

/**
 * Reads `strace -f -yy` output. A call interrupted by another thread's line is taken
 * where it ended (`<... fdatasync resumed>`): a sync counts once it has returned.
 */
function parseTrace(text: string): Call[] {
  const calls: Call[] = [];
  const pending = new Map<string, Omit<Call, 'line'>>();
  text.split('\n').forEach((raw, line) => {
    const resumed = /^(\d+)\s+<\.\.\. (\w+) resumed>/.exec(raw);
    if (resumed) {
      const call = pending.get(`${resumed[1]}:${resumed[2]}`);
      if (call) calls.push({ ...call, line });
      return;
    }
    // A socket reads `TCP:[a:1->b:2]`: its arrow must not end the target.
    const m = /^(\d+)\s+(\w+)\((\d+)<(TCP:\[[^\]]*\]|[^>]*)>(?:, (.*))?/.exec(raw);
    if (!m) return;
    const call = { name: m[2]!, target: m[4]!, data: m[5] ?? '' };
    if (raw.endsWith('<unfinished ...>')) pending.set(`${m[1]}:${m[2]}`, call);
    else calls.push({ ...call, line });
  });
  return calls;
}

/** `rekey push ID` in a child process under strace; resolves with the trace and the CLI's report. */
function tracedPush(path: string, env: Record<string, string>, id: number, traceFile: string): Promise<{ calls: Call[]; report: { sent: number; state: string } }> {
  return new Promise((resolve, reject) => {
    const args = ['-f', '-qq', '-yy', '-s', '48', '-e', 'trace=write,writev,pwrite64,pwritev,sendto,sendmsg,fsync,fdatasync', '-o', traceFile];
    const child = spawn('strace', [...args, process.execPath, join(repoRoot, 'bin', 'rekey.js'), '--db', path, '--json', 'push', String(id)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`rekey push ${id} under strace exited ${code}: ${stderr.trim()}`));
      resolve({ calls: parseTrace(readFileSync(traceFile, 'utf8')), report: JSON.parse(stdout) as { sent: number; state: string } });
    });
  });
}

/**
 * For every request the push sent (its first bytes on a socket to the sandbox): a write
 * to the workspace's WAL since the request before (its journal entry), then a sync of the
 * WAL after the last such write and before the request's first byte.
 */
function checkOrder(calls: Call[], walPath: string, sandboxPort: number): { requests: number; problems: string[] } {
  const problems: string[] = [];
  let requests = 0;
  let walWrittenSinceRequest = false;
  let syncedSinceWalWrite = false;
  for (const call of calls) {
    if (call.target === walPath) {
      if (call.name.startsWith('pwrite') || call.name.startsWith('write')) {
        walWrittenSinceRequest = true;
        syncedSinceWalWrite = false;
      } else if (call.name === 'fsync' || call.name === 'fdatasync') syncedSinceWalWrite = true;
      continue;
    }
    const toSandbox = call.target.startsWith('TCP:[') && call.target.endsWith(`->127.0.0.1:${sandboxPort}]`);
    const request = /"(GET|POST|PUT|PATCH|DELETE) (\S+)/.exec(call.data);
    if (!toSandbox || !request) continue;
    requests++;
    if (!walWrittenSinceRequest) problems.push(`line ${call.line}: ${request[1]} ${request[2]} left with no journal write before it`);
    else if (!syncedSinceWalWrite) problems.push(`line ${call.line}: ${request[1]} ${request[2]} left before its journal entry was synced to disk`);
    walWrittenSinceRequest = false;
  }
  return { requests, problems };
}

describe('a journal entry is on disk before its request leaves (issue 21)', () => {
  it('traces real pushes: for every request, the WAL is written, then synced, then the request is sent', async () => {
    // Required, not optional: .ci/run installs it on a fresh machine.
    expect(spawnSync('strace', ['-V']).status, 'strace must be installed (apt-get install strace)').toBe(0);
    sandbox = await startSandbox({ users: 200, rpm: 0 });
    const { ctx, path, env } = sandboxWorkspace(sandbox, { ratePerSecond: 0 });
    await pullConnection(ctx, 'pb', { ratePerSecond: 0 });
    await pullConnection(ctx, 'braze', { ratePerSecond: 0 });
    // 120 renames (three requests of 50) and 4 creates (one request each).
    const renames = Array.from({ length: 120 }, (_, n) => ({ current_external_id: `usr_${10000 + n}`, new_external_id: `acct_${10000 + n}` }));
    const renameSet = stageRenameBatch(ctx, { connection: 'braze', renames, source: 'strace' });
    const imports = Array.from({ length: 4 }, (_, n) => ({ line: n + 2, email: `traced${n}@import.example`, externalId: `trc_${n}`, name: `Traced ${n}`, company: null }));
    const importSet = stageImport(ctx, { connection: 'pb', rows: imports, mode: 'strict', source: 'strace' });
    for (const cs of [renameSet, importSet]) {
      submitChangeSet(ctx, cs.id);
      approveChangeSet(ctx, cs.id, { approveRemaining: true });
    }
    ctx.workspace.close();
    const port = Number(new URL(sandbox.info.braze.url).port);

    for (const [id, expected] of [[renameSet.id, 3], [importSet.id, 4]] as const) {
      const { calls, report } = await tracedPush(path, env, id, `${path}.cs${id}.strace`);
      expect(report).toMatchObject({ state: 'applied', sent: expected });
      const { requests, problems } = checkOrder(calls, `${path}-wal`, port);
      expect(problems).toEqual([]);
      expect(requests).toBe(expected);
    }
  }, 120_000);
});
