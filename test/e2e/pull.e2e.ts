import { expect, test } from './fixtures';

// 3,000 demo people. The client paces itself at Productboard's 50 requests/s less 1%
// (kind-limits.ts), as a connection added without --rate does; the sandbox's 1,200 a
// minute is a ceiling this pull of a few dozen pages never reaches.
test.use({ sandboxArgs: ['--users', '3000', '--rpm', '1200'] });

test('add a sandbox connection, test it, pull it with live progress, find a person', async ({ app, sandbox }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Add connection' }).click();
  const form = page.getByRole('form', { name: 'Add connection' });
  await form.getByLabel('Name').fill('pb');
  await form.getByLabel('Kind').selectOption('productboard');
  await form.getByLabel('Base URL').fill(sandbox.productboard.url);
  await form.getByLabel('Token environment variable').fill('SANDBOX_PB_TOKEN');
  await form.getByRole('button', { name: 'Add connection' }).click();
  const table = page.getByRole('table', { name: 'Connections' });
  await expect(table).toContainText('never');

  await table.getByRole('button', { name: 'Test' }).click();
  const checks = page.getByRole('list', { name: 'Test of pb' });
  await expect(checks).toContainText('the token is accepted');
  await expect(checks).toContainText('X-Version: 1 is accepted');

  await table.getByRole('button', { name: 'Pull', exact: true }).click();
  await expect(page.getByRole('progressbar', { name: 'Pulling pb' })).toBeVisible();
  // The pull as a whole: the sum over every list, and each list on its own line.
  await expect(page.getByText(/^[\d,]+ rows · \d+ pages · \d+ retries/)).toBeVisible();
  const lists = page.getByRole('list', { name: 'Lists of pb' });
  for (const list of ['companies', 'users', 'members', 'notes']) await expect(lists).toContainText(`${list}: `);
  await app.screenshot('connections-pulling');
  await expect(page.getByRole('status', { name: 'Pull of pb' })).toContainText('Pulled 3,', { timeout: 60_000 });
  await expect(table.getByRole('row').nth(1)).toContainText('3,0');
  await app.screenshot('connections-pulled');

  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search users' }).fill('usr_10000');
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users).toContainText('ada.novak0@acme-robotics.com');
  await users.getByRole('row', { name: /ada\.novak0/ }).click();
  await expect(page.getByRole('complementary', { name: 'Person' })).toContainText('usr_10000');
  await app.screenshot('users-person');
});
