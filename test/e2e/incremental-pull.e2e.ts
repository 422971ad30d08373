import { expect, test } from './fixtures';
import { addConnection, pull } from './helpers';

// Just over 10,000 people, limits off: enough for UserVoice's large-account warning, and quick.
test.use({ sandboxArgs: ['--users', '10200', '--rpm', '0'] });

test('a second pull reads only what changed, Full pull reads every user, and a large UserVoice account is warned about', async ({ app, sandbox }) => {
  const { page } = app;
  await addConnection(page, { name: 'scim', kind: 'productboard-scim', url: sandbox.scim.url, tokenEnv: 'SANDBOX_SCIM_TOKEN' });
  const status = page.getByRole('status', { name: 'Pull of scim' });
  const row = page.getByRole('table', { name: 'Connections' }).getByRole('row', { name: /^scim / });

  await pull(page, 'scim');
  await expect(status).toContainText('A full pull: every user was read');
  await pull(page, 'scim');
  await expect(status).toContainText('An incremental pull: only users changed since');
  await expect(status).toContainText('1 requests');
  await expect(row).toContainText('(changes only)');
  await app.screenshot('connections-incremental-pull');

  await row.getByRole('button', { name: 'Full pull' }).click();
  await expect(status).toContainText('A full pull: every user was read', { timeout: 60_000 });
  await expect(row).not.toContainText('(changes only)');

  await addConnection(page, { name: 'uv', kind: 'uservoice', url: sandbox.uservoice.url, tokenEnv: 'SANDBOX_UV_TOKEN' });
  await pull(page, 'uv');
  const note = page.getByRole('status', { name: 'Pull of uv' }).getByRole('note');
  await expect(note).toContainText(/This UserVoice account has 10,\d{3} users\. UserVoice advises listing users only below 10,000/);
  await app.screenshot('connections-uservoice-warning');
});
