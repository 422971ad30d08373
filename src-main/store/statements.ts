import type Database from 'better-sqlite3';

/**
 * Prepared statements kept by their SQL text, for writes that run once per row: preparing
 * costs about as much as running a small statement, and a push mirrors 10,000 renames.
 * Only for statements run plainly (no raw(), pluck() or expand(), which change a
 * statement for every later caller).
 */
export function statementCache(db: Database.Database): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
}
