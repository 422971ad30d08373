import type Database from 'better-sqlite3';
import type { ConnectionKind } from '../../../src-shared/model/connection';
import type { UserRecordRow } from '../../../src-shared/model/record';

interface RecordRow {
  connection: string;
  kind: ConnectionKind;
  remote_id: string;
  email: string | null;
  external_id: string | null;
  deprecated_external_ids: string;
  name: string | null;
  company: string | null;
  status: string;
  vanished_at: string | null;
}

function toRecord(row: RecordRow): UserRecordRow {
  return {
    connection: row.connection,
    kind: row.kind,
    remoteId: row.remote_id,
    email: row.email,
    externalId: row.external_id,
    deprecatedExternalIds: JSON.parse(row.deprecated_external_ids) as string[],
    name: row.name,
    company: row.company,
    status: row.status,
    vanishedAt: row.vanished_at,
  };
}

const SELECT = `SELECT c.name AS connection, c.kind, r.remote_id, r.email, r.external_id,
  r.deprecated_external_ids, r.name, r.company, r.status, r.vanished_at
  FROM records r JOIN connections c ON c.id = r.connection_id`;

/** Records pulled from remote systems (SPEC §2). */
export class RecordsRepo {
  constructor(private readonly db: Database.Database) {}

  count(filter: { connection?: string } = {}): number {
    const row = filter.connection
      ? this.db.prepare(`SELECT count(*) AS n FROM records r JOIN connections c ON c.id = r.connection_id WHERE c.name = ?`).get(filter.connection)
      : this.db.prepare('SELECT count(*) AS n FROM records').get();
    return (row as { n: number }).n;
  }

  list(filter: { connection?: string } = {}): UserRecordRow[] {
    const rows = filter.connection
      ? this.db.prepare(`${SELECT} WHERE c.name = ? ORDER BY r.id`).all(filter.connection)
      : this.db.prepare(`${SELECT} ORDER BY r.id`).all();
    return (rows as RecordRow[]).map(toRecord);
  }
}
