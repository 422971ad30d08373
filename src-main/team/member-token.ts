import { createHash, randomBytes } from 'node:crypto';

/** A member token: 32 random bytes, recognisable by its prefix in a leaked log. */
export function newMemberToken(): string {
  return `rkt_${randomBytes(32).toString('base64url')}`;
}

/** The server keeps only this; a stolen data folder gives no way in. */
export function hashMemberToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
