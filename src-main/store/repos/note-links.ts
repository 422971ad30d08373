import type Database from 'better-sqlite3';

/** A note and the user it belongs to, as a pull saw it. */
export interface NoteLink {
  noteId: string;
  userId: string | null;
  title: string | null;
}

/** Productboard notes by user (issue 9): what a merge has to re-point. */
export class NoteLinksRepo {
  constructor(private readonly db: Database.Database) {}

  upsertPage(connectionId: number, runId: string, notes: readonly NoteLink[]): void {
    const stmt = this.db.prepare(
      `INSERT INTO note_links (connection_id, note_id, user_id, title, seen_run) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (connection_id, note_id) DO UPDATE SET user_id = excluded.user_id, title = excluded.title, seen_run = excluded.seen_run`,
    );
    for (const n of notes) stmt.run(connectionId, n.noteId, n.userId, n.title, runId);
  }

  /** How many note links a connection holds (read through its index, not the rows). */
  count(connectionId: number): number {
    return this.db.prepare('SELECT count(*) FROM note_links WHERE connection_id = ?').pluck().get(connectionId) as number;
  }

  /** After a complete run that read notes: links to notes the remote no longer lists go. */
  dropUnseen(connectionId: number, runId: string): number {
    return this.db.prepare('DELETE FROM note_links WHERE connection_id = ? AND seen_run <> ?').run(connectionId, runId).changes;
  }

  forUser(connectionId: number, userId: string): NoteLink[] {
    return this.db.prepare('SELECT note_id AS noteId, user_id AS userId, title FROM note_links WHERE connection_id = ? AND user_id = ? ORDER BY note_id').all(connectionId, userId) as NoteLink[];
  }

  /** Mirrors a pushed re-pointing in the local copy. */
  setUser(connectionId: number, noteId: string, userId: string): void {
    this.db.prepare('UPDATE note_links SET user_id = ? WHERE connection_id = ? AND note_id = ?').run(userId, connectionId, noteId);
  }
}
