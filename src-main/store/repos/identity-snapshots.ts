import type Database from 'better-sqlite3';

/** Which saved index file is current for a connection (migration 0005). */
export interface IdentitySnapshotRow {
  file: string;
  bytes: number;
  users: number;
}

/** Saved identity indexes (migration 0005); the triggers there keep them from going stale. */
export class IdentitySnapshotsRepo {
  constructor(private readonly db: Database.Database) {}

  get(connectionId: number): IdentitySnapshotRow | undefined {
    return this.db.prepare('SELECT file, bytes, users FROM identity_snapshots WHERE connection_id = ?').get(connectionId) as IdentitySnapshotRow | undefined;
  }

  has(connectionId: number): boolean {
    return this.get(connectionId) !== undefined;
  }

  save(connectionId: number, row: IdentitySnapshotRow, at: string): void {
    this.db
      .prepare(
        `INSERT INTO identity_snapshots (connection_id, users, built_at, file, bytes) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (connection_id) DO UPDATE SET users = excluded.users, built_at = excluded.built_at, file = excluded.file, bytes = excluded.bytes`,
      )
      .run(connectionId, row.users, at, row.file, row.bytes);
  }

  /** Forgets a connection's saved index (a damaged one, say); the next reader rebuilds it. */
  drop(connectionId: number): void {
    this.db.prepare('DELETE FROM identity_snapshots WHERE connection_id = ?').run(connectionId);
  }
}
