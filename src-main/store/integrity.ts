import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/**
 * Below this size the cheap check on open still reads every page (`PRAGMA quick_check`:
 * each b-tree walked, no index compared with its table); above it, a few milliseconds
 * would become hundreds, and open must stay in milliseconds (issue 22).
 */
export const QUICK_CHECK_MAX_BYTES = 16 * 1024 * 1024;

export interface IntegrityReport {
  ok: boolean;
  /** 'full': every page, every index against its table; 'cheap': what open looks at. */
  depth: 'full' | 'cheap';
  /** What SQLite or the header check found wrong, at most 20 lines. */
  problems: string[];
  pages: number;
  bytes: number;
  ms: number;
}

/** SQLite's header fields the cheap check reads (https://sqlite.org/fileformat.html §1.3). */
function readHeader(path: string): { pageSize: number; pages: number | null } {
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  // The in-header page count is valid only when "version-valid-for" matches the change counter.
  const valid = header.readUInt32BE(92) === header.readUInt32BE(24);
  return { pageSize, pages: valid ? header.readUInt32BE(28) : null };
}

/**
 * Every page, every index against its table, the freelist, the foreign keys: what
 * `rekey doctor`, an open after an unclean close and a migration run.
 */
export function fullCheck(db: Database.Database, path: string): IntegrityReport {
  const started = performance.now();
  const rows = db.pragma('integrity_check(20)', { simple: false }) as { integrity_check: string }[];
  const problems = rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
  if (!problems.length) {
    const orphans = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    for (const o of orphans.slice(0, 20)) problems.push(`row ${o.rowid} of ${o.table} points at a missing row of ${o.parent}`);
  }
  return report(db, path, 'full', problems, started);
}

/**
 * What open can afford: the header against the file's length (a truncated copy), the
 * schema parsed, and on files up to QUICK_CHECK_MAX_BYTES every page read. Damage deep
 * in a large file is left to the full check (`rekey doctor`, or the next open after a
 * crash).
 */
export function cheapCheck(db: Database.Database, path: string): IntegrityReport {
  const started = performance.now();
  const problems: string[] = [];
  db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get(); // parses every table's definition
  if (path !== ':memory:') {
    const { pageSize, pages } = readHeader(path);
    const bytes = statSync(path).size;
    // With a write-ahead log beside it (another process has the file open) the file may
    // be mid-checkpoint, page 1 written before the last pages: the length says nothing then.
    if (pages !== null && bytes < pages * pageSize && !existsSync(`${path}-wal`)) {
      problems.push(`the file is ${bytes} bytes long, its header says ${pages * pageSize}: it was cut short`);
    } else if (bytes <= QUICK_CHECK_MAX_BYTES) {
      const rows = db.pragma('quick_check(20)', { simple: false }) as { quick_check: string }[];
      problems.push(...rows.map((r) => r.quick_check).filter((m) => m !== 'ok'));
    }
  }
  return report(db, path, 'cheap', problems, started);
}

function report(db: Database.Database, path: string, depth: IntegrityReport['depth'], problems: string[], started: number): IntegrityReport {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  return { ok: problems.length === 0, depth, problems, pages, bytes: path === ':memory:' ? pages * pageSize : statSync(path).size, ms: Math.round(performance.now() - started) };
}

/**
 * The full check of a workspace file, opened read-only and without its lock, so that
 * `rekey doctor` also reads a file open elsewhere, or one open would refuse.
 */
export function checkWorkspaceFile(path: string): IntegrityReport {
  const started = performance.now();
  const bytes = statSync(path).size;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    return fullCheck(db, path);
  } catch (e) {
    if (!(e instanceof Database.SqliteError)) throw e;
    // So damaged that SQLite stops reading: that is the finding.
    return { ok: false, depth: 'full', problems: [e.message], pages: Math.floor(bytes / 4096), bytes, ms: Math.round(performance.now() - started) };
  } finally {
    db?.close();
  }
}
