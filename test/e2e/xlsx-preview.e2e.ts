import { xlsxBytes } from '../support/xlsx-file';
import { expect, test } from './fixtures';
import { addConnection, expectAccessible, pull } from './helpers';

test.use({ sandboxArgs: ['--users', '300'] });

/** A consultant's workbook: the people on its first sheet, with a conflict, a bad email and 500 new rows. */
function clientWorkbook(): Buffer {
  const rows: (string | number | null)[][] = [['Email', 'External ID', 'Name']];
  rows.push(['ada.novak0@acme-robotics.com', 'usr_10000', 'Ada']);
  rows.push(['chloe.novak2@initech.net', 'other-id', 'Chloe']);
  rows.push(['not-an-email', 'x1', 'Broken']);
  for (let i = 0; i < 500; i++) rows.push([`sheet${i}@example.com`, `sheet_${i}`, `Sheet Person ${i}`]);
  return Buffer.from(xlsxBytes([{ name: 'People', rows }, { name: 'Notes', rows: [['not read']] }]));
}

test('drop an .xlsx: its first sheet is previewed like a CSV, bad rows by row', async ({ app, sandbox }) => {
  const { page } = app;
  await addConnection(page, { name: 'pb', kind: 'productboard', url: sandbox.productboard.url, tokenEnv: 'SANDBOX_PB_TOKEN' });
  await pull(page, 'pb');
  await page.getByRole('link', { name: 'Import preview', exact: true }).click();
  await page.getByLabel('CSV file or spreadsheet (.xlsx)').setInputFiles({ name: 'client.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: clientWorkbook() });

  const mapping = page.getByRole('region', { name: 'Column mapping' });
  await expect(mapping.getByLabel('Column for Email')).toHaveValue('0');
  await expect(mapping.getByLabel('Column for External id')).toHaveValue('1');
  const summary = page.getByRole('region', { name: 'Preview summary' });
  await expect(summary).toContainText('client.xlsx: 502 rows into pb');
  await expect(summary.getByRole('table').getByRole('row', { name: /^Created [\d,]+ / })).toContainText('500');
  await expect(summary).toContainText('1 row could not be read');
  await expect(summary).toContainText('"not-an-email" is not a valid email');
  const plan = page.getByRole('table', { name: 'Import plan' });
  await expect(plan.getByRole('row').nth(1)).toContainText('chloe.novak2@initech.net');
  await app.screenshot('xlsx-preview');
  await expectAccessible(app.page, 'Import preview of an .xlsx');

  await summary.getByRole('button', { name: /Stage this import/ }).click();
  await expect(page.getByRole('region', { name: /Change set \d+/ })).toContainText('draft');
});
