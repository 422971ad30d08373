import { test as base, expect, type Page } from '@playwright/test';

export { expect };
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshotDir = join(repoRoot, 'test', 'e2e', 'screenshots');

/** A started `rekey` child process and the JSON line it printed when ready. */
export interface Started<T> {
  ready: T;
  child: ChildProcess;
}

/** Starts `node bin/rekey.js ARGS` and waits for its one-line JSON ready message. */
export async function startRekey<T>(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Started<T>> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'rekey.js'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`rekey ${args[0]} not ready in 60 s: ${stderr}`)), 60_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`rekey ${args[0]} printed ${line}; stderr: ${stderr}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`rekey ${args[0]} exited with ${code}: ${stderr}`));
    });
  });
  return { ready, child };
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export interface App {
  page: Page;
  /** The browser-mode origin, e.g. http://127.0.0.1:43123 */
  origin: string;
  launchUrl: string;
  workspacePath: string;
  /** Saves test/e2e/screenshots/NAME.png (not committed) for a person to look at. */
  screenshot: (name: string) => Promise<void>;
  screenshotDir: string;
}

export interface SandboxReady {
  productboard: { url: string; token: string };
  scim: { url: string; token: string };
  uservoice: { url: string; token: string };
  braze: { url: string; token: string };
  admin: { url: string; token: string };
}

/**
 * Opens browser mode in `page`: `rekey serve ARGS` in its own process, the page on the
 * launch link. Every 404 the page meets (a missing favicon or asset) fails the test.
 */
async function openApp(page: Page, args: string[], env: NodeJS.ProcessEnv, use: (app: App) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rekey-e2e-'));
  const workspacePath = args.includes('--demo') ? join(dir, 'workspaces', 'demo.rekey') : join(dir, 'workspace.rekey');
  const server = await startRekey<{ url: string }>(['serve', ...(args.includes('--demo') ? [] : ['--db', workspacePath]), '--port', '0', ...args], {
    REKEY_HOME: dir,
    REKEY_ACTOR: 'e2e',
    ...env,
  });
  const launchUrl = server.ready.url;
  const origin = new URL(launchUrl).origin;
  mkdirSync(screenshotDir, { recursive: true });
  const missing: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await page.goto(launchUrl);
  try {
    await use({
      page,
      origin,
      launchUrl,
      workspacePath,
      screenshotDir,
      screenshot: async (name) => {
        await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
      },
    });
    expect(missing, 'requests the app answered 404').toEqual([]);
  } finally {
    await stop(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `sandbox`: `rekey sandbox` in its own process (real rate limits unless a test says
 * otherwise), its tokens in env vars the app's connections can name.
 * `app`: a fresh workspace, browser mode serving it with those env vars, the page
 * opened on the launch link.
 * `demoApp`: `rekey serve --demo` on a fresh user folder — a newcomer's first start.
 */
export const test = base.extend<{ sandboxArgs: string[]; sandbox: SandboxReady; app: App; demoApp: App }>({
  sandboxArgs: [['--users', '400'], { option: true }],
  sandbox: async ({ sandboxArgs }, use) => {
    const started = await startRekey<SandboxReady>(['sandbox', ...sandboxArgs]);
    try {
      await use(started.ready);
    } finally {
      await stop(started.child);
    }
  },
  app: async ({ page, sandbox }, use) => {
    await openApp(page, [], {
      SANDBOX_PB_TOKEN: sandbox.productboard.token,
      SANDBOX_SCIM_TOKEN: sandbox.scim.token,
      SANDBOX_UV_TOKEN: sandbox.uservoice.token,
      SANDBOX_BRAZE_TOKEN: sandbox.braze.token,
    }, use);
  },
  demoApp: async ({ page }, use) => {
    await openApp(page, ['--demo'], {}, use);
  },
});


