import { expect, test } from './fixtures';
import { connectAndPull, expectAccessible, pull } from './helpers';

test.use({ sandboxArgs: ['--users', '120', '--rpm', '0'] });

test('find duplicates, dismiss one, compare and choose values, review the plan and checklist, push a merge', async ({ app, sandbox }) => {
  const { page } = app;
  await connectAndPull(page, sandbox, ['pb', 'scim', 'uv']);

  await page.getByRole('link', { name: 'Merges', exact: true }).click();
  const table = page.getByRole('table', { name: 'Duplicate candidates' });
  await expect(table).toContainText('Detached by lenient matching');
  await expect(table).toContainText('UserVoice external user on the wrong user');
  // The list is virtualised (only the rows in view are in the page): its row count says how many there are.
  const rows = Number(await table.getAttribute('aria-rowcount'));
  await expect(page.getByText(new RegExp(`^${rows - 1} candidates: .*detached by lenient matching`))).toBeVisible();
  await app.screenshot('merges');

  // Dismiss one candidate for good.
  const stale = table.getByRole('row', { name: /UserVoice external user on the wrong user/ }).first();
  await stale.getByRole('button', { name: 'Not a duplicate' }).click();
  await expect(table).toHaveAttribute('aria-rowcount', String(rows - 1));

  // Open a detached user: the email holder survives and takes the detached user's external id.
  const detached = table.getByRole('row', { name: /Detached by lenient matching/ }).first();
  await detached.getByRole('button', { name: 'Compare' }).click();
  const compare = page.getByRole('region', { name: 'Compare and choose' });
  await expect(compare).toContainText('2 records side by side');
  await expect(compare.getByRole('radio', { name: /^Survivor / }).first()).toBeChecked();
  const extFromDetached = compare.getByRole('radio', { name: /^External id from / }).nth(1);
  await extFromDetached.check();
  await expect(extFromDetached).toBeChecked();
  await app.screenshot('merges-compare');

  await page.getByRole('button', { name: 'Plan merge' }).click();
  const plan = page.getByRole('region', { name: 'Merge plan' });
  const steps = plan.getByRole('list', { name: 'Steps in pb' });
  await expect(steps.getByRole('listitem')).toHaveCount(3);
  await expect(steps.getByRole('listitem').nth(0)).toContainText('PATCH /notes/');
  await expect(steps.getByRole('listitem').nth(1)).toContainText('Not reversible');
  await expect(steps.getByRole('listitem').nth(1)).toContainText('DELETE /users/');
  await expect(steps.getByRole('listitem').nth(2)).toContainText('PATCH /users/');
  await plan.getByText('Checklist', { exact: true }).click();
  await expect(plan.getByLabel('Checklist')).toContainText('**Not reversible**');
  const checklist = page.waitForEvent('download');
  await plan.getByRole('button', { name: 'Export checklist' }).click();
  expect((await checklist).suggestedFilename()).toBe('merge-checklist.md');
  await app.screenshot('merges-plan');

  // Staged as a merge change set: reviewed and pushed like every other.
  await plan.getByRole('button', { name: 'Stage merge' }).click();
  const detail = page.getByRole('region', { name: /Change set \d+/ });
  await expect(detail).toContainText('merge on pb');
  await detail.getByRole('button', { name: 'Submit for review' }).click();
  await detail.getByRole('row', { name: 'Row 0' }).getByRole('button', { name: 'Approve' }).click();
  await detail.getByRole('button', { name: 'Approve change set' }).click();
  await detail.getByRole('button', { name: 'Push', exact: true }).click();
  await expect(detail.getByRole('status', { name: /Push of change set/ })).toContainText('applied: 1 applied, 0 failed', { timeout: 60_000 });
  await app.screenshot('merges-pushed');
  await expectAccessible(page, 'Merges with a pushed merge');

  // The way back is staged from the applied merge, for review like any change set.
  await detail.getByText('Undo plan').click();
  await expect(detail.getByRole('list', { name: 'Undo row 0' }).getByRole('listitem')).toHaveCount(3);
  await detail.getByRole('button', { name: 'Stage undo' }).click();
  await expect(page.getByRole('region', { name: /Change set \d+/ })).toContainText(/Undo #\d+/);
  await expect(page.getByRole('region', { name: /Change set \d+/ })).toContainText('draft');
  await app.screenshot('merges-undo');

  // The sandbox is in the planned state: the detached user is gone.
  await page.getByRole('link', { name: 'Connections', exact: true }).click();
  await pull(page, 'pb');
  await page.getByRole('link', { name: 'Merges', exact: true }).click();
  await expect(table).toHaveAttribute('aria-rowcount', String(rows - 2));
});
