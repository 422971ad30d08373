#!/usr/bin/env node
// The `rekey` CLI (package.json "bin"). It runs the TypeScript sources through tsx so
// the CLI is always the code in the tree, with no build step between edit and use.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/entry.ts');
await main();
