import type Database from 'better-sqlite3';

export interface PushLease {
  changeSet: string;
  member: string;
  since: string;
  expiresAt: string;
}

interface LeaseRow {
  change_set: string;
  member: string;
  since: string;
  expires_at: string;
}

const toLease = (r: LeaseRow): PushLease => ({ changeSet: r.change_set, member: r.member, since: r.since, expiresAt: r.expires_at });

/**
 * Push leases: one pusher per change set. Taken in one immediate transaction, so two
 * members asking at once cannot both get it; an expired lease (a pusher that vanished)
 * can be taken over.
 */
export class TeamLeasesRepo {
  constructor(private readonly db: Database.Database) {}

  take(changeSet: string, member: string, now: string, expiresAt: string): { granted: boolean; lease: PushLease } {
    return this.db
      .transaction(() => {
        const held = this.db.prepare('SELECT * FROM leases WHERE change_set = ?').get(changeSet) as LeaseRow | undefined;
        if (held && held.member !== member && held.expires_at > now) return { granted: false, lease: toLease(held) };
        const since = held && held.member === member && held.expires_at > now ? held.since : now;
        this.db
          .prepare(
            `INSERT INTO leases (change_set, member, since, expires_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (change_set) DO UPDATE SET member = excluded.member, since = excluded.since, expires_at = excluded.expires_at`,
          )
          .run(changeSet, member, since, expiresAt);
        return { granted: true, lease: { changeSet, member, since, expiresAt } };
      })
      .immediate();
  }

  release(changeSet: string, member: string): boolean {
    return this.db.prepare('DELETE FROM leases WHERE change_set = ? AND member = ?').run(changeSet, member).changes === 1;
  }

  active(now: string): PushLease[] {
    return (this.db.prepare('SELECT * FROM leases WHERE expires_at > ? ORDER BY since').all(now) as LeaseRow[]).map(toLease);
  }
}
