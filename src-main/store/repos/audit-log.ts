import type Database from 'better-sqlite3';
import type { AuditEntry } from '../../../src-shared/model/audit';

export interface NewAuditEntry {
  actor: string;
  action: string;
  subject?: string | null;
  detail?: Record<string, unknown>;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: string;
}

function toEntry(row: AuditRow): AuditEntry {
  return { ...row, detail: JSON.parse(row.detail) as Record<string, unknown> };
}

/** The append-only audit log (triggers in 0001 refuse UPDATE and DELETE). */
export class AuditLogRepo {
  private readonly insert;
  private readonly page;
  private readonly countAll;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (@at, @actor, @action, @subject, @detail)',
    );
    this.page = db.prepare(
      'SELECT id, at, actor, action, subject, detail FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?',
    );
    this.countAll = db.prepare('SELECT count(*) AS n FROM audit_log');
  }

  append(entry: NewAuditEntry, at: Date = new Date()): number {
    const info = this.insert.run({
      at: at.toISOString(),
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    });
    return Number(info.lastInsertRowid);
  }

  /** Newest first; `beforeId` pages backwards. */
  list(limit: number, beforeId: number = Number.MAX_SAFE_INTEGER): AuditEntry[] {
    return (this.page.all(beforeId, limit) as AuditRow[]).map(toEntry);
  }

  /** Entries after an id, oldest first, at most `limit`. */
  after(id: number, limit: number): AuditEntry[] {
    return (this.db.prepare('SELECT id, at, actor, action, subject, detail FROM audit_log WHERE id > ? ORDER BY id LIMIT ?').all(id, limit) as AuditRow[]).map(toEntry);
  }

  /** The newest entry of an action about a subject (a change set's last push report). */
  latest(action: string, subject: string): AuditEntry | undefined {
    const row = this.db
      .prepare('SELECT id, at, actor, action, subject, detail FROM audit_log WHERE action = ? AND subject = ? ORDER BY id DESC LIMIT 1')
      .get(action, subject) as AuditRow | undefined;
    return row && toEntry(row);
  }

  count(): number {
    return (this.countAll.get() as { n: number }).n;
  }

  /** Oldest first, streamed, for exports of any size. */
  *iterate(): Generator<AuditEntry> {
    const stmt = this.db.prepare('SELECT id, at, actor, action, subject, detail FROM audit_log ORDER BY id');
    for (const row of stmt.iterate() as IterableIterator<AuditRow>) yield toEntry(row);
  }
}
