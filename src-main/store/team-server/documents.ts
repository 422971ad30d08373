import type Database from 'better-sqlite3';

/** Each shared doc as its merged Yjs state (what @hocuspocus/extension-database stores). */
export class TeamDocumentsRepo {
  constructor(private readonly db: Database.Database) {}

  get(name: string): Uint8Array | null {
    const r = this.db.prepare('SELECT state FROM documents WHERE name = ?').get(name) as { state: Buffer } | undefined;
    return r ? new Uint8Array(r.state) : null;
  }

  put(name: string, state: Uint8Array, now: string): void {
    this.db
      .prepare('INSERT INTO documents (name, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at')
      .run(name, Buffer.from(state), now);
  }
}
