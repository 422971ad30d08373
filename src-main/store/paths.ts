import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the default workspace lives: REKEY_HOME when set (tests, portable installs),
 * otherwise the platform's user-data folder, the same one Electron's
 * app.getPath('userData') names for an app called Rekey.
 */
export function rekeyHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REKEY_HOME) return env.REKEY_HOME;
  const home = homedir();
  switch (process.platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Rekey');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Rekey');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Rekey');
  }
}

export function defaultWorkspacePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(rekeyHome(env), 'workspaces', 'default.rekey');
}
