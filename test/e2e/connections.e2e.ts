import { expect, test } from './fixtures';

test('add, edit and remove a connection from the Connections page', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Add connection' }).click();
  const form = page.getByRole('form', { name: 'Add connection' });
  await form.getByLabel('Name').fill('pb-prod');
  await form.getByLabel('Kind').selectOption('productboard');
  await form.getByLabel('Base URL').fill('not a url');
  await form.getByLabel('Token environment variable').fill('PB_TOKEN');
  await form.getByRole('button', { name: 'Add connection' }).click();
  await expect(form.getByRole('alert')).toContainText('baseUrl');

  await form.getByLabel('Base URL').fill('http://127.0.0.1:9/');
  await form.getByRole('button', { name: 'Add connection' }).click();
  const table = page.getByRole('table', { name: 'Connections' });
  await expect(table).toContainText('pb-prod');
  await expect(table).toContainText('$PB_TOKEN');
  await app.screenshot('connections');

  await table.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit pb-prod' });
  await edit.getByLabel('Base URL').fill('http://127.0.0.1:10/');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(table).toContainText('http://127.0.0.1:10/');

  await table.getByRole('button', { name: 'Remove…' }).click();
  await table.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'No connections yet' })).toBeVisible();

  await page.getByRole('link', { name: 'Audit', exact: true }).click();
  const audit = page.getByRole('table', { name: 'Audit log' });
  // In words on the page; the code behind each in its tooltip (and in the export).
  const entries: [string, string][] = [
    ['Connection added', 'connection.added'],
    ['Connection changed', 'connection.updated'],
    ['Connection removed', 'connection.removed'],
  ];
  for (const [words, code] of entries) {
    await expect(audit.getByRole('cell', { name: words, exact: true }).first()).toHaveAttribute('title', code);
  }
});
