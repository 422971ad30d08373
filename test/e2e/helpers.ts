import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, type SandboxReady } from './fixtures';

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

/** The sandbox's systems, by the connection names the e2e tests give them. */
const SANDBOX_CONNECTIONS = {
  pb: { kind: 'productboard', system: 'productboard', tokenEnv: 'SANDBOX_PB_TOKEN' },
  scim: { kind: 'productboard-scim', system: 'scim', tokenEnv: 'SANDBOX_SCIM_TOKEN' },
  uv: { kind: 'uservoice', system: 'uservoice', tokenEnv: 'SANDBOX_UV_TOKEN' },
  braze: { kind: 'braze', system: 'braze', tokenEnv: 'SANDBOX_BRAZE_TOKEN' },
} as const;

/** Adds a connection to each named sandbox system, then pulls them in the order given (Braze-style last: it looks up the ids the others know). */
export async function connectAndPull(page: Page, sandbox: SandboxReady, names: readonly (keyof typeof SANDBOX_CONNECTIONS)[]): Promise<void> {
  for (const name of names) {
    const c = SANDBOX_CONNECTIONS[name];
    await addConnection(page, { name, kind: c.kind, url: sandbox[c.system].url, tokenEnv: c.tokenEnv });
  }
  for (const name of names) await pull(page, name);
}

/**
 * Runs axe-core on what the page shows now: no serious or critical violation (WCAG 2.x
 * A/AA and best practices). Each one is listed with the rule, its help and the elements.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect(bad, `axe on ${screen}`).toEqual([]);
}

/** What has the keyboard focus: its role-ish tag, its label or text, and whether its focus ring shows. */
export async function focused(page: Page): Promise<{ tag: string; text: string; ring: boolean }> {
  // A string: the e2e sources are typed without the DOM library.
  return page.evaluate<{ tag: string; text: string; ring: boolean }>(`(() => {
    const e = document.activeElement;
    if (!e) return { tag: '', text: '', ring: false };
    const style = getComputedStyle(e);
    return {
      tag: e.getAttribute('role') ?? e.tagName.toLowerCase(),
      text: (e.getAttribute('aria-label') ?? e.textContent ?? '').trim(),
      ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    };
  })()`);
}

/** Presses Tab (or Shift+Tab) until the focus is on what `matches` accepts; at most `limit` presses. */
export async function tabTo(page: Page, matches: (f: { tag: string; text: string }) => boolean, options: { back?: boolean; limit?: number } = {}): Promise<void> {
  for (let i = 0; i < (options.limit ?? 80); i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    if (matches(now)) {
      expect(now.ring, `focus on ${now.tag} "${now.text}" is visible`).toBe(true);
      return;
    }
  }
  throw new Error(`Tab never reached the element looked for (last: ${JSON.stringify(await focused(page))})`);
}
