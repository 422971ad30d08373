import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository (or installed app) root, for the built renderer and resources: the
 * nearest folder above this code with a package.json, wherever the code sits (src-main/
 * from source, out/cli/ in the CLI's bundle).
 */
function findRoot(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return join(from, '..');
}

export const appRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
export const rendererDir = join(appRoot, 'out', 'renderer');
