import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { addConnection, expectAccessible, pull } from './helpers';

test.use({ sandboxArgs: ['--users', '200'] });

test('stage a rename batch from a CSV, review it row by row, push it, see the migration windows', async ({ app, sandbox }) => {
  const { page } = app;
  await addConnection(page, { name: 'pb', kind: 'productboard', url: sandbox.productboard.url, tokenEnv: 'SANDBOX_PB_TOKEN' });
  await addConnection(page, { name: 'braze', kind: 'braze', url: sandbox.braze.url, tokenEnv: 'SANDBOX_BRAZE_TOKEN' });
  await pull(page, 'pb');
  await pull(page, 'braze'); // Braze has no list: it looks up the ids Productboard knows

  await page.getByRole('link', { name: 'Renames', exact: true }).click();
  const form = page.getByRole('form', { name: 'Stage rename batch' });
  await form.getByLabel(/CSV file/).setInputFiles({
    name: 'renames.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('current_external_id,new_external_id\r\nusr_10000,acct-10000\r\nusr_10002,acct-10002\r\nusr_10003,usr_10004\r\nusr_10004,usr_10003\r\nnobody,acct-x\r\n'),
  });
  await form.getByLabel(/Migration window/).fill('14');
  await form.getByRole('button', { name: 'Check and stage' }).click();

  const detail = page.getByRole('region', { name: /Change set \d+/ });
  await expect(detail).toContainText('draft');
  await expect(detail.getByLabel('Batch analysis')).toContainText('Swap of rows 2 and 3: 6 steps');
  // In words on screen; the code in the tooltip.
  await expect(detail.getByRole('row', { name: 'Row 4' })).toContainText('No user has this current external id.');
  await expect(detail.getByRole('row', { name: 'Row 4' }).getByTitle(/current_not_found/)).toBeVisible();
  await app.screenshot('renames-staged');

  await detail.getByRole('button', { name: 'Submit for review' }).click();
  await expect(detail).toContainText('in review');
  // Row 0 is decided by a reviewer elsewhere: the bundle goes out as a file main wrote and comes back as an upload.
  const exporting = page.waitForEvent('download');
  await detail.getByRole('button', { name: 'Export review bundle' }).click();
  const exported = await exporting;
  expect(new URL(exported.url()).pathname).toMatch(/^\/download\//);
  const bundle = JSON.parse(readFileSync((await exported.path())!, 'utf8')) as { decisions: Record<string, unknown>[] };
  Object.assign(bundle.decisions.find((d) => d.idx === 0)!, { review: 'approved', comment: 'fine', by: 'reviewer', at: new Date().toISOString() });
  await detail.getByLabel('Reviewed bundle').setInputFiles({ name: 'reviewed.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bundle)) });
  await expect(detail.getByRole('status').filter({ hasText: 'recorded from' })).toHaveText('1 decision recorded from reviewed.json');
  for (const idx of [1, 2, 3]) await detail.getByRole('row', { name: `Row ${idx}` }).getByRole('button', { name: 'Approve' }).click();
  const bad = detail.getByRole('row', { name: 'Row 4' });
  await bad.getByLabel('Comment on row 4').fill('no such user');
  await bad.getByRole('button', { name: 'Reject' }).click();
  await expect(detail).toContainText('4 approved, 1 rejected, 0 pending');
  await app.screenshot('renames-reviewed');
  await detail.getByRole('button', { name: 'Approve change set' }).click();
  await expect(detail).toContainText('approved');

  await detail.getByRole('button', { name: 'Dry run' }).click();
  await expect(detail).toContainText('requests would be sent');
  await detail.getByRole('button', { name: 'Push', exact: true }).click();
  await expect(detail.getByRole('status', { name: /Push of change set/ })).toContainText('applied: 4 applied, 0 failed', { timeout: 60_000 });
  await app.screenshot('renames-pushed');

  const windows = page.getByRole('region', { name: 'Migration windows' });
  await expect(windows).toContainText('acct-10000');
  await expect(windows).toContainText('usr_10000');
  await app.screenshot('migration-windows');
  await expectAccessible(page, 'Renames after a push, with migration windows');

  await page.getByRole('link', { name: 'Push', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Change sets to push' })).toContainText('applied');
  await app.screenshot('push');
  await expectAccessible(page, 'Push');
});
