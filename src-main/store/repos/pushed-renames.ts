import type Database from 'better-sqlite3';
import { statementCache } from '../statements';

/** A pushed rename chain's end, as stored (pushed-renames repo). */
export interface RenameChain {
  oldId: string;
  newId: string;
  /** The first rename's push time and change set: when `oldId` stopped being the user's id. */
  pushedAt: string;
  changeSetId: number;
  steps: number;
  /** The migration window the first rename opened (Braze-style only). */
  windowClosesAt: string | null;
  windowClosedAt: string | null;
}

export interface NewPushedRename {
  connectionId: number;
  oldId: string;
  newId: string;
  changeSetId: number;
  rowIdx: number;
  pushedAt: string;
}

/**
 * Follows each old id through the renames pushed after it, in push order (rowid order):
 * the latest rename of the old id first, then each time the next rename of the id it
 * became. 64 steps at most, so a ring of renames (a→b, b→a, a→b…) ends. Every step is a
 * look-up in pushed_renames_old (connection, old id, rowid).
 */
export const renameChainSql = (oneId: boolean) => `
WITH RECURSIVE chain(origin, new_id, step_id, first_id, depth) AS (
  SELECT r.old_id, r.new_id, r.id, r.id, 1 FROM pushed_renames r
  WHERE r.connection_id = @connection ${oneId ? 'AND r.old_id = @oldId' : ''}
    AND r.id = (SELECT max(x.id) FROM pushed_renames x WHERE x.connection_id = @connection AND x.old_id = r.old_id)
  UNION ALL
  SELECT c.origin, r.new_id, r.id, c.first_id, c.depth + 1 FROM chain c
  JOIN pushed_renames r ON r.id = (SELECT min(x.id) FROM pushed_renames x WHERE x.connection_id = @connection AND x.old_id = c.new_id AND x.id > c.step_id)
  WHERE c.depth < 64
),
ends AS (
  SELECT c.*, row_number() OVER (PARTITION BY c.origin ORDER BY c.depth DESC) AS last FROM chain c
)
SELECT e.origin AS oldId, e.new_id AS newId, f.pushed_at AS pushedAt, f.change_set_id AS changeSetId, e.depth AS steps,
  (SELECT w.closes_at FROM migration_windows w WHERE w.connection_id = @connection AND w.old_id = e.origin AND w.change_set_id = f.change_set_id ORDER BY w.id DESC LIMIT 1) AS windowClosesAt,
  (SELECT w.closed_at FROM migration_windows w WHERE w.connection_id = @connection AND w.old_id = e.origin AND w.change_set_id = f.change_set_id ORDER BY w.id DESC LIMIT 1) AS windowClosedAt
FROM ends e JOIN pushed_renames f ON f.id = e.first_id
WHERE e.last = 1 AND e.new_id <> e.origin
  -- An id that a live user holds again (created since, or renamed back) is that user's, not a stale one;
  -- UserVoice keeps the old external user on purpose (removing it is a step by hand), so it stays flagged.
  AND (@keepsOld = 1 OR NOT EXISTS (SELECT 1 FROM records rec WHERE rec.connection_id = @connection AND rec.external_id = e.origin AND rec.vanished_at IS NULL))
ORDER BY e.origin`;

/** Renames that were pushed, per connection (issue 19 item 5): which old ids now lead where. */
export class PushedRenamesRepo {
  private readonly statement;

  constructor(db: Database.Database) {
    this.statement = statementCache(db);
  }

  /** Records an applied rename row (once: a row recorded again is left as it was). */
  record(r: NewPushedRename): void {
    this.statement(
      `INSERT INTO pushed_renames (connection_id, old_id, new_id, change_set_id, row_idx, pushed_at)
       VALUES (@connectionId, @oldId, @newId, @changeSetId, @rowIdx, @pushedAt) ON CONFLICT (change_set_id, row_idx) DO NOTHING`,
    ).run(r);
  }

  /**
   * Every old id of a connection that a pushed rename replaced, each with the id its
   * chain ends on. `keepsOld`: the system keeps the old id's user (UserVoice), so a live
   * record holding it does not make it current again.
   */
  chains(connectionId: number, keepsOld = false): RenameChain[] {
    return this.statement(renameChainSql(false)).all({ connection: connectionId, keepsOld: keepsOld ? 1 : 0 }) as RenameChain[];
  }

  /** One old id's chain end, if a pushed rename replaced it. */
  chainOf(connectionId: number, oldId: string, keepsOld = false): RenameChain | undefined {
    return this.statement(renameChainSql(true)).get({ connection: connectionId, oldId, keepsOld: keepsOld ? 1 : 0 }) as RenameChain | undefined;
  }
}
