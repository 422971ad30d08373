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

// The counts are read from change_row_counts (migration 10), kept by triggers: a list of
// change sets, or one of 250,000 rows, does not count its rows each time.
const counted = (where: string) => `coalesce((SELECT sum(n) FROM change_row_counts k WHERE k.change_set_id = s.id${where}), 0)`;
const SET_SELECT = `SELECT s.*, c.name AS connection,
  ${counted('')} AS total,
  ${counted(" AND k.review = 'approved'")} AS approved,
  ${counted(" AND k.review = 'rejected'")} AS rejected,
  ${counted(" AND k.review = 'pending'")} AS pending,
  ${counted(" AND k.result = 'applied'")} AS applied,
  ${counted(" AND k.result = 'failed'")} AS failed
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

/** Which rows of a change set a page shows: a review decision, a push result ('none': not pushed). */
export interface ChangeRowFilter {
  review?: RowReview;
  result?: RowResult | 'none';
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

  /**
   * One page of a change set's rows in row order, and how many match the filter: the
   * change set view asks for the rows it shows (issue 22). Unfiltered, rows are numbered
   * 0…n-1, so a page is a range of the primary key; filtered, the page is counted off the
   * review or result index, and only its own rows are read.
   */
  rowsPage(id: number, filter: ChangeRowFilter, offset: number, limit: number): { total: number; rows: ChangeRow[] } {
    const where: string[] = [];
    const params: Record<string, string | number> = { id, offset, limit };
    if (filter.review) {
      where.push('review = @review');
      params.review = filter.review;
    }
    if (filter.result) {
      where.push(filter.result === 'none' ? 'result IS NULL' : 'result = @result');
      if (filter.result !== 'none') params.result = filter.result;
    }
    const countWhere = where.map((w) => (w.startsWith('result IS NULL') ? "result = ''" : w)).join(' AND ');
    const total = this.statement(`SELECT coalesce(sum(n), 0) FROM change_row_counts WHERE change_set_id = @id${countWhere ? ` AND ${countWhere}` : ''}`).pluck().get(params) as number;
    let rows: RowRow[];
    if (!where.length && (this.statement('SELECT max(idx) FROM change_rows WHERE change_set_id = ?').pluck().get(id) as number | null) === total - 1) {
      rows = this.statement('SELECT * FROM change_rows WHERE change_set_id = @id AND idx >= @offset ORDER BY idx LIMIT @limit').all(params) as RowRow[];
    } else {
      // The offset is counted along an index that holds the filter and idx (covering), so
      // only the page's own rows are read from the table.
      rows = this.statement(
        `SELECT * FROM change_rows WHERE change_set_id = @id AND idx IN (
           SELECT idx FROM change_rows WHERE change_set_id = @id${where.length ? ` AND ${where.join(' AND ')}` : ''} ORDER BY idx LIMIT @limit OFFSET @offset)
         ORDER BY idx`,
      ).all(params) as RowRow[];
    }
    return { total, rows: rows.map(toRow) };
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

  /**
   * Pending rows whose plan carries an error or a code (the only ones a check can fail),
   * after row `afterIdx`, in row order, at most `limit`: read along the review index in
   * pages, so deciding 250,000 pending rows never holds them all.
   */
  pendingWithPlanCode(id: number, afterIdx: number, limit: number): ChangeRow[] {
    const rows = this.statement(
      `SELECT * FROM change_rows WHERE change_set_id = ? AND review = 'pending' AND idx > ?
         AND (json_type(plan, '$.error') = 'text' OR json_type(plan, '$.code') = 'text')
       ORDER BY idx LIMIT ?`,
    ).all(id, afterIdx, limit) as RowRow[];
    return rows.map(toRow);
  }

  /**
   * The pending rows' numbers in order, streamed from the review index alone (it covers
   * them): 250,000 numbers, never 250,000 rows.
   */
  *pendingIdx(id: number): Generator<number> {
    const idx = this.db.prepare("SELECT idx FROM change_rows WHERE change_set_id = ? AND review = 'pending' ORDER BY idx").pluck();
    yield* idx.iterate(id) as IterableIterator<number>;
  }

  /** Every row still pending approved in one statement; how many. */
  approvePending(id: number, by: string, now: string): number {
    return this.statement(
      `UPDATE change_rows SET review = 'approved', review_comment = NULL, reviewed_by = ?, reviewed_at = ?
       WHERE change_set_id = ? AND review = 'pending'`,
    ).run(by, now, id).changes;
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
