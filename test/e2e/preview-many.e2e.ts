import { expect, test } from './fixtures';
import { connectAndPull, expectAccessible } from './helpers';

test.use({ sandboxArgs: ['--users', '60'] });

test('preview one file into four connections side by side, then stage it into each', async ({ app, sandbox }) => {
  const { page } = app;
  await connectAndPull(page, sandbox, ['pb', 'scim', 'uv', 'braze']);

  await page.getByRole('link', { name: 'Import preview', exact: true }).click();
  await page.getByLabel('Into').selectOption('pb');
  const csv = 'email,external_id,name\nada.novak0@acme-robotics.com,usr_10000,Ada\nbrand.new@client.example,client-1,Brand New\nchloe.novak2@initech.net,other-id,Chloe\n';
  await page.getByLabel('CSV file').setInputFiles({ name: 'client.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByRole('region', { name: 'Preview summary' })).toContainText('3 rows into pb');

  const many = page.getByRole('region', { name: 'Preview into several connections' });
  for (const name of ['scim', 'uv', 'braze']) await many.getByRole('checkbox', { name: new RegExp(`^${name} `) }).check();
  await many.getByRole('button', { name: /Compare side by side/ }).click();
  const counts = many.getByRole('table', { name: 'Outcomes per connection' });
  for (const name of ['pb', 'scim', 'uv', 'braze']) await expect(counts.getByRole('columnheader', { name })).toBeVisible();
  const rows = many.getByRole('table', { name: 'Rows in every connection' });
  const fresh = rows.getByRole('row', { name: /brand\.new@client\.example/ });
  await expect(fresh.getByRole('cell')).toHaveText(['3', 'brand.new@client.example', 'client-1', 'create', 'create', 'create', 'create']);
  await expect(rows.getByRole('row', { name: /ada\.novak0/ })).toContainText('match');
  await many.scrollIntoViewIfNeeded();
  await app.screenshot('preview-four-targets');
  await expectAccessible(page, 'Import preview into four connections');

  await many.getByRole('button', { name: 'Stage into each (4 import change sets)' }).click();
  const list = page.getByRole('table', { name: 'Import change sets' });
  for (const name of ['pb', 'scim', 'uv', 'braze']) await expect(list.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) })).toHaveCount(1);
});
