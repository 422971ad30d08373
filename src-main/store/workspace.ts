import type Database from 'better-sqlite3';
import { userInfo } from 'node:os';
import { failed } from '../../src-shared/errors';
import { SCHEMA_VERSION } from './migrations';
import { fullCheck, type IntegrityReport } from './integrity';
import { openDatabase } from './open-database';
import { AuditLogRepo, type NewAuditEntry } from './repos/audit-log';
import { ChangeSetsRepo } from './repos/change-sets';
import { ConnectionsRepo } from './repos/connections';
import { IdentitySnapshotsRepo } from './repos/identity-snapshots';
import { ImportMappingsRepo } from './repos/import-mappings';
import { MergeDismissalsRepo } from './repos/merge-dismissals';
import { MigrationWindowsRepo } from './repos/migration-windows';
import { PullStateRepo } from './repos/pull-state';
import { PushJournalRepo } from './repos/push-journal';
import { PushLeasesRepo } from './repos/push-leases';
import { PushedRenamesRepo } from './repos/pushed-renames';
import { NoteLinksRepo } from './repos/note-links';
import { RecordsRepo } from './repos/records';
import { TeamRepo } from './repos/team';

export function currentActor(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REKEY_ACTOR) return env.REKEY_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * One open workspace file (SPEC §2) and its repositories. SQL lives in the repos;
 * services reach the database only through them.
 */
export class Workspace {
  readonly audit: AuditLogRepo;
  readonly connections: ConnectionsRepo;
  readonly records: RecordsRepo;
  readonly pullState: PullStateRepo;
  readonly changeSets: ChangeSetsRepo;
  readonly windows: MigrationWindowsRepo;
  readonly journal: PushJournalRepo;
  readonly pushLeases: PushLeasesRepo;
  readonly importMappings: ImportMappingsRepo;
  readonly mergeDismissals: MergeDismissalsRepo;
  readonly noteLinks: NoteLinksRepo;
  readonly identitySnapshots: IdentitySnapshotsRepo;
  readonly team: TeamRepo;
  readonly pushedRenames: PushedRenamesRepo;
  readonly schemaVersion = SCHEMA_VERSION;

  constructor(
    readonly path: string,
    private readonly db: Database.Database,
    readonly actor: string = currentActor(),
    /** Removes this process's open marker once the file is closed cleanly. */
    private readonly releaseMarker: () => void = () => undefined,
  ) {
    this.audit = new AuditLogRepo(db);
    this.connections = new ConnectionsRepo(db);
    this.records = new RecordsRepo(db);
    this.pullState = new PullStateRepo(db);
    this.changeSets = new ChangeSetsRepo(db);
    this.windows = new MigrationWindowsRepo(db);
    this.journal = new PushJournalRepo(db);
    this.pushLeases = new PushLeasesRepo(db);
    this.importMappings = new ImportMappingsRepo(db);
    this.mergeDismissals = new MergeDismissalsRepo(db);
    this.noteLinks = new NoteLinksRepo(db);
    this.identitySnapshots = new IdentitySnapshotsRepo(db);
    this.team = new TeamRepo(db);
    this.pushedRenames = new PushedRenamesRepo(db);
  }

  /**
   * Every write a service makes goes through here: the change and its audit entry
   * commit together or not at all (issue 3: "every write made through a service
   * appends to it").
   */
  write<T>(entry: Omit<NewAuditEntry, 'actor'>, change: () => T): T {
    return this.transaction(() => {
      const result = change();
      this.audit.append({ ...entry, actor: this.actor });
      return result;
    });
  }

  /**
   * A multi-row write with no audit entry of its own (a pulled page and its cursor).
   * A full disk or a file that cannot be written rolls the whole transaction back and
   * says so plainly.
   */
  transaction<T>(work: () => T): T {
    try {
      return this.db.transaction(work).immediate();
    } catch (e) {
      throw storageError(this.path, e);
    }
  }

  /**
   * A transaction that is on disk when this returns, not only in the OS's cache: the
   * journal entry of a request about to leave must survive a power cut, or the next push
   * would plan the request again. WAL with synchronous=FULL syncs the WAL at this commit;
   * every other transaction keeps NORMAL (durable across a crash of the process, and fast).
   */
  durableTransaction<T>(work: () => T): T {
    this.db.pragma('synchronous = FULL');
    try {
      return this.transaction(work);
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  /**
   * Moves with every commit to the file, this process's or another's: SQLite's
   * data_version (others' commits) with this connection's count of changed rows (its
   * own). What is derived from the data and kept for a session (the Merges page's
   * candidates) is known stale when this differs.
   */
  changeVersion(): string {
    return `${this.dataVersion()}.${this.db.prepare('SELECT total_changes()').pluck().get() as number}`;
  }

  /**
   * SQLite's data_version: it changes when another connection (another Rekey process)
   * commits to the file, never for this connection's own writes.
   */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** Every page and index of the open file (the app's "Check the file"; `rekey doctor` reads it unopened). */
  checkIntegrity(): IntegrityReport {
    return fullCheck(this.db, this.path);
  }

  close(): void {
    if (!this.db.open) return;
    this.db.close();
    this.releaseMarker();
  }
}

/** SQLite's storage failures as errors a person can act on; anything else passes through. */
export function storageError(path: string, e: unknown): unknown {
  const code = (e as { code?: string }).code;
  if (code === 'SQLITE_FULL') return failed('disk_full', `${path}: the disk is full; nothing was changed`);
  // Another process (the app, a script) held the write lock past busy_timeout.
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_TIMEOUT') {
    return failed('workspace_busy', `${path}: another Rekey process kept the workspace busy writing; nothing was changed, try again`);
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR_WRITE') {
    return failed('workspace_readonly', `${path}: the workspace cannot be written (${(e as Error).message}); nothing was changed`);
  }
  return e;
}

export function openWorkspace(path: string): Workspace {
  const { db, fromVersion, release } = openDatabase(path);
  const workspace = new Workspace(path, db, currentActor(), release);
  if (fromVersion !== SCHEMA_VERSION) {
    workspace.write(
      fromVersion === 0
        ? { action: 'workspace.created', subject: path, detail: { schemaVersion: SCHEMA_VERSION } }
        : { action: 'workspace.migrated', subject: path, detail: { from: fromVersion, to: SCHEMA_VERSION } },
      () => undefined,
    );
  }
  return workspace;
}
