import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium-path';

// End-to-end tests drive browser mode (the same renderer Electron shows) in real
// Chromium. Each test gets a fresh workspace and its own `rekey serve` on a free port.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../../test-results/e2e.json' }]],
  // Its own folder: Playwright empties it at start, and test-results/ also holds unit.json.
  outputDir: '../../test-results/e2e-artifacts',
  use: {
    headless: true,
    viewport: { width: 1360, height: 860 },
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    trace: 'off',
  },
});
