import type Database from 'better-sqlite3';
import type { MigrationWindow } from '../../../src-shared/model/migration-window';
import { statementCache } from '../statements';

interface Row {
  id: number;
  connection: string;
  old_id: string;
  new_id: string;
  user_ref: string | null;
  change_set_id: number | null;
  opened_at: string;
  closes_at: string;
  closed_at: string | null;
  closing_change_set_id: number | null;
}

const toWindow = (r: Row): MigrationWindow => ({
  id: r.id,
  connection: r.connection,
  oldId: r.old_id,
  newId: r.new_id,
  userRef: r.user_ref,
  changeSetId: r.change_set_id,
  openedAt: r.opened_at,
  closesAt: r.closes_at,
  closedAt: r.closed_at,
  closingChangeSetId: r.closing_change_set_id,
});

const SELECT = 'SELECT w.*, c.name AS connection FROM migration_windows w JOIN connections c ON c.id = w.connection_id';

export interface NewWindow {
  connectionId: number;
  oldId: string;
  newId: string;
  userRef: string | null;
  changeSetId: number | null;
  openedAt: string;
  closesAt: string;
}

/** Migration windows opened by applied renames (SPEC §4). */
export class MigrationWindowsRepo {
  private readonly statement;

  constructor(private readonly db: Database.Database) {
    this.statement = statementCache(db);
  }

  open(w: NewWindow): number {
    const statement = this.statement(
      `INSERT INTO migration_windows (connection_id, old_id, new_id, user_ref, change_set_id, opened_at, closes_at)
       VALUES (@connectionId, @oldId, @newId, @userRef, @changeSetId, @openedAt, @closesAt)`,
    );
    return Number(statement.run(w).lastInsertRowid);
  }

  /** Open windows (not closed), soonest to close first. */
  listOpen(connection?: string): MigrationWindow[] {
    const rows = connection
      ? this.db.prepare(`${SELECT} WHERE w.closed_at IS NULL AND c.name = ? ORDER BY w.closes_at, w.id`).all(connection)
      : this.db.prepare(`${SELECT} WHERE w.closed_at IS NULL ORDER BY w.closes_at, w.id`).all();
    return (rows as Row[]).map(toWindow);
  }

  byIds(ids: readonly number[]): MigrationWindow[] {
    const stmt = this.db.prepare(`${SELECT} WHERE w.id = ?`);
    return ids.map((id) => stmt.get(id) as Row | undefined).filter((r): r is Row => r !== undefined).map(toWindow);
  }

  /** Links windows to the removal batch staged to close them. */
  setClosingChangeSet(ids: readonly number[], changeSetId: number): void {
    const stmt = this.db.prepare('UPDATE migration_windows SET closing_change_set_id = ? WHERE id = ?');
    for (const id of ids) stmt.run(changeSetId, id);
  }

  /** The removal of the old id was applied: the window is closed. */
  close(connectionId: number, oldId: string, now: string): number {
    return this.statement('UPDATE migration_windows SET closed_at = ? WHERE connection_id = ? AND old_id = ? AND closed_at IS NULL').run(now, connectionId, oldId).changes;
  }
}
