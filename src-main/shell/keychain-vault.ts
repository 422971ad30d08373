import { app, safeStorage } from 'electron';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TokenVault } from '../services/secrets';

/**
 * Tokens typed into the desktop app (SPEC §8): encrypted with the OS keychain's key
 * through safeStorage and kept in the user-data folder, outside any workspace file, so
 * copying or sending a workspace never carries a token.
 */
export function keychainVault(file: string = join(app.getPath('userData'), 'tokens.json')): TokenVault {
  const load = (): Record<string, string> =>
    existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const persist = (entries: Record<string, string>) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(entries), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };
  return {
    save(ref, token) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new Error('The OS keychain is not available; name an environment variable for the token instead');
      }
      persist({ ...load(), [ref]: safeStorage.encryptString(token).toString('base64') });
    },
    read(ref) {
      const sealed = load()[ref];
      return sealed ? safeStorage.decryptString(Buffer.from(sealed, 'base64')) : undefined;
    },
    forget(ref) {
      const entries = load();
      delete entries[ref];
      persist(entries);
    },
  };
}
