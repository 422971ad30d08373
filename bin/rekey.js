#!/usr/bin/env node
// The `rekey` CLI (package.json "bin"). It runs out/cli/rekey.js, the bundle `npm install`
// builds (scripts/build-cli.js): plain JavaScript, so it starts at once. Where that bundle
// is missing, or older than a source it was built from (an edit in a source checkout), it
// runs the TypeScript sources through tsx instead: slower to start, never stale.
// REKEY_FROM_SOURCE=1 asks for the sources.
import { freshBundle } from './cli-bundle.js';

const bundle = process.env.REKEY_FROM_SOURCE === '1' ? null : freshBundle(new URL('../', import.meta.url));
if (bundle) {
  const { main } = await import(bundle.href);
  await main();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src-main/cli/entry.ts');
  await main();
}
