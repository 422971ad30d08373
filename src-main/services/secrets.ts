import { failed } from '../../src-shared/errors';
import type { Connection } from '../../src-shared/model/connection';

/**
 * Where tokens live (SPEC §8): never in the workspace file. The Electron shell keeps
 * them in the OS keychain through safeStorage (a vault); the CLI and browser mode read
 * the environment variable a connection names.
 */
export interface TokenVault {
  save(ref: string, token: string): void;
  read(ref: string): string | undefined;
  forget(ref: string): void;
}

export interface Secrets {
  /** The token for a connection, or a clear error saying where it was looked for. */
  tokenFor(connection: Connection, tokenRef: string | null): string;
  /** Present only where tokens typed into the app can be kept safely (Electron). */
  vault?: TokenVault;
}

export function envSecrets(env: NodeJS.ProcessEnv = process.env, vault?: TokenVault): Secrets {
  return {
    vault,
    tokenFor(connection, tokenRef) {
      if (connection.tokenEnv) {
        const token = env[connection.tokenEnv];
        if (!token) {
          throw failed(
            'token_missing',
            `connection "${connection.name}": environment variable ${connection.tokenEnv} is not set`,
          );
        }
        return token;
      }
      if (tokenRef && vault) {
        const token = vault.read(tokenRef);
        if (token) return token;
        throw failed('token_missing', `connection "${connection.name}": its token is no longer in the keychain; edit the connection to enter it again`);
      }
      throw failed('token_missing', `connection "${connection.name}" has no token source; edit it to name an environment variable`);
    },
  };
}
