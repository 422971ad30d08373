import { expect, test } from './fixtures';
import { addConnection, expectAccessible, pull } from './helpers';

test.use({ sandboxArgs: ['--users', '200'] });

/**
 * A change set larger than one page of rows (issue 22): its rows come as the table
 * scrolls, a filter shows one review at a time, approving every pending row is decided
 * on the server for rows never loaded, and the Audit page loads older entries the same way.
 */
test('a change set of 1,200 rows: rows come as the table scrolls, filtered, all approved at once in one audit entry; the audit log pages too', async ({ app, sandbox }) => {
  const { page } = app;
  await addConnection(page, { name: 'pb', kind: 'productboard', url: sandbox.productboard.url, tokenEnv: 'SANDBOX_PB_TOKEN' });
  await addConnection(page, { name: 'braze', kind: 'braze', url: sandbox.braze.url, tokenEnv: 'SANDBOX_BRAZE_TOKEN' });
  await pull(page, 'pb');
  await pull(page, 'braze');

  // 200 renames of real users, then 1,000 of ids nobody holds.
  const lines = Array.from({ length: 1200 }, (_, i) => (i < 200 ? `usr_${10000 + i},acct-${i}` : `nobody-${i},acct-${i}`));
  await page.getByRole('link', { name: 'Renames', exact: true }).click();
  const form = page.getByRole('form', { name: 'Stage rename batch' });
  await form.getByLabel(/CSV file/).setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(`current_external_id,new_external_id\r\n${lines.join('\r\n')}\r\n`) });
  await form.getByRole('button', { name: 'Check and stage' }).click();

  const detail = page.getByRole('region', { name: /Change set \d+/ });
  await expect(detail).toContainText('1200 rows: 0 approved, 0 rejected, 1200 pending');
  const table = detail.getByRole('table', { name: /Rows of change set/ });
  await expect(table).toHaveAttribute('aria-rowcount', '1201');
  await expect(table.getByRole('row', { name: 'Row 0' })).toBeVisible();
  // The last row is not on the first page: it is asked for when the table gets there.
  await expect(table.getByRole('row', { name: 'Row 1199' })).toHaveCount(0);
  await table.getByRole('row', { name: 'Row 0' }).focus();
  await page.keyboard.press('End');
  await expect(table.getByRole('row', { name: 'Row 1199' })).toContainText('No user has this current external id.');
  await app.screenshot('large-change-set-end');

  await detail.getByRole('button', { name: 'Submit for review' }).click();
  await expect(detail).toContainText('in review');
  await table.getByRole('row', { name: 'Row 1199' }).getByRole('button', { name: 'Reject' }).click();
  await expect(detail).toContainText('0 approved, 1 rejected, 1199 pending');

  // Only the rejected row, then every pending row decided at once on the server.
  await detail.getByLabel('Show rows').selectOption({ label: 'Rejected' });
  await expect(detail.getByText('1 rows shown')).toBeVisible();
  await expect(table.getByRole('row', { name: 'Row 1199' })).toBeVisible();
  // 250 more rows rejected one at a time, each as the Reject button sends it: single
  // decisions are an audit entry each, which gives the Audit page below pages to load.
  const id = Number(/\d+/.exec((await detail.getAttribute('aria-label'))!)![0]);
  await page.evaluate(async (id) => {
    for (let idx = 949; idx < 1199; idx++) {
      const response = await fetch('/api/changesets.reviewRow', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ id, idx, review: 'rejected', comment: null }),
        credentials: 'same-origin',
      });
      if (!((await response.json()) as { ok: boolean }).ok) throw new Error(`row ${idx} was not rejected`);
    }
  }, id);
  await expect(detail).toContainText('0 approved, 251 rejected, 949 pending');
  await expect(detail.getByText('251 rows shown')).toBeVisible();
  await detail.getByRole('button', { name: 'Approve all 949 pending rows' }).click();
  await expect(detail).toContainText('approved');
  await expect(detail).toContainText('1200 rows: 200 approved, 1000 rejected, 0 pending');
  await expect(detail.getByText('1,000 rows shown')).toBeVisible();
  await detail.getByLabel('Show rows').selectOption({ label: 'Approved' });
  await expect(detail.getByText('200 rows shown')).toBeVisible();
  await expect(table.getByRole('row', { name: 'Row 0' })).toBeVisible();
  await expectAccessible(page, 'A large change set, filtered');

  // Approving all was one audit entry (naming every row it decided); the 251 single
  // decisions before it are one each: older pages load as the log scrolls.
  await page.getByRole('link', { name: 'Audit', exact: true }).click();
  const audit = page.getByRole('table', { name: 'Audit log' });
  await expect(audit.getByRole('row').nth(1)).toBeVisible();
  const decidedAtOnce = audit.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Every pending row decided at once', exact: true }) });
  await expect(decidedAtOnce).toHaveCount(1);
  // Its detail reads in words on the page (the JSON is for the export).
  await expect(decidedAtOnce).toContainText('approved rows 0-199');
  await expect(decidedAtOnce).toContainText('rejected rows 200-948 (No user has this current external id)');
  await audit.getByRole('row').nth(1).focus();
  // Each End reaches the last entry loaded, and the next older page is asked for.
  await expect(async () => {
    await page.keyboard.press('End');
    await expect(audit.getByRole('cell', { name: 'Workspace created', exact: true })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await page.keyboard.press('End');
  await expect(audit.getByRole('row').last()).toContainText('Workspace created');
  await app.screenshot('audit-paged');
  await expectAccessible(page, 'Audit, scrolled to its first entry');
});
