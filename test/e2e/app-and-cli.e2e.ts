import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, repoRoot, test, type SandboxReady } from './fixtures';

test.use({ sandboxArgs: ['--users', '200'] });

/** `rekey ARGS` in its own process, on the workspace the app has open; resolves with its exit code and output. */
function rekey(workspace: string, sandbox: SandboxReady, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'rekey.js'), '--db', workspace, ...args], {
      cwd: repoRoot,
      env: { ...process.env, REKEY_ACTOR: 'script', SANDBOX_PB_TOKEN: sandbox.productboard.token, SANDBOX_BRAZE_TOKEN: sandbox.braze.token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('the CLI works on the workspace the app has open, and the app shows what it did without a reload', async ({ app, sandbox }) => {
  const { page, workspacePath } = app;
  const run = async (...args: string[]) => {
    const r = await rekey(workspacePath, sandbox, args);
    expect(r.code, `rekey ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };
  await page.getByRole('link', { name: 'Connections', exact: true }).click();
  // A reload (or any new document) fires `load`; moving between pages only changes the hash.
  let loads = 0;
  page.on('load', () => loads++);

  // Connections added and pulled by a script appear on the open Connections page.
  await run('connections', 'add', 'pb', '--kind', 'productboard', '--url', sandbox.productboard.url, '--token-env', 'SANDBOX_PB_TOKEN');
  await run('connections', 'add', 'braze', '--kind', 'braze', '--url', sandbox.braze.url, '--token-env', 'SANDBOX_BRAZE_TOKEN');
  const connections = page.getByRole('table', { name: 'Connections' });
  await expect(connections).toContainText('pb');
  await expect(connections).toContainText('braze');
  await run('pull', 'pb');
  await run('pull', 'braze');
  const users = JSON.parse(await run('users', 'list', '--json')) as unknown[];
  expect(users.length).toBeGreaterThan(0);

  // A rename batch staged, reviewed and approved by the script shows on the open Push page.
  await page.getByRole('link', { name: 'Push', exact: true }).click();
  const csv = join(dirname(workspacePath), 'renames.csv');
  writeFileSync(csv, 'current_external_id,new_external_id\nusr_10000,acct-10000\nusr_10001,acct-10001\n');
  const staged = JSON.parse(await run('changesets', 'create', '--kind', 'rename', '--connection', 'braze', '--file', csv, '--json')) as { id: number };
  await run('changesets', 'submit', String(staged.id));
  await run('changesets', 'approve', String(staged.id));
  const toPush = page.getByRole('table', { name: 'Change sets to push' });
  const row = toPush.getByRole('row', { name: new RegExp(`^${staged.id} `) });
  await expect(row).toContainText('approved', { timeout: 10_000 });
  await app.screenshot('app-and-cli-approved-by-script');

  // The script pushes it; the open page follows it to applied.
  const report = JSON.parse(await run('push', String(staged.id), '--json')) as { state: string; applied: number };
  expect(report).toMatchObject({ state: 'applied', applied: 2 });
  await expect(row).toContainText('applied', { timeout: 10_000 });
  await expect(row.getByRole('cell').nth(7)).toHaveText('2');
  await app.screenshot('app-and-cli-pushed-by-script');

  // Pushing it again from a script is harmless: the same report, exit 0.
  expect(JSON.parse(await run('push', String(staged.id), '--json'))).toEqual(report);
  expect(loads).toBe(0);
});
