import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../test/support/cli';
import { commands } from './registry';

/**
 * Issue 22: `rekey --help` starts at once because it loads the commands' specs only, never
 * an implementation (each pulls in the store, the services, zod or undici). These tests run
 * the real CLI, the bundle and the sources, and list every module the process loaded.
 */

/** A preload that writes every ES module loaded (a loader hook) and every CommonJS one (at exit) to $REKEY_LOADED_LOG. */
function recorder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rekey-loaded-'));
  const hook = join(dir, 'hook.mjs');
  writeFileSync(
    hook,
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  const loaded = await next(url, context);
  appendFileSync(process.env.REKEY_LOADED_LOG, url + '\\n');
  return loaded;
}\n`,
  );
  const preload = join(dir, 'preload.mjs');
  writeFileSync(
    preload,
    `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
register(${JSON.stringify(pathToFileURL(hook).href)});
process.on('exit', () => appendFileSync(process.env.REKEY_LOADED_LOG, Object.keys(createRequire(import.meta.url).cache).join('\\n') + '\\n'));\n`,
  );
  return preload;
}
const preload = recorder();

/** The bundle's files, each with the sources it holds (scripts/build-cli.js writes it). */
const bundleOutputs = () => JSON.parse(readFileSync(join(repoRoot, 'out', 'cli', 'outputs.json'), 'utf8')) as Record<string, string[]>;

/** Every source file and package file a `rekey ARGS` process loaded, relative to the repository; a bundle file counts as the sources it holds. */
function loadedBy(args: string[], env: Record<string, string>): string[] {
  const log = join(mkdtempSync(join(tmpdir(), 'rekey-loaded-')), 'loaded.txt');
  writeFileSync(log, '');
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(preload).href, join(repoRoot, 'bin', 'rekey.js'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env, REKEY_LOADED_LOG: log },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status, run.stderr).toBe(0);
  const outputs = bundleOutputs();
  const files = new Set<string>();
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (!line || line.startsWith('node:')) continue;
    const file = relative(repoRoot, line.startsWith('file:') ? fileURLToPath(line) : line).replaceAll('\\', '/');
    const held = file.startsWith('out/cli/') ? outputs[file.slice('out/cli/'.length)] : undefined;
    for (const source of held ?? [file]) files.add(source);
  }
  return [...files].sort();
}

/** What help must not load: a command's implementation, the services, the store (but where the default workspace is), and the heavy packages. */
const heavy = (files: string[]) =>
  files.filter((f) => (/^src-main\/(cli\/commands|services|store)\//.test(f) && f !== 'src-main/store/paths.ts') || /(^|\/)node_modules\/(better-sqlite3|zod|undici)\//.test(f));

describe('rekey --help loads no command implementation (issue 22)', () => {
  const ways = [
    ['the bundle', {}],
    ['the sources', { REKEY_FROM_SOURCE: '1' }],
  ] as const;

  it.each(ways)('%s: rekey --help and rekey COMMAND --help load the specs only', (_, env) => {
    for (const args of [['--help'], ['connections', 'add', '--help'], ['preview', '--help']]) {
      const loaded = loadedBy(args, env);
      expect(loaded).toContain('src-main/cli/registry.ts');
      expect(heavy(loaded), `rekey ${args.join(' ')}`).toEqual([]);
    }
  });

  it.each(ways)('%s: running a command loads its implementation and the store (what the check above looks for)', (_, env) => {
    const db = join(mkdtempSync(join(tmpdir(), 'rekey-loaded-')), 'w.rekey');
    const loaded = heavy(loadedBy(['--db', db, 'connections', 'list'], env));
    expect(loaded).toContain('src-main/cli/commands/connections-list.ts');
    expect(loaded).toContain('src-main/store/workspace.ts');
    expect(loaded.some((f) => f.includes('node_modules/better-sqlite3/'))).toBe(true);
    // Listing connections validates nothing: the contract's schemas (zod) stay unloaded.
    expect(loaded.filter((f) => f.includes('node_modules/zod/'))).toEqual([]);
  });

  it('every spec loads an implementation, and every implementation under commands/ has exactly one spec', async () => {
    const registered = await Promise.all(commands.map((c) => c.load()));
    for (const [i, implementation] of registered.entries()) expect(typeof implementation.run, commands[i]!.path.join(' ')).toBe('function');
    const defined: unknown[] = [];
    const dir = join(repoRoot, 'src-main', 'cli', 'commands');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const module = (await import(/* @vite-ignore */ pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
      defined.push(...Object.values(module).filter((v) => typeof (v as { run?: unknown } | null)?.run === 'function'));
    }
    // Two specs on one implementation (and so another left out) is a slip in the registry.
    expect(new Set(registered).size).toBe(registered.length);
    expect(new Set(registered)).toEqual(new Set(defined));
  });
});
