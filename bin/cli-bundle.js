// Which CLI bin/rekey.js runs: the bundle (scripts/build-cli.js) when it is there and no
// source it was built from is newer than it; otherwise null, and the sources run.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @param {URL} root the repository (or installed package) root, ending in '/' */
export function freshBundle(root) {
  const bundle = new URL('out/cli/rekey.js', root);
  // Plain paths, not a URL per source: this runs before every command (issue 22).
  const dir = fileURLToPath(root);
  try {
    const built = statSync(fileURLToPath(bundle)).mtimeMs;
    const inputs = JSON.parse(readFileSync(join(dir, 'out', 'cli', 'inputs.json'), 'utf8'));
    return inputs.every((file) => statSync(join(dir, file)).mtimeMs <= built) ? bundle : null;
  } catch {
    return null; // no bundle, or a source it was built from is gone
  }
}
