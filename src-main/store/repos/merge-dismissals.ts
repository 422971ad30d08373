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
}
