import type Database from 'better-sqlite3';

export type PullStatus = 'running' | 'done' | 'failed';
/** full: the whole list; incremental: only what changed since the last complete run. */
export type PullMode = 'full' | 'incremental';

export interface PullState {
  connectionId: number;
  resource: string;
  runId: string;
  /** The connector's cursor after the last committed page; null before the first. */
  cursor: unknown;
  status: PullStatus;
  pages: number;
  rows: number;
  requests: number;
  retries: number;
  rateLimitedMs: number;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  error: string | null;
  mode: PullMode;
  /** When the last run that reached the end of this list started; null before one did. */
  completeSince: string | null;
  /** Why the server refused to list only changes; later pulls of this list read it whole. */
  incrementalRefused: string | null;
  /** When the last run that read this list whole, to its end, started; null before one did. */
  fullSince: string | null;
}

interface Row {
  connection_id: number;
  resource: string;
  run_id: string;
  cursor: string | null;
  status: PullStatus;
  pages: number;
  rows: number;
  requests: number;
  retries: number;
  rate_limited_ms: number;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  error: string | null;
  mode: PullMode;
  complete_since: string | null;
  incremental_refused: string | null;
  full_since: string | null;
}

const toState = (row: Row): PullState => ({
  connectionId: row.connection_id,
  resource: row.resource,
  runId: row.run_id,
  cursor: row.cursor === null ? null : JSON.parse(row.cursor),
  status: row.status,
  pages: row.pages,
  rows: row.rows,
  requests: row.requests,
  retries: row.retries,
  rateLimitedMs: row.rate_limited_ms,
  startedAt: row.started_at,
  updatedAt: row.updated_at,
  finishedAt: row.finished_at,
  error: row.error,
  mode: row.mode,
  completeSince: row.complete_since,
  incrementalRefused: row.incremental_refused,
  fullSince: row.full_since,
});

export interface PullCounters {
  requests: number;
  retries: number;
  rateLimitedMs: number;
}

/** Where each connection's pull stands: the cursor an interrupted pull resumes from. */
export class PullStateRepo {
  constructor(private readonly db: Database.Database) {}

  get(connectionId: number, resource: string): PullState | undefined {
    const row = this.db
      .prepare('SELECT * FROM pull_state WHERE connection_id = ? AND resource = ?')
      .get(connectionId, resource) as Row | undefined;
    return row && toState(row);
  }

  forConnection(connectionId: number): PullState[] {
    return (this.db.prepare('SELECT * FROM pull_state WHERE connection_id = ? ORDER BY resource').all(connectionId) as Row[]).map(toState);
  }

  /** A new run of a list; what the last complete run and a refusal taught is kept. */
  start(connectionId: number, resource: string, runId: string, now: string, mode: PullMode = 'full'): void {
    this.db
      .prepare(
        `INSERT INTO pull_state (connection_id, resource, run_id, cursor, status, started_at, updated_at, mode)
         VALUES (?, ?, ?, NULL, 'running', ?, ?, ?)
         ON CONFLICT (connection_id, resource) DO UPDATE SET run_id = excluded.run_id, cursor = NULL,
           status = 'running', pages = 0, rows = 0, requests = 0, retries = 0, rate_limited_ms = 0,
           started_at = excluded.started_at, updated_at = excluded.updated_at, finished_at = NULL, error = NULL,
           mode = excluded.mode`,
      )
      .run(connectionId, resource, runId, now, now, mode);
  }

  /** The server refused an incremental read: this run reads the list whole, and so will the next ones. */
  refuseIncremental(connectionId: number, resource: string, reason: string): void {
    this.db.prepare(`UPDATE pull_state SET mode = 'full', incremental_refused = ? WHERE connection_id = ? AND resource = ?`).run(reason, connectionId, resource);
  }

  /** Forgets what earlier runs taught (the connection now points elsewhere): the next pull is full. */
  forgetHistory(connectionId: number): void {
    this.db.prepare('UPDATE pull_state SET complete_since = NULL, incremental_refused = NULL, full_since = NULL WHERE connection_id = ?').run(connectionId);
  }

  /** Records one committed page; call inside the transaction that stored the page. */
  advance(connectionId: number, resource: string, cursor: unknown, rows: number, counters: PullCounters, now: string): void {
    this.db
      .prepare(
        `UPDATE pull_state SET cursor = ?, pages = pages + 1, rows = rows + ?, requests = ?, retries = ?,
           rate_limited_ms = ?, status = 'running', error = NULL, updated_at = ?
         WHERE connection_id = ? AND resource = ?`,
      )
      .run(JSON.stringify(cursor ?? null), rows, counters.requests, counters.retries, counters.rateLimitedMs, now, connectionId, resource);
  }

  finish(connectionId: number, resource: string, status: 'done' | 'failed', error: string | null, counters: PullCounters, now: string): void {
    this.db
      .prepare(
        `UPDATE pull_state SET status = ?, error = ?, requests = ?, retries = ?, rate_limited_ms = ?,
           finished_at = CASE WHEN ? = 'done' THEN ? ELSE finished_at END, updated_at = ?,
           complete_since = CASE WHEN ? = 'done' THEN started_at ELSE complete_since END,
           full_since = CASE WHEN ? = 'done' AND mode = 'full' THEN started_at ELSE full_since END
         WHERE connection_id = ? AND resource = ?`,
      )
      .run(status, error, counters.requests, counters.retries, counters.rateLimitedMs, status, now, now, status, status, connectionId, resource);
  }
}
