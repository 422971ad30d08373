import { defineConfig } from 'vitest/config';

// Unit and integration tests sit next to the code they test (*.test.ts).
// End-to-end tests (test/e2e) run separately, against the built app, by Playwright
// (`npm run test:e2e`: electron-vite build, then test/e2e/playwright.config.ts).
export default defineConfig({
  test: {
    include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts', 'src-renderer/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'out/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/support/temp-dir.ts', 'test/support/build-cli.ts'],
    // Every Productboard answer a test provokes is checked against the API description.
    setupFiles: ['test/support/openapi-setup.ts'],
  },
});
