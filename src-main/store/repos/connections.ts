import type Database from 'better-sqlite3';
import type { Connection, ConnectionKind } from '../../../src-shared/model/connection';

interface ConnectionRow {
  id: number;
  name: string;
  kind: ConnectionKind;
  base_url: string;
  token_env: string | null;
  rate_per_second: number | null;
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
    ratePerSecond: row.rate_per_second,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewConnection {
  name: string;
  kind: ConnectionKind;
  baseUrl: string;
  tokenEnv?: string | null;
  tokenRef?: string | null;
  ratePerSecond?: number | null;
}

export interface ConnectionChange {
  name?: string;
  baseUrl?: string;
  tokenEnv?: string | null;
  tokenRef?: string | null;
  ratePerSecond?: number | null;
}

const COLUMNS = 'id, name, kind, base_url, token_env, rate_per_second, created_at, updated_at';

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

  add(input: NewConnection, now: string): Connection {
    const info = this.db
      .prepare(
        `INSERT INTO connections (name, kind, base_url, token_env, token_ref, rate_per_second, created_at, updated_at)
         VALUES (@name, @kind, @baseUrl, @tokenEnv, @tokenRef, @rate, @now, @now)`,
      )
      .run({ name: input.name, kind: input.kind, baseUrl: input.baseUrl, tokenEnv: input.tokenEnv ?? null, tokenRef: input.tokenRef ?? null, rate: input.ratePerSecond ?? null, now });
    return this.byId(Number(info.lastInsertRowid))!;
  }

  update(id: number, change: ConnectionChange, now: string): Connection {
    const current = this.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as
      | (ConnectionRow & { token_ref: string | null })
      | undefined;
    if (!current) throw new Error(`no connection ${id}`);
    this.db
      .prepare(
        `UPDATE connections SET name = @name, base_url = @baseUrl, token_env = @tokenEnv, token_ref = @tokenRef,
         rate_per_second = @rate, updated_at = @now WHERE id = @id`,
      )
      .run({
        id,
        name: change.name ?? current.name,
        baseUrl: change.baseUrl ?? current.base_url,
        tokenEnv: change.tokenEnv === undefined ? current.token_env : change.tokenEnv,
        tokenRef: change.tokenRef === undefined ? current.token_ref : change.tokenRef,
        rate: change.ratePerSecond === undefined ? current.rate_per_second : change.ratePerSecond,
        now,
      });
    return this.byId(id)!;
  }

  remove(id: number): void {
    this.db.prepare('DELETE FROM connections WHERE id = ?').run(id);
  }

  /** The keychain entry name, for the shell's token vault; never the token itself. */
  tokenRef(id: number): string | null {
    const row = this.db.prepare('SELECT token_ref FROM connections WHERE id = ?').get(id) as
      | { token_ref: string | null }
      | undefined;
    return row?.token_ref ?? null;
  }

  byId(id: number): Connection | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM connections WHERE id = ?`).get(id) as ConnectionRow | undefined;
    return row && toConnection(row);
  }

  byName(name: string): Connection | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM connections WHERE name = ?`).get(name) as
      | ConnectionRow
      | undefined;
    return row && toConnection(row);
  }
}
