import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/support/cli';
import { sandboxForCli } from '../../../test/support/sandbox-workspace';
import type { Sandbox } from '../../sandbox/sandbox';

let sandbox: Sandbox;
let db: string;
let env: Record<string, string>;

beforeAll(async () => {
  ({ sandbox, path: db, env } = await sandboxForCli({ users: 120 }));
});
afterAll(() => sandbox.close());

/** `rekey` in a child process, without blocking this one: the sandbox answers from here. */
function rekey(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'rekey.js'), '--db', db, ...args], { cwd: repoRoot, env: { ...process.env, REKEY_ACTOR: 'test', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('rekey pull', () => {
  it('pulls whole first, then only what changed; --full reads every user again; each run says which it was', async () => {
    const first = await rekey('pull', 'scim');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('A full pull: every user was read, and users the remote no longer lists are marked gone.');
    const again = await rekey('pull', 'scim');
    expect(again.stdout).toMatch(/\(1 requests,/);
    expect(again.stdout).toMatch(/An incremental pull: only users changed since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC was read\. Users deleted on the remote are found by a full pull \(rekey pull scim --full\)\./);
    const full = await rekey('pull', 'scim', '--full', '--json');
    expect(full.code).toBe(0);
    expect(JSON.parse(full.stdout)).toMatchObject({ connection: 'scim', mode: 'full', warnings: [] });
  }, 60_000);
});
