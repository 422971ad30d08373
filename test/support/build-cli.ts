import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './cli';

/**
 * Vitest global setup: builds the CLI's bundle (scripts/build-cli.js) once, so the tests
 * that run bin/rekey.js run what a user runs after `npm install`, not the sources.
 */
export default function setup(): void {
  const build = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build-cli.js')], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  if (build.status !== 0) throw new Error(`the CLI bundle did not build: ${build.stderr}`);
}
