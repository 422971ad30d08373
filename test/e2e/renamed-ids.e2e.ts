import { expect, test } from './fixtures';
import { connectAndPull, expectAccessible } from './helpers';

test.use({ sandboxArgs: ['--users', '60'] });

test('a file naming an id a pushed rename replaced: the preview says so, and "use the new ids" stages the mapping', async ({ app, sandbox }) => {
  const { page } = app;
  // The SCIM directory holds usr_10000 too, but the rename is pushed to pb only.
  await connectAndPull(page, sandbox, ['pb', 'scim']);

  // Rename usr_10000 to acct-10000 in Productboard and push it.
  await page.getByRole('link', { name: 'Renames', exact: true }).click();
  const form = page.getByRole('form', { name: 'Stage rename batch' });
  await form.getByRole('checkbox', { name: /^pb / }).check();
  await form.getByLabel(/CSV file/).setInputFiles({ name: 'renames.csv', mimeType: 'text/csv', buffer: Buffer.from('current_external_id,new_external_id\r\nusr_10000,acct-10000\r\n') });
  await form.getByRole('button', { name: 'Check and stage' }).click();
  const rename = page.getByRole('region', { name: /Change set \d+/ });
  await rename.getByRole('button', { name: 'Submit for review' }).click();
  await rename.getByRole('row', { name: 'Row 0' }).getByRole('button', { name: 'Approve' }).click();
  await rename.getByRole('button', { name: 'Approve change set' }).click();
  await rename.getByRole('button', { name: 'Push', exact: true }).click();
  await expect(rename.getByRole('status', { name: /Push of change set/ })).toContainText('applied: 1 applied, 0 failed', { timeout: 60_000 });

  // The client's file still has the old id.
  await page.getByRole('link', { name: 'Import preview', exact: true }).click();
  await page.getByLabel('Into').selectOption('pb');
  const csv = 'email,external_id,name\nada.novak0@acme-robotics.com,usr_10000,Ada\nbrand.new@client.example,client-1,Brand New\n';
  await page.getByLabel('CSV file').setInputFiles({ name: 'client.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const notice = page.getByRole('status', { name: 'Renamed external ids' });
  await expect(notice).toContainText('1 row names an external id that a pushed rename replaced');
  await expect(notice).toContainText(/line 2: usr_10000 was renamed to acct-10000 on \d{4}-\d\d-\d\d; Productboard no longer knows it\./);
  await expect(notice.getByTitle('renamed_external_id')).toBeVisible();
  const plan = page.getByRole('table', { name: 'Import plan' });
  const ada = plan.getByRole('row', { name: /ada\.novak0/ });
  await expect(ada).toContainText('usr_10000 → acct-10000');
  await expect(ada).toContainText('Refused'); // as the file says it: the email is the renamed user's
  await plan.scrollIntoViewIfNeeded();
  await app.screenshot('renamed-ids-flagged');
  await expectAccessible(page, 'Import preview naming a renamed id');

  // Row by row, from the plan table…
  await ada.getByRole('button', { name: 'Use acct-10000 on line 2' }).click();
  await expect(ada).toContainText('acct-10000 ← usr_10000');
  await ada.getByRole('button', { name: 'Keep usr_10000 on line 2' }).click();
  await expect(ada).toContainText('usr_10000 → acct-10000');
  // …or every such row at once.
  await notice.getByRole('button', { name: 'Use the new ids for 1 row' }).click();
  await expect(notice).toContainText('1 row named an external id that a rename replaced; it is planned with the new id');
  await expect(notice).toContainText('Planned with acct-10000 instead of usr_10000');
  await expect(ada).toContainText('acct-10000 ← usr_10000');
  await expect(ada).toContainText('Matched');
  await expect(notice.getByRole('button', { name: 'Keep the ids as in the file' })).toBeVisible();
  await plan.scrollIntoViewIfNeeded();
  await app.screenshot('renamed-ids-mapped');

  // Compared with scim: renames are per connection, so only pb's cell names the old id.
  const many = page.getByRole('region', { name: 'Preview into several connections' });
  await many.getByRole('checkbox', { name: /^scim / }).check();
  await many.getByRole('button', { name: /Compare side by side/ }).click();
  const compared = many.getByRole('table', { name: 'Rows in every connection' }).getByRole('row', { name: /ada\.novak0/ }).getByRole('cell');
  await expect(compared.nth(3)).toContainText('Matched — Planned with acct-10000 instead of usr_10000');
  await expect(compared.nth(4)).not.toContainText('acct-10000');
  await expect(many.getByLabel('What staging does with old ids')).toHaveText(
    'Rows naming an old id (pb: 1): "Stage into each" plans them in each connection with the new id that connection\'s own renames gave, and keeps the mapping in each change set.',
  );
  await many.scrollIntoViewIfNeeded();
  await app.screenshot('renamed-ids-compared');

  await page.getByRole('region', { name: 'Preview summary' }).getByRole('button', { name: /Stage this import/ }).click();
  const staged = page.getByRole('region', { name: /Change set \d+/ });
  const row = staged.getByRole('row', { name: 'Row 0' });
  await expect(row).toContainText('externalId: acct-10000 (was usr_10000)');
  await expect(row).toContainText('Planned with acct-10000 instead of usr_10000');
  await expect(staged.getByLabel('Batch analysis')).toContainText('1 row named an external id that a rename replaced and uses the new id');
  await staged.getByRole('button', { name: 'Submit for review' }).click();
  for (const idx of [0, 1]) await staged.getByRole('row', { name: `Row ${idx}` }).getByRole('button', { name: 'Approve' }).click();
  await staged.getByRole('button', { name: 'Approve change set' }).click();
  await staged.getByRole('button', { name: 'Push', exact: true }).click();
  await expect(staged.getByRole('status', { name: /Push of change set/ })).toContainText('applied: 2 applied, 0 failed', { timeout: 60_000 });
  await app.screenshot('renamed-ids-pushed');
  await expectAccessible(page, 'Import with renamed ids staged and pushed');
});
