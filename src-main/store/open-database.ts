import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { badInput, failed } from '../../src-shared/errors';
import { cheapCheck, fullCheck, type IntegrityReport } from './integrity';
import { migrations, SCHEMA_VERSION } from './migrations';
import { markOpen } from './open-markers';

/** 'REKY': marks a SQLite file as a Rekey workspace, so another app's database is refused. */
export const APPLICATION_ID = 0x52454b59;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

/**
 * Looks at an existing file before anything writes to it, so that a refused file
 * (not SQLite, another app's database, a newer schema, damaged) stays byte-identical.
 */
function inspectExisting(path: string, uncleanClose: boolean): IntegrityReport | null {
  const size = statSync(path).size;
  if (size === 0) return null;
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_MAGIC) {
    throw badInput('not_a_workspace', `${path}: not a Rekey workspace (the file is not an SQLite database)`);
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    const appId = db.pragma('application_id', { simple: true }) as number;
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
    if (appId !== APPLICATION_ID && (version !== 0 || tables.n > 0)) {
      throw badInput('not_a_workspace', `${path}: not a Rekey workspace (an SQLite database of another application)`);
    }
    if (version > SCHEMA_VERSION) {
      throw badInput(
        'workspace_too_new',
        `${path}: workspace schema version ${version} is newer than this Rekey understands (${SCHEMA_VERSION}); update Rekey to open it`,
      );
    }
    // The whole file is read only where it pays (issue 22): after a session that did not
    // close it, and before a migration rewrites it; otherwise a check of milliseconds.
    const check = uncleanClose || (version > 0 && version < SCHEMA_VERSION) ? fullCheck(db, path) : cheapCheck(db, path);
    if (!check.ok) {
      throw failed('workspace_damaged', `${path}: the workspace file is damaged (${check.problems.join('; ')}); restore it from a backup`);
    }
    return check;
  } catch (e) {
    if (e instanceof Database.SqliteError) {
      // The machine failing (disk full, I/O) is not the file being wrong.
      if (/^SQLITE_(IOERR|FULL|CANTOPEN)/.test(e.code)) {
        throw failed('storage_error', `${path}: cannot open the workspace: ${e.message} (is the disk full?); nothing was changed`);
      }
      throw badInput('not_a_workspace', `${path}: cannot be read as a workspace (${e.message})`);
    }
    throw e;
  } finally {
    db?.close();
  }
}

/**
 * Applies the pending migrations in one transaction; a copy of the old file is kept
 * first. Returns the version the file had (0 for a new workspace).
 */
function migrate(db: Database.Database, path: string): number {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from === SCHEMA_VERSION) return from;
  if (from > 0 && path !== ':memory:') {
    // A migration that goes wrong must not cost the user their engagement.
    db.exec(`VACUUM INTO '${`${path}.v${from}.backup`.replaceAll("'", "''")}'`);
  }
  db.transaction(() => {
    for (let v = from; v < SCHEMA_VERSION; v++) db.exec(migrations[v]!);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
  return from;
}

export interface OpenedDatabase {
  db: Database.Database;
  /** Removes this process's open marker (the file was closed cleanly); call after closing. */
  release: () => void;
  /** The schema version the file had before opening: 0 when it was just created. */
  fromVersion: number;
  /** What open checked of an existing file (null for a new one). */
  check: IntegrityReport | null;
}

/**
 * Opens (creating when missing) and migrates a workspace file. Several processes may
 * hold it open at once (the app and CLI scripts): readers never wait, and writers take
 * turns through SQLite's own locking, each waiting up to busy_timeout for the other.
 */
export function openDatabase(path: string): OpenedDatabase {
  let markers: ReturnType<typeof markOpen> | undefined;
  let check: IntegrityReport | null = null;
  if (path !== ':memory:') {
    if (!existsSync(path)) mkdirSync(dirname(path), { recursive: true });
    // Before any connection touches the file: a write-ahead log left behind is evidence.
    markers = markOpen(path);
    try {
      if (existsSync(path)) check = inspectExisting(path, markers.unclean);
    } catch (e) {
      markers.release();
      throw e;
    }
    markers.clearStale();
  }
  const release = () => markers?.release();
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    return { db, release, fromVersion: migrate(db, path), check };
  } catch (e) {
    db?.close();
    release();
    if ((e as { code?: string }).code === 'SQLITE_READONLY' || (e as { code?: string }).code === 'SQLITE_CANTOPEN') {
      throw failed('workspace_readonly', `${path}: the workspace cannot be written (${(e as Error).message})`);
    }
    if ((e as { code?: string }).code === 'SQLITE_FULL') throw failed('disk_full', `${path}: the disk is full; nothing was changed`);
    throw e;
  }
}
