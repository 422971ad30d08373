import type Database from 'better-sqlite3';
import type { Connection, ConnectionKind } from '../../../src-shared/model/connection';

interface ConnectionRow {
  id: number;
  name: string;
  kind: ConnectionKind;
  base_url: string;
  token_env: string | null;
  created_at: string;
  updated_at: string;
}

function toConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    baseUrl: row.base_url,
    tokenEnv: row.token_env,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const COLUMNS = 'id, name, kind, base_url, token_env, created_at, updated_at';

/** Connections to remote systems. Tokens are not columns here, by design (SPEC §8). */
export class ConnectionsRepo {
  constructor(private readonly db: Database.Database) {}

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM connections').get() as { n: number }).n;
  }

  list(): Connection[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM connections ORDER BY name`).all() as ConnectionRow[]).map(
      toConnection,
    );
  }

  byName(name: string): Connection | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM connections WHERE name = ?`).get(name) as
      | ConnectionRow
      | undefined;
    return row && toConnection(row);
  }
}
