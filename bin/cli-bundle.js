// Which CLI bin/rekey.js runs: the bundle (scripts/build-cli.js) when it is there and no
// source it was built from is newer than it; otherwise null, and the sources run.
import { readFileSync, statSync } from 'node:fs';

/** @param {URL} root the repository (or installed package) root, ending in '/' */
export function freshBundle(root) {
  const bundle = new URL('out/cli/rekey.js', root);
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('out/cli/inputs.json', root), 'utf8'));
    return inputs.every((file) => statSync(new URL(file, root)).mtimeMs <= built) ? bundle : null;
  } catch {
    return null; // no bundle, or a source it was built from is gone
  }
}
