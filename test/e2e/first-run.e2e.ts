import { expect, test } from './fixtures';
import { expectAccessible } from './helpers';

const DEMO = ['demo-braze', 'demo-productboard', 'demo-scim', 'demo-uservoice'];

/** A client's small export for the Import preview: one known person, one conflict, one new. */
const CLIENT_CSV = 'email,external_id\r\nada.novak0@acme-robotics.com,usr_10000\r\nchloe.novak2@initech.net,other-id\r\nnew.person@example.com,cli_1\r\n';

test('a fresh demo start pulls every connection by itself; every screen has data and passes axe', async ({ demoApp: app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1400, height: 900 });
  const table = page.getByRole('table', { name: 'Connections' });
  await expect(table).toBeVisible();
  await app.screenshot('first-run-pulling');
  // Every demo connection ends pulled, Braze-style last, with no click.
  for (const name of DEMO) {
    const row = table.getByRole('row', { name: new RegExp(`^${name} `) });
    await expect(row).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/, { timeout: 90_000 });
    await expect(row.getByRole('cell').nth(4)).not.toHaveText('0');
  }
  await expect(page.getByRole('button', { name: 'Pull all' })).toBeEnabled();
  await app.screenshot('first-run-connections');
  await expectAccessible(page, 'Connections');

  // Each row's actions on one line at 1,400 px.
  for (const name of DEMO) {
    const row = table.getByRole('row', { name: new RegExp(`^${name} `) });
    const tops = await row.getByRole('button').evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
    expect(tops.length, name).toBe(4);
    expect(new Set(tops).size, `${name}: actions on one line`).toBe(1);
  }

  await page.getByRole('link', { name: 'Users', exact: true }).click();
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users).toContainText('ada.novak0@acme-robotics.com');
  await app.screenshot('first-run-users');
  await expectAccessible(page, 'Users');
  await users.getByRole('row', { name: /ada\.novak0/ }).first().click();
  await expect(page.getByRole('complementary', { name: 'Person' })).toContainText('usr_10000');
  await expectAccessible(page, 'Users with a person open');

  await page.getByRole('link', { name: 'Merges', exact: true }).click();
  const candidates = page.getByRole('table', { name: 'Duplicate candidates' });
  await expect(candidates.getByRole('row').nth(1)).toBeVisible();
  await app.screenshot('first-run-merges');
  await expectAccessible(page, 'Merges');
  await candidates.getByRole('row').nth(1).getByRole('button', { name: 'Compare' }).click();
  await page.getByRole('button', { name: 'Plan merge' }).click();
  await expect(page.getByRole('button', { name: /Stage/ }).first()).toBeVisible();
  await app.screenshot('first-run-merge-plan');
  await expectAccessible(page, 'Merges: compare and plan');

  await page.getByRole('link', { name: 'Import preview', exact: true }).click();
  await page.getByLabel('CSV file').setInputFiles({ name: 'client.csv', mimeType: 'text/csv', buffer: Buffer.from(CLIENT_CSV) });
  const plan = page.getByRole('table', { name: 'Import plan' });
  await expect(plan).toContainText('chloe.novak2@initech.net');
  await app.screenshot('first-run-preview');
  await expectAccessible(page, 'Import preview');

  for (const name of ['Renames', 'Push', 'Audit']) {
    await page.getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await app.screenshot(`first-run-${name.toLowerCase()}`);
    await expectAccessible(page, name);
  }
});
