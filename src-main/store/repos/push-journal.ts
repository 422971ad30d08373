import type Database from 'better-sqlite3';

/**
 * planned → sent → confirmed | failed | accepted (asynchronous endpoints: the remote
 * took the job; confirmed once its job is done). A planned operation left with nothing
 * to send (its rows failed earlier) is skipped, never sent.
 */
export type OperationState = 'planned' | 'sent' | 'confirmed' | 'failed' | 'accepted' | 'skipped';

/** One request of a push, exactly as it will be (or was) sent. */
export interface PushOperation {
  id: number;
  changeSetId: number;
  seq: number;
  idempotencyKey: string;
  method: string;
  path: string;
  body: unknown;
  /** For each item of the request body, in order, the change-set rows it serves. */
  itemRows: number[][];
  state: OperationState;
  responseStatus: number | null;
  responseBody: unknown;
  jobId: string | null;
  attempts: number;
}

export interface PlannedOperation {
  idempotencyKey: string;
  method: string;
  path: string;
  body: unknown;
  /** For each item of the request body, in order, the change-set rows it serves. */
  itemRows: number[][];
}

interface Row {
  id: number;
  change_set_id: number;
  seq: number;
  idempotency_key: string;
  method: string;
  path: string;
  body: string;
  row_idxs: string;
  state: OperationState;
  response_status: number | null;
  response_body: string | null;
  job_id: string | null;
  attempts: number;
}

const toOp = (r: Row): PushOperation => ({
  id: r.id,
  changeSetId: r.change_set_id,
  seq: r.seq,
  idempotencyKey: r.idempotency_key,
  method: r.method,
  path: r.path,
  body: JSON.parse(r.body),
  itemRows: JSON.parse(r.row_idxs) as number[][],
  state: r.state,
  responseStatus: r.response_status,
  responseBody: r.response_body === null ? null : JSON.parse(r.response_body),
  jobId: r.job_id,
  attempts: r.attempts,
});

/**
 * The push journal (ARCHITECTURE "Push journal like a database log"): every operation
 * is written and committed before it is sent, and its outcome after.
 */
export class PushJournalRepo {
  constructor(private readonly db: Database.Database) {}

  /** All operations of a change set, in the order they are sent. */
  forChangeSet(changeSetId: number): PushOperation[] {
    return (this.db.prepare('SELECT * FROM push_operations WHERE change_set_id = ? ORDER BY seq').all(changeSetId) as Row[]).map(toOp);
  }

  /** The first operation still to send, to reconcile or to track, in push order. */
  next(changeSetId: number): PushOperation | undefined {
    const row = this.db
      .prepare("SELECT * FROM push_operations WHERE change_set_id = ? AND state IN ('planned', 'sent', 'accepted') ORDER BY seq LIMIT 1")
      .get(changeSetId) as Row | undefined;
    return row && toOp(row);
  }

  /** How many operations a push has, and how many are settled (its progress). */
  progress(changeSetId: number): { operations: number; settled: number } {
    return this.db
      .prepare("SELECT COUNT(*) AS operations, COALESCE(SUM(state IN ('confirmed', 'failed', 'skipped')), 0) AS settled FROM push_operations WHERE change_set_id = ?")
      .get(changeSetId) as { operations: number; settled: number };
  }

  /** Writes a whole push plan; call inside one transaction with the state change. */
  plan(changeSetId: number, ops: readonly PlannedOperation[], now: string): void {
    const insert = this.db.prepare(
      `INSERT INTO push_operations (change_set_id, seq, idempotency_key, method, path, body, row_idxs, state, planned_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'planned', ?)`,
    );
    ops.forEach((op, seq) => insert.run(changeSetId, seq, op.idempotencyKey, op.method, op.path, JSON.stringify(op.body), JSON.stringify(op.itemRows), now));
  }

  /**
   * Inserts an operation right after `seq` (the part of a reconciled request that the
   * remote had not applied, to be sent before anything planned after it).
   */
  insertAfter(changeSetId: number, seq: number, op: PlannedOperation, now: string): void {
    const later = this.db
      .prepare('SELECT id, seq FROM push_operations WHERE change_set_id = ? AND seq > ? ORDER BY seq DESC')
      .all(changeSetId, seq) as { id: number; seq: number }[];
    const shift = this.db.prepare('UPDATE push_operations SET seq = ? WHERE id = ?');
    for (const row of later) shift.run(row.seq + 1, row.id);
    this.db
      .prepare(
        `INSERT INTO push_operations (change_set_id, seq, idempotency_key, method, path, body, row_idxs, state, planned_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'planned', ?)`,
      )
      .run(changeSetId, seq + 1, op.idempotencyKey, op.method, op.path, JSON.stringify(op.body), JSON.stringify(op.itemRows), now);
  }

  /** Committed before the request leaves: after a crash, 'sent' means "maybe applied". */
  markSent(id: number, now: string): void {
    this.db.prepare("UPDATE push_operations SET state = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?").run(now, id);
  }

  settle(id: number, state: 'confirmed' | 'failed' | 'accepted', status: number | null, body: unknown, jobId: string | null, now: string): void {
    this.db
      .prepare('UPDATE push_operations SET state = ?, response_status = ?, response_body = ?, job_id = ?, settled_at = ? WHERE id = ?')
      .run(state, status, JSON.stringify(body ?? null), jobId, now, id);
  }

  /**
   * Rewrites an operation that has not been sent yet (a swap whose first step failed
   * must not send its later steps). Refuses anything already sent.
   */
  rewritePlanned(id: number, body: unknown, itemRows: number[][]): void {
    const changed = this.db
      .prepare("UPDATE push_operations SET body = ?, row_idxs = ? WHERE id = ? AND state = 'planned'")
      .run(JSON.stringify(body), JSON.stringify(itemRows), id).changes;
    if (changed !== 1) throw new Error(`push operation ${id} is not planned; it cannot be rewritten`);
  }

  skip(id: number, reason: string, now: string): void {
    this.db
      .prepare("UPDATE push_operations SET state = 'skipped', response_body = ?, settled_at = ? WHERE id = ? AND state = 'planned'")
      .run(JSON.stringify({ skipped: reason }), now, id);
  }

  /** Reconciliation found the request was not applied: it may be sent again. */
  replan(id: number): void {
    this.db.prepare("UPDATE push_operations SET state = 'planned' WHERE id = ?").run(id);
  }
}
