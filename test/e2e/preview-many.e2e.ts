import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { connectAndPull, expectAccessible } from './helpers';

test.use({ sandboxArgs: ['--users', '60'] });

test('preview one file into four connections side by side, download the report and plan covering all four, then stage it into each', async ({ app, sandbox }) => {
  const { page } = app;
  await connectAndPull(page, sandbox, ['pb', 'scim', 'uv', 'braze']);

  await page.getByRole('link', { name: 'Import preview', exact: true }).click();
  await page.getByLabel('Into').selectOption('pb');
  const csv =
    'email,external_id,name\nada.novak0@acme-robotics.com,usr_10000,Ada\nbrand.new@client.example,client-1,Brand New\nchloe.novak2@initech.net,other-id,Chloe\nonly.email@client.example,,No Id\n';
  await page.getByLabel('CSV file').setInputFiles({ name: 'client.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByRole('region', { name: 'Preview summary' })).toContainText('4 rows into pb');
  // Chloe's row is refused in strict mode: left by hand, said before anything is pushed.
  await expect(page.getByRole('region', { name: 'Preview summary' }).getByRole('row', { name: /^Left by hand/ }).getByRole('cell')).toHaveText(['Left by hand', '1', '0']);

  const many = page.getByRole('region', { name: 'Preview into several connections' });
  for (const name of ['scim', 'uv', 'braze']) await many.getByRole('checkbox', { name: new RegExp(`^${name} `) }).check();
  await many.getByRole('button', { name: /Compare side by side/ }).click();
  const counts = many.getByRole('table', { name: 'Outcomes per connection' });
  for (const name of ['pb', 'scim', 'uv', 'braze']) await expect(counts.getByRole('columnheader', { name })).toBeVisible();
  // Chloe's email belongs to another external id: refused, fixed by hand, except in UserVoice (it
  // attaches by email); and the engagement platform cannot create a profile without an external id.
  await expect(counts.getByRole('row', { name: /^Left by hand/ }).getByRole('cell')).toHaveText(['Left by hand', '1', '1', '0', '2']);
  const rows = many.getByRole('table', { name: 'Rows in every connection' });
  const fresh = rows.getByRole('row', { name: /brand\.new@client\.example/ });
  await expect(fresh.getByRole('cell')).toHaveText(['3', 'brand.new@client.example', 'client-1', 'Created', 'Created', 'Created', 'Created']);
  await expect(rows.getByRole('row', { name: /ada\.novak0/ })).toContainText('Matched');
  await expect(rows.getByRole('row', { name: /chloe\.novak2/ }).getByRole('cell').nth(3)).toHaveText('Refused — This email already belongs to another user with a different external id.');
  await expect(rows.getByRole('row', { name: /only\.email/ }).getByRole('cell').nth(6)).toContainText('Created — Left by hand: The engagement platform creates profiles by external id');
  await many.scrollIntoViewIfNeeded();
  await app.screenshot('preview-four-targets');
  await expectAccessible(page, 'Import preview into four connections');

  // The client report and the plan CSV cover all four connections.
  let downloading = page.waitForEvent('download');
  await many.getByRole('button', { name: 'Download client report' }).click();
  let download = await downloading;
  expect(download.suggestedFilename()).toBe('client-preview-4-systems.html');
  const html = readFileSync((await download.path())!, 'utf8');
  for (const name of ['pb', 'scim', 'uv', 'braze']) expect(html).toContain(`<th class="num">${name}</th>`);
  expect(html).toContain('The engagement platform creates profiles by external id, and this row has none');
  expect(html).toContain('brand.new@client.example');
  const report = await page.context().newPage();
  await report.setContent(html);
  await expect(report.getByRole('heading', { name: 'Left by hand' })).toBeVisible();
  await report.screenshot({ path: join(app.screenshotDir, 'preview-four-targets-report.png'), fullPage: true });
  await report.close();

  downloading = page.waitForEvent('download');
  await many.getByRole('button', { name: 'Download plan CSV' }).click();
  download = await downloading;
  expect(download.suggestedFilename()).toBe('client-plan-4-systems.csv');
  const plan = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
  expect(plan).toHaveLength(5);
  expect(plan[0]).toMatch(/^line,email,external_id,pb_strict_action,.*,braze_by_hand,braze_renamed_to$/);
  expect(plan[4]).toMatch(/^5,only\.email@client\.example,,create,.*,track_needs_external_id,$/);

  await many.getByRole('button', { name: 'Stage into each (4 import change sets)' }).click();
  const list = page.getByRole('table', { name: 'Import change sets' });
  for (const name of ['pb', 'scim', 'uv', 'braze']) await expect(list.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) })).toHaveCount(1);
  await app.screenshot('preview-four-targets-staged');
});
