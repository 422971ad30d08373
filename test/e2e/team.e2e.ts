import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, repoRoot, screenshotDir, startRekey, stop, test, type Started } from './fixtures';
import { addConnection, expectAccessible, pull } from './helpers';

test.use({ sandboxArgs: ['--users', '200'] });

function invite(dataDir: string, name: string): string {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'rekey.js'), 'team', 'invite', name, '--data', dataDir, '--json'], { encoding: 'utf8' });
  return (JSON.parse(r.stdout) as { token: string }).token;
}

async function openApp(browser: Browser, workspace: string, env: NodeJS.ProcessEnv): Promise<{ page: Page; server: Started<{ url: string }> }> {
  const server = await startRekey<{ url: string }>(['serve', '--db', workspace, '--port', '0'], env);
  const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
  await page.goto(server.ready.url);
  return { page, server };
}

async function joinTeam(page: Page, url: string, member: string): Promise<void> {
  await page.getByRole('link', { name: 'Team', exact: true }).click();
  const form = page.getByRole('form', { name: 'Join a team' });
  await form.getByLabel('Team server').fill(url);
  await form.getByLabel('Your member name').fill(member);
  await form.getByLabel('Environment variable holding your token').fill('REKEY_TEAM_TOKEN');
  await form.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByRole('region', { name: 'Team server' })).toContainText('connected');
}

test('two members review one rename batch live; the author pushes under the lease and the reviewer sees the results', async ({ browser, sandbox }) => {
  const dir = mkdtempSync(join(tmpdir(), 'rekey-e2e-team-'));
  const dataDir = join(dir, 'server');
  const tokens = { ann: invite(dataDir, 'ann'), bob: invite(dataDir, 'bob') };
  const team = await startRekey<{ url: string }>(['team', 'serve', '--port', '0', '--data', dataDir]);
  const base = { REKEY_HOME: dir, SANDBOX_PB_TOKEN: sandbox.productboard.token, SANDBOX_BRAZE_TOKEN: sandbox.braze.token };
  const a = await openApp(browser, join(dir, 'ann.rekey'), { ...base, REKEY_ACTOR: 'ann', REKEY_TEAM_TOKEN: tokens.ann });
  const b = await openApp(browser, join(dir, 'bob.rekey'), { ...base, REKEY_ACTOR: 'bob', REKEY_TEAM_TOKEN: tokens.bob });
  const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  try {
    // Ann stages a rename batch against her own connections (Bob needs none to review).
    await addConnection(a.page, { name: 'pb', kind: 'productboard', url: sandbox.productboard.url, tokenEnv: 'SANDBOX_PB_TOKEN' });
    await addConnection(a.page, { name: 'braze', kind: 'braze', url: sandbox.braze.url, tokenEnv: 'SANDBOX_BRAZE_TOKEN' });
    await pull(a.page, 'pb');
    await pull(a.page, 'braze');
    await a.page.getByRole('link', { name: 'Renames', exact: true }).click();
    const form = a.page.getByRole('form', { name: 'Stage rename batch' });
    await form.getByLabel(/CSV file/).setInputFiles({
      name: 'renames.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('current_external_id,new_external_id\r\nusr_10000,acct-10000\r\nusr_10002,acct-10002\r\n'),
    });
    await form.getByRole('button', { name: 'Check and stage' }).click();
    await expect(a.page.getByRole('region', { name: /Change set \d+/ })).toContainText('draft');

    await joinTeam(a.page, team.ready.url, 'ann');
    await joinTeam(b.page, team.ready.url, 'bob');
    const shared = a.page.getByRole('region', { name: 'Shared change sets' });
    await shared.getByLabel('Change set to share').selectOption({ index: 1 });
    await shared.getByRole('button', { name: 'Share for review' }).click();
    await expect(shared.getByRole('table', { name: 'Shared change sets' })).toContainText('ann');

    // Bob sees it live (no reload, no sync button), opens it, reviews and comments.
    const bobShared = b.page.getByRole('table', { name: 'Shared change sets' });
    await expect(bobShared).toContainText('2 pending', { timeout: 3_000 });
    await bobShared.getByRole('link').first().click();
    const bobView = b.page.getByRole('region', { name: /^Shared change set / });
    await bobView.locator('tr[data-row="0"]').getByRole('button', { name: 'Approve' }).click();
    await bobView.getByLabel('Comment on row 1').fill('checked in the CRM');
    await bobView.getByLabel('Comment on row 1').press('Enter');
    await bobView.locator('tr[data-row="1"]').getByRole('button', { name: 'Approve' }).click();
    await expect(bobView).toContainText('The team has approved it.');
    await shot(b.page, 'team-bob-reviewed');
    await expectAccessible(b.page, 'Team, reviewing rows');

    // Ann sees Bob's decisions, his comment and that he is looking at the batch.
    await expect(a.page.getByRole('region', { name: 'Members' })).toContainText('bob — looking at');
    await a.page.getByRole('table', { name: 'Shared change sets' }).getByRole('link').first().click();
    const annView = a.page.getByRole('region', { name: /^Shared change set / });
    await expect(annView).toContainText('bob: approved');
    await expect(annView).toContainText('checked in the CRM');
    await shot(a.page, 'team-ann-sees-review');

    await annView.getByRole('button', { name: /^Push/ }).click();
    await expect(annView.locator('tr[data-row="0"]')).toContainText('applied', { timeout: 60_000 });
    await expect(b.page.getByRole('region', { name: /^Shared change set / }).locator('tr[data-row="1"]')).toContainText('applied', { timeout: 10_000 });
    await expect(bobShared).toContainText('2 pushed');
    await shot(a.page, 'team-ann-pushed');
    await shot(b.page, 'team-bob-sees-results');
    await expectAccessible(b.page, 'Team, after the push');
  } finally {
    await stop(a.server.child);
    await stop(b.server.child);
    await stop(team.child);
    rmSync(dir, { recursive: true, force: true });
  }
});
