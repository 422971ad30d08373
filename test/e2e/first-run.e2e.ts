import { expect, test } from './fixtures';
import { expectAccessible, focused, tabTo } from './helpers';

// The demo pulls at the systems' real rates (the Braze-style lookups at 1,000 a minute):
// slow tests, given three times the usual time.
test.slow();

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
  await app.screenshot('first-run-connections');
  // "Pull all" pulls them again, each row showing its own pull as a whole, then its result.
  await page.getByRole('button', { name: 'Pull all' }).click();
  for (const name of DEMO) await expect(page.getByRole('status', { name: `Pull of ${name}` })).toContainText('Pulled', { timeout: 90_000 });
  await expect(page.getByRole('button', { name: 'Pull all' })).toBeEnabled();
  await expectAccessible(page, 'Connections');

  // Each row's actions on one line at 1,400 px.
  for (const name of DEMO) {
    const row = table.getByRole('row', { name: new RegExp(`^${name} `) });
    const tops = await row.getByRole('button').evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
    // Test, Pull, Edit, Remove, and Full pull where the API can read only what changed.
    expect(tops.length, name).toBeGreaterThanOrEqual(4);
    expect(new Set(tops).size, `${name}: actions on one line`).toBe(1);
  }

  await page.getByRole('link', { name: 'Users', exact: true }).click();
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users).toContainText('ada.novak0@acme-robotics.com');
  await app.screenshot('first-run-users');
  await expectAccessible(page, 'Users');
  // The virtualised table is one Tab stop; End reaches its last row (rendered on the way), Home the first.
  await tabTo(page, (f) => f.tag === 'row');
  const total = Number(await users.getAttribute('aria-rowcount'));
  await page.keyboard.press('End');
  await expect(page.locator(':focus')).toHaveAttribute('aria-rowindex', String(total + 1));
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator(':focus')).toHaveAttribute('aria-rowindex', '3');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'Person' })).toBeVisible();
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

test('keyboard only: stage a rename batch, review it row by row with Tab, arrows and Enter, approve it', async ({ demoApp: app }) => {
  const { page } = app;
  const table = page.getByRole('table', { name: 'Connections' });
  await expect(table.getByRole('row', { name: /^demo-braze / })).toContainText(/UTC/, { timeout: 90_000 });

  // From the page's top, Tab reaches the navigation; Enter follows the link.
  await tabTo(page, (f) => f.text === 'Renames');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Renames' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Stage rename batch' });
  await form.getByLabel(/rename by pattern from/).focus();
  await page.keyboard.type('usr_1000{n}');
  await page.keyboard.press('Tab');
  await page.keyboard.type('acct-1000{n}');
  await tabTo(page, (f) => f.text === 'Check and stage');
  await page.keyboard.press('Enter');
  const detail = page.getByRole('region', { name: /Change set \d+/ });
  await expect(detail).toContainText('draft');
  await tabTo(page, (f) => f.text === 'Submit for review');
  await page.keyboard.press('Enter');
  await expect(detail).toContainText('in review');

  const rows = detail.getByRole('rowgroup').getByRole('row');
  const count = await rows.count();
  expect(count).toBeGreaterThanOrEqual(3);
  // Tab into the rows: one stop, on the first row.
  await tabTo(page, (f) => f.tag === 'row' && f.text === 'Row 0');
  for (let i = 0; i < count; i++) {
    expect((await focused(page)).text).toBe(`Row ${i}`);
    await page.keyboard.press('Tab'); // into the row: its Approve button
    expect((await focused(page)).text).toBe('Approve');
    await page.keyboard.press('Enter');
    await expect(detail.getByRole('row', { name: `Row ${i}` }).getByRole('button', { name: 'Approve' })).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Shift+Tab'); // back to the row
    if (i < count - 1) await page.keyboard.press('ArrowDown');
  }
  await expect(detail).toContainText(`${count} approved, 0 rejected, 0 pending`);
  // Up and Home move the row focus back.
  await page.keyboard.press('ArrowUp');
  expect((await focused(page)).text).toBe(`Row ${count - 2}`);
  await page.keyboard.press('Home');
  expect((await focused(page)).text).toBe('Row 0');
  await app.screenshot('keyboard-review');

  await tabTo(page, (f) => f.text === 'Approve change set', { back: true });
  await page.keyboard.press('Enter');
  await expect(detail.getByRole('heading', { level: 2 })).toContainText('approved');
  await expectAccessible(page, 'Renames with an approved change set');
  await page.getByRole('link', { name: 'Push', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Change sets to push' })).toContainText('approved');
  await expectAccessible(page, 'Push with a change set');
});
