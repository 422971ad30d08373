import { expect, test } from './fixtures';
import { connectAndPull, expectAccessible } from './helpers';

test.use({ sandboxArgs: ['--users', '60'] });

test('stage one rename batch for four systems, read it side by side with its checklist, push it side by side', async ({ app, sandbox }) => {
  const { page } = app;
  await connectAndPull(page, sandbox, ['pb', 'scim', 'uv', 'braze']);

  await page.getByRole('link', { name: 'Renames', exact: true }).click();
  const form = page.getByRole('form', { name: 'Stage rename batch' });
  for (const name of ['pb', 'scim', 'uv']) await form.getByRole('checkbox', { name: new RegExp(`^${name} `) }).check();
  // Persons 0–2 are held in all four systems; person 7's UserVoice external user sits on a user with another email.
  await form.getByLabel(/CSV file/).setInputFiles({
    name: 'renames.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('current_external_id,new_external_id\r\nusr_10000,acct-10000\r\nusr_10002,acct-10002\r\nusr_10007,acct-10007\r\n'),
  });
  await form.getByRole('button', { name: 'Check and stage' }).click();

  const batch = page.getByRole('region', { name: 'Rename batch' });
  await expect(batch).toContainText('Batch across 4 systems · 3 people');
  const table = batch.getByRole('table', { name: 'Each person in every system' });
  for (const name of ['pb', 'scim', 'uv', 'braze']) await expect(table.getByRole('columnheader', { name: new RegExp(`^${name} `) })).toBeVisible();
  const first = table.getByRole('row', { name: /usr_10000 → acct-10000/ });
  await expect(first).toContainText('stops matching at once');
  await expect(first).toContainText('keeps working as a deprecated id for 30 days');
  await expect(table.getByRole('row', { name: /usr_10007/ })).toContainText('Re-attach external user acct-10007');
  const checklist = batch.getByRole('list', { name: 'Checklist' });
  await expect(checklist).toContainText('uv: In UserVoice, remove the old external user usr_10000');
  await expect(checklist).toContainText('braze: After 30 days, close the migration windows');
  await batch.scrollIntoViewIfNeeded();
  await app.screenshot('rename-batch-side-by-side');
  await expectAccessible(page, 'Renames, a batch side by side');

  // Each system's change set is reviewed on its own, row by row.
  const list = page.getByRole('table', { name: 'Rename and removal batches' });
  for (const name of ['pb', 'scim', 'uv', 'braze']) {
    await list.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) }).getByRole('button').click();
    const detail = page.getByRole('region', { name: /Change set \d+/ });
    await expect(detail).toContainText(`rename on ${name}`);
    await detail.getByRole('button', { name: 'Submit for review' }).click();
    await expect(detail).toContainText('in review');
    for (const idx of [0, 1, 2]) await detail.getByRole('row', { name: `Row ${idx}` }).getByRole('button', { name: 'Approve' }).click();
    await detail.getByRole('button', { name: 'Approve change set' }).click();
    await expect(detail.getByRole('heading', { level: 2 })).toContainText('approved');
  }

  await batch.getByRole('button', { name: 'Push 4 approved side by side' }).click();
  const results = batch.getByRole('list', { name: 'Batch push results' });
  for (const name of ['pb', 'scim', 'uv', 'braze']) await expect(results).toContainText(`${name}: applied — 3 applied, 0 failed`, { timeout: 60_000 });
  await expect(table.getByRole('row', { name: /usr_10000 → acct-10000/ })).toContainText('approved · applied');
  await batch.scrollIntoViewIfNeeded();
  await app.screenshot('rename-batch-pushed');
  await expectAccessible(page, 'Renames, a batch pushed');
});
