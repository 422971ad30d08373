#!/usr/bin/env node
// Bundles the `rekey` CLI (src-main/cli/entry.ts) into out/cli/rekey.js with esbuild, so
// that bin/rekey.js starts plain JavaScript: no transpiler at run time (issue 22). The
// import preview's reading thread and a pull's fetching thread are entries beside it
// (src-main/threads/spawn-worker.ts finds them next to the bundle). out/cli/inputs.json
// lists the sources it was built from: bin/rekey.js runs the sources instead when one of
// them is newer (an edit in a source checkout).
// Run by `npm install` (the "prepare" script), `npm run build` and the unit tests' setup.
// With --if-possible it only warns when esbuild is missing: bin/rekey.js falls back to tsx.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'out', 'cli');
const lenient = process.argv.includes('--if-possible');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch (e) {
  process.stderr.write(`build-cli: esbuild is not installed (${e.message}); bin/rekey.js will run the sources through tsx\n`);
  process.exit(lenient ? 0 : 1);
}

// zod's z.locales carries every language's messages (260 KB of the 450 KB zod adds); the
// CLI speaks English only, and z.config() defaults to English, so the others are left out.
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'node_modules'}/zod/`) ? { path: join(args.resolveDir, '..', 'locales', 'index.js'), namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(args.path, '..', 'en.js'))};`,
      resolveDir: join(args.path, '..'),
    }));
  },
};

// Built into a fresh folder and renamed into place, so a CLI started meanwhile never
// loads half a bundle.
const staging = `${outDir}.${process.pid}.tmp`;
try {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { rekey: 'src-main/cli/entry.ts', 'incoming-worker': 'src-main/services/incoming-worker.ts', 'fetch-worker': 'src-main/sync/fetch/fetch-worker.ts' },
    outdir: staging,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    // Native code stays in node_modules; the CLI never loads Electron.
    external: ['better-sqlite3', 'electron'],
    // Bundled CommonJS packages call require(): give the ESM bundle one.
    banner: { js: "import { createRequire as __rekeyRequire } from 'node:module'; const require = __rekeyRequire(import.meta.url);" },
    // Code loaded only when used goes into chunks/: each command's implementation (the
    // registry imports it when the command runs, so `rekey --help` loads none), undici at
    // the first request. Minified code compiles faster: the start of every command is
    // what is being bought.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    keepNames: true,
    plugins: [englishOnlyZod],
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => /^src-(main|shared)\//.test(f))
    .map((f) => relative(root, join(root, f)));
  writeFileSync(join(staging, 'inputs.json'), JSON.stringify(inputs));
  // Which sources each file of the bundle holds: the tests read it to check that
  // `rekey --help` loads no command's implementation (src-main/cli/lazy-commands.test.ts).
  const outputs = Object.fromEntries(
    Object.entries(result.metafile.outputs).map(([file, { inputs: held }]) => [relative(staging, join(root, file)).replaceAll('\\', '/'), Object.keys(held).sort()]),
  );
  writeFileSync(join(staging, 'outputs.json'), JSON.stringify(outputs, null, 1));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(root, 'out'), { recursive: true });
  renameSync(staging, outDir);
} catch (e) {
  rmSync(staging, { recursive: true, force: true });
  process.stderr.write(`build-cli: ${e.message}\n`);
  process.exit(lenient ? 0 : 1);
}
