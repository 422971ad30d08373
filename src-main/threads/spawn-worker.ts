import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { freshBundle } from '../../bin/cli-bundle.js';

/**
 * The main process's worker threads, each its own entry in both bundles (scripts/build-cli.js
 * beside out/cli/rekey.js, electron.vite.config.ts beside out/main/index.js), and its source.
 */
const ENTRIES = {
  /** An import preview's reading thread (services/incoming-reader.ts). */
  'incoming-worker': 'src-main/services/incoming-worker.ts',
  /** A pull's fetching thread (sync/fetch/thread-fetcher.ts). */
  'fetch-worker': 'src-main/sync/fetch/fetch-worker.ts',
} as const;

export type WorkerEntry = keyof typeof ENTRIES;

/**
 * Starts one of the workers. From source (tests, benchmarks, browser mode run TypeScript
 * through tsx) the worker is the one the CLI bundle carries while that bundle is fresh (no
 * source it was built from is newer: bin/cli-bundle.js, the rule bin/rekey.js follows), so
 * the thread runs the code a user's `rekey` runs, without compiling its modules through
 * tsx first (0.2 s and more). Otherwise, or with REKEY_FROM_SOURCE=1, the worker registers
 * tsx before loading its module. A bundle has the worker beside its entry.
 */
export function spawnWorker(entry: WorkerEntry, options: WorkerOptions = {}): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const root = new URL('../../', here);
    const bundle = process.env.REKEY_FROM_SOURCE === '1' ? null : freshBundle(root);
    if (bundle) return new Worker(new URL(`${entry}.js`, bundle), options);
    const tsx = pathToFileURL(tsxEsmApi(here)).href;
    const source = new URL(ENTRIES[entry], root).href;
    return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`, { ...options, eval: true });
  }
  // This code may sit in a shared chunk (out/main/chunks/, out/cli/chunks/); the workers are beside the entry.
  const main = new URL(here.includes('/chunks/') ? '../' : './', here);
  return new Worker(new URL(`${entry}.js`, main), options);
}

/** tsx's ESM register entry, found through its package exports (require.resolve would give the CommonJS one). */
function tsxEsmApi(from: string): string {
  const manifest = createRequire(from).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return join(dirname(manifest), exports['./esm/api']!.import.default);
}
