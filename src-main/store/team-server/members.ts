import type Database from 'better-sqlite3';

export interface TeamMember {
  name: string;
  invitedAt: string;
  revokedAt: string | null;
}

/** Invited members. Only a hash of each member's token is kept. */
export class TeamMembersRepo {
  constructor(private readonly db: Database.Database) {}

  /** Inviting a name again (after a revoke, or a lost token) replaces its token. */
  invite(name: string, tokenHash: string, now: string): void {
    this.db
      .prepare(
        `INSERT INTO members (name, token_hash, invited_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, invited_at = excluded.invited_at, revoked_at = NULL`,
      )
      .run(name, tokenHash, now);
  }

  revoke(name: string, now: string): boolean {
    return this.db.prepare('UPDATE members SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL').run(now, name).changes === 1;
  }

  /** The active member whose token has this hash. */
  byTokenHash(tokenHash: string): string | undefined {
    const r = this.db.prepare('SELECT name FROM members WHERE token_hash = ? AND revoked_at IS NULL').get(tokenHash) as { name: string } | undefined;
    return r?.name;
  }

  list(): TeamMember[] {
    const rows = this.db.prepare('SELECT name, invited_at, revoked_at FROM members ORDER BY name').all() as {
      name: string;
      invited_at: string;
      revoked_at: string | null;
    }[];
    return rows.map((r) => ({ name: r.name, invitedAt: r.invited_at, revokedAt: r.revoked_at }));
  }
}
