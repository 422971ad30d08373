import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed app) root, for the built renderer and resources. */
export const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const rendererDir = join(appRoot, 'out', 'renderer');
