import type Database from 'better-sqlite3';

/** Saved identity indexes (migration 0005); the triggers there keep them from going stale. */
export class IdentitySnapshotsRepo {
  constructor(private readonly db: Database.Database) {}

  get(connectionId: number): Uint8Array | undefined {
    return this.db.prepare('SELECT data FROM identity_snapshots WHERE connection_id = ?').pluck().get(connectionId) as Buffer | undefined;
  }

  has(connectionId: number): boolean {
    return this.db.prepare('SELECT 1 FROM identity_snapshots WHERE connection_id = ?').get(connectionId) !== undefined;
  }

  save(connectionId: number, users: number, data: Uint8Array, at: string): void {
    this.db
      .prepare('INSERT INTO identity_snapshots (connection_id, users, built_at, data) VALUES (?, ?, ?, ?) ON CONFLICT (connection_id) DO UPDATE SET users = excluded.users, built_at = excluded.built_at, data = excluded.data')
      .run(connectionId, users, at, data);
  }

  /** Drops a connection's saved index (a damaged one, say); the next reader rebuilds it. */
  drop(connectionId: number): void {
    this.db.prepare('DELETE FROM identity_snapshots WHERE connection_id = ?').run(connectionId);
  }
}
