import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Adds a connection through the Connections page form, as a person would. */
export async function addConnection(page: Page, c: { name: string; kind: string; url: string; tokenEnv: string }): Promise<void> {
  await page.getByRole('link', { name: 'Connections', exact: true }).click();
  await page.getByRole('button', { name: 'Add connection' }).click();
  const form = page.getByRole('form', { name: 'Add connection' });
  await form.getByLabel('Name').fill(c.name);
  await form.getByLabel('Kind').selectOption(c.kind);
  await form.getByLabel('Base URL').fill(c.url);
  await form.getByLabel('Token environment variable').fill(c.tokenEnv);
  await form.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByRole('table', { name: 'Connections' })).toContainText(c.name);
}

/** Pulls a connection from its row and waits for the result line. */
export async function pull(page: Page, name: string): Promise<void> {
  const row = page.getByRole('table', { name: 'Connections' }).getByRole('row', { name: new RegExp(`^${name} `) });
  await row.getByRole('button', { name: 'Pull', exact: true }).click();
  await expect(page.getByRole('status', { name: `Pull of ${name}` })).toContainText('Pulled', { timeout: 60_000 });
}
