import { expect, test } from './fixtures';

const PAGES = ['Connections', 'Users', 'Import preview', 'Renames', 'Merges', 'Push', 'Audit'];

test('the frame shows every page, the workspace and its schema version', async ({ app }) => {
  const { page } = app;
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByLabel('Workspace')).toContainText(app.workspacePath);
  await expect(page.getByLabel('Workspace')).toContainText(/schema v\d+/);
  await expect(page.getByLabel('Workspace')).toContainText('browser mode');
  for (const name of PAGES) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await app.screenshot(`frame-${name.toLowerCase().replace(/\s+/g, '-')}`);
  }
});

test('empty states say what to do next', async ({ app }) => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'No connections yet' })).toBeVisible();
  await expect(page.getByText('rekey connections add')).toBeVisible();
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'No users pulled yet' })).toBeVisible();
});

test('the audit page lists the real audit log', async ({ app }) => {
  const { page } = app;
  await page.getByRole('link', { name: 'Audit', exact: true }).click();
  // The workspace was created by the server start, which is itself audited.
  const table = page.getByRole('table', { name: 'Audit log' });
  await expect(table.getByRole('cell', { name: 'Workspace created', exact: true })).toHaveAttribute('title', 'workspace.created');
  await app.screenshot('audit');
});

test('the audit page checks the whole workspace file and says it is sound', async ({ app }) => {
  const { page } = app;
  await page.getByRole('link', { name: 'Audit', exact: true }).click();
  await page.getByRole('button', { name: 'Check the workspace file' }).click();
  await expect(page.getByRole('status', { name: 'Workspace check' })).toContainText('The workspace file is sound: every page and every index was checked');
  await app.screenshot('audit-check');
});

test('browser mode refuses a request without the secret and one from a foreign origin', async ({ app }) => {
  const noSecret = await fetch(`${app.origin}/api/workspace.info`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(noSecret.status).toBe(401);
  const foreign = await app.page.request.post(`${app.origin}/api/workspace.info`, {
    headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' },
    data: {},
  });
  expect(foreign.status()).toBe(403);
  // The page itself, with its session cookie and own origin, gets through.
  const own = await app.page.evaluate(async () => {
    const r = await fetch('/api/workspace.info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    return r.status;
  });
  expect(own).toBe(200);
});

test('the app loads without a 404: every asset it names is served, and it names its own icon', async ({ app }) => {
  const { page } = app;
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  // Headless Chromium does not ask for /favicon.ico, desktop browsers do when a page names
  // no icon: so the page must name one, and it must be served. (The fixture fails any
  // test whose page met a 404.)
  const icon = page.locator('link[rel="icon"]');
  await expect(icon).toHaveCount(1);
  const named = await page.locator('link[href], script[src]').evaluateAll((elements) => elements.map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? ''));
  const urls = named.map((u) => new URL(u, page.url()).href);
  expect(urls.length).toBeGreaterThanOrEqual(3);
  for (const url of urls) expect((await page.request.get(url)).status(), url).toBe(200);
});
