import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { addConnection, pull } from './helpers';

test.use({ sandboxArgs: ['--users', '300'] });

/** A client's export: a header the guesser half-knows, a conflict, a bad email, 20,000 rows. */
function clientCsv(): Buffer {
  const lines = ['Work Email;Customer Ref;Full name;Notes'];
  lines.push('ada.novak0@acme-robotics.com;usr_10000;Ada;existing');
  lines.push('chloe.novak2@initech.net;other-id;Chloe;email held by usr_10002');
  lines.push('not-an-email;x1;Broken;bad');
  for (let i = 0; i < 20_000; i++) lines.push(`client${i}@example.com;cli_${i};Client ${i};new`);
  return Buffer.from(lines.join('\r\n') + '\r\n');
}

test('drop a CSV, fix the mapping, read the counts, scroll a large plan, export the report', async ({ app, sandbox }) => {
  const { page } = app;
  await addConnection(page, { name: 'pb', kind: 'productboard', url: sandbox.productboard.url, tokenEnv: 'SANDBOX_PB_TOKEN' });
  await pull(page, 'pb');
  await page.getByRole('link', { name: 'Import preview', exact: true }).click();
  await page.getByLabel('CSV file').setInputFiles({ name: 'client.csv', mimeType: 'text/csv', buffer: clientCsv() });

  // "Work Email" is guessed; "Customer Ref" is not: map it by hand.
  const mapping = page.getByRole('region', { name: 'Column mapping' });
  await expect(mapping.getByLabel('Column for Email')).toHaveValue('0');
  await mapping.getByLabel('Column for External id').selectOption({ label: 'Customer Ref' });
  await mapping.getByRole('button', { name: 'Apply mapping' }).click();

  const summary = page.getByRole('region', { name: 'Preview summary' });
  await expect(summary).toContainText('20,002 rows into pb');
  const counts = summary.getByRole('table');
  await expect(counts.getByRole('row', { name: /^Created as a second user/ })).toContainText('1');
  await expect(counts.getByRole('row', { name: /^Refused/ })).toContainText('1');
  await expect(counts.getByRole('row', { name: /^Created [\d,]+ / })).toContainText('20,000');
  await expect(counts.getByTitle('create-detached')).toBeVisible(); // the code, in the tooltip
  await expect(summary).toContainText('1 row could not be read');

  // Conflicts first; then scroll deep into the plan.
  const plan = page.getByRole('table', { name: 'Import plan' });
  await expect(plan.getByRole('row').nth(1)).toContainText('chloe.novak2@initech.net');
  await expect(plan.getByRole('row').nth(1)).toContainText('This email already belongs to another user with a different external id.');
  await expect(plan.getByRole('row').nth(1).getByTitle('fail · email_taken_by_other_external_id')).toBeVisible();
  await app.screenshot('preview-plan');
  await page.getByTestId('plan-scroller').evaluate((el) => (el.scrollTop = 15_000 * 30));
  await expect(plan).toContainText('client149', { timeout: 15_000 });

  const downloading = page.waitForEvent('download');
  await summary.getByRole('button', { name: 'Client report (HTML)' }).click();
  const file = await (await downloading).path();
  const html = readFileSync(file!, 'utf8');
  expect(html).toContain('Conflicts (1)');
  expect(html).toContain('SHA-256');
  const report = await page.context().newPage();
  await report.setContent(html);
  await report.screenshot({ path: join(app.screenshotDir, 'preview-report.png'), fullPage: true });
  await report.close();

  await summary.getByRole('button', { name: /Stage this import/ }).click();
  await expect(page.getByRole('region', { name: /Change set \d+/ })).toContainText('draft');
});
