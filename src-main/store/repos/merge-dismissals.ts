import type Database from 'better-sqlite3';

/** Candidates marked "not a duplicate" (issue 9): they stay dismissed across pulls. */
export class MergeDismissalsRepo {
  constructor(private readonly db: Database.Database) {}

  keys(): Set<string> {
    return new Set((this.db.prepare('SELECT key FROM merge_dismissals').all() as { key: string }[]).map((r) => r.key));
  }

  dismiss(key: string, by: string, reason: string | null, now: string): void {
    this.db.prepare('INSERT INTO merge_dismissals (key, dismissed_by, dismissed_at, reason) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING').run(key, by, now, reason);
  }

  /** Every dismissal with who made it, for sharing with a team. */
  all(): { key: string; by: string; at: string; reason: string | null }[] {
    return this.db.prepare('SELECT key, dismissed_by AS by, dismissed_at AS at, reason FROM merge_dismissals ORDER BY key').all() as {
      key: string;
      by: string;
      at: string;
      reason: string | null;
    }[];
  }
}
