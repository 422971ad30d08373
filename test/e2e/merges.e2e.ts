import { expect, test } from './fixtures';
import { addConnection, pull } from './helpers';

test.use({ sandboxArgs: ['--users', '120', '--rpm', '0'] });

test('find duplicate candidates, compare one side by side, dismiss one', async ({ app, sandbox }) => {
  const { page } = app;
  await addConnection(page, { name: 'pb', kind: 'productboard', url: sandbox.productboard.url, tokenEnv: 'SANDBOX_PB_TOKEN' });
  await addConnection(page, { name: 'scim', kind: 'productboard-scim', url: sandbox.scim.url, tokenEnv: 'SANDBOX_SCIM_TOKEN' });
  await addConnection(page, { name: 'uv', kind: 'uservoice', url: sandbox.uservoice.url, tokenEnv: 'SANDBOX_UV_TOKEN' });
  for (const name of ['pb', 'scim', 'uv']) await pull(page, name);

  await page.getByRole('link', { name: 'Merges', exact: true }).click();
  const table = page.getByRole('table', { name: 'Duplicate candidates' });
  await expect(table).toContainText('Detached by lenient matching');
  await expect(table).toContainText('UserVoice external user on the wrong user');
  const rows = await table.getByRole('row').count();
  await app.screenshot('merges');

  const detached = table.getByRole('row', { name: /Detached by lenient matching/ }).first();
  await detached.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByRole('complementary', { name: 'Person' })).toContainText('2 records side by side');
  await app.screenshot('merges-compare');
  await detached.getByRole('button', { name: 'Not a duplicate' }).click();
  await expect(table.getByRole('row')).toHaveCount(rows - 1);
});
