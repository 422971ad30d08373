import type Database from 'better-sqlite3';
import type { ChangeSetKind, ChangeSetState, RowResult, RowReview } from '../../../src-shared/changesets/lifecycle';
import type { ChangeRow, ChangeSet } from '../../../src-shared/model/change-set';
import { statementCache } from '../statements';

interface SetRow {
  id: number;
  kind: ChangeSetKind;
  state: ChangeSetState;
  connection: string;
  title: string;
  mode: 'strict' | 'lenient' | null;
  window_days: number | null;
  source: string | null;
  source_sha256: string | null;
  plan: string;
  parent_id: number | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  total: number;
  approved: number;
  rejected: number;
  pending: number;
  applied: number;
  failed: number;
}

interface RowRow {
  idx: number;
  payload: string;
  plan: string;
  review: RowReview;
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  result: RowResult | null;
  result_detail: string | null;
}

const SET_SELECT = `SELECT s.*, c.name AS connection,
  (SELECT count(*) FROM change_rows r WHERE r.change_set_id = s.id) AS total,
  (SELECT count(*) FROM change_rows r WHERE r.change_set_id = s.id AND r.review = 'approved') AS approved,
  (SELECT count(*) FROM change_rows r WHERE r.change_set_id = s.id AND r.review = 'rejected') AS rejected,
  (SELECT count(*) FROM change_rows r WHERE r.change_set_id = s.id AND r.review = 'pending') AS pending,
  (SELECT count(*) FROM change_rows r WHERE r.change_set_id = s.id AND r.result = 'applied') AS applied,
  (SELECT count(*) FROM change_rows r WHERE r.change_set_id = s.id AND r.result = 'failed') AS failed
  FROM change_sets s JOIN connections c ON c.id = s.connection_id`;

const toSet = (r: SetRow): ChangeSet => ({
  id: r.id,
  kind: r.kind,
  state: r.state,
  connection: r.connection,
  title: r.title,
  mode: r.mode,
  windowDays: r.window_days,
  source: r.source,
  sourceSha256: r.source_sha256,
  plan: JSON.parse(r.plan) as Record<string, unknown>,
  parentId: r.parent_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  rowCounts: { total: r.total, approved: r.approved, rejected: r.rejected, pending: r.pending, applied: r.applied, failed: r.failed },
});

const toRow = (r: RowRow): ChangeRow => ({
  idx: r.idx,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  plan: JSON.parse(r.plan) as Record<string, unknown>,
  review: r.review,
  reviewComment: r.review_comment,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at,
  result: r.result,
  resultDetail: r.result_detail,
});

export interface NewChangeSet {
  kind: ChangeSetKind;
  connectionId: number;
  title: string;
  mode?: 'strict' | 'lenient' | null;
  windowDays?: number | null;
  source?: string | null;
  sourceSha256?: string | null;
  plan: Record<string, unknown>;
  parentId?: number | null;
  createdBy: string;
}

export interface NewChangeRow {
  payload: Record<string, unknown>;
  plan: Record<string, unknown>;
}

/** Change sets and their rows. Life-cycle rules are the service's; this only stores. */
export class ChangeSetsRepo {
  private readonly statement;

  constructor(private readonly db: Database.Database) {
    this.statement = statementCache(db);
  }

  create(cs: NewChangeSet, rows: readonly NewChangeRow[], now: string): number {
    const info = this.db
      .prepare(
        `INSERT INTO change_sets (kind, state, connection_id, title, mode, window_days, source, source_sha256, plan,
           parent_id, created_by, created_at, updated_at)
         VALUES (@kind, 'draft', @connectionId, @title, @mode, @windowDays, @source, @sourceSha256, @plan, @parentId,
           @createdBy, @now, @now)`,
      )
      .run({
        ...cs,
        mode: cs.mode ?? null,
        windowDays: cs.windowDays ?? null,
        source: cs.source ?? null,
        sourceSha256: cs.sourceSha256 ?? null,
        parentId: cs.parentId ?? null,
        plan: JSON.stringify(cs.plan),
        now,
      });
    const id = Number(info.lastInsertRowid);
    const insert = this.db.prepare('INSERT INTO change_rows (change_set_id, idx, payload, plan) VALUES (?, ?, ?, ?)');
    rows.forEach((row, idx) => insert.run(id, idx, JSON.stringify(row.payload), JSON.stringify(row.plan)));
    return id;
  }

  get(id: number): ChangeSet | undefined {
    const row = this.db.prepare(`${SET_SELECT} WHERE s.id = ?`).get(id) as SetRow | undefined;
    return row && toSet(row);
  }

  list(): ChangeSet[] {
    return (this.db.prepare(`${SET_SELECT} ORDER BY s.id DESC`).all() as SetRow[]).map(toSet);
  }

  rows(id: number): ChangeRow[] {
    return (this.db.prepare('SELECT * FROM change_rows WHERE change_set_id = ? ORDER BY idx').all(id) as RowRow[]).map(toRow);
  }

  row(id: number, idx: number): ChangeRow | undefined {
    const row = this.db.prepare('SELECT * FROM change_rows WHERE change_set_id = ? AND idx = ?').get(id, idx) as RowRow | undefined;
    return row && toRow(row);
  }

  setParent(id: number, parentId: number): void {
    this.db.prepare('UPDATE change_sets SET parent_id = ? WHERE id = ?').run(parentId, id);
  }

  setState(id: number, state: ChangeSetState, now: string): void {
    this.db.prepare('UPDATE change_sets SET state = ?, updated_at = ? WHERE id = ?').run(state, now, id);
  }

  reviewRow(id: number, idx: number, review: RowReview, comment: string | null, by: string, now: string): boolean {
    const statement = this.statement(
      `UPDATE change_rows SET review = ?, review_comment = ?, reviewed_by = ?, reviewed_at = ?
       WHERE change_set_id = ? AND idx = ?`,
    );
    return statement.run(review, comment, by, now, id, idx).changes === 1;
  }

  setRowResult(id: number, idx: number, result: RowResult, detail: string | null): void {
    this.statement('UPDATE change_rows SET result = ?, result_detail = ? WHERE change_set_id = ? AND idx = ?').run(result, detail, id, idx);
  }

  /** Draft rows only, replaced whole (a re-check after the users changed). */
  replaceRows(id: number, rows: readonly NewChangeRow[], plan: Record<string, unknown>, now: string): void {
    this.db.prepare('DELETE FROM change_rows WHERE change_set_id = ?').run(id);
    const insert = this.db.prepare('INSERT INTO change_rows (change_set_id, idx, payload, plan) VALUES (?, ?, ?, ?)');
    rows.forEach((row, idx) => insert.run(id, idx, JSON.stringify(row.payload), JSON.stringify(row.plan)));
    this.db.prepare('UPDATE change_sets SET plan = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(plan), now, id);
  }
}
