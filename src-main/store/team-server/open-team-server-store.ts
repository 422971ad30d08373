import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { failed } from '../../../src-shared/errors';
import { TeamDocumentsRepo } from './documents';
import { TeamLeasesRepo } from './leases';
import { TeamMembersRepo } from './members';

/** 'RKTS': marks the team server's own SQLite file, which is not a workspace. */
const TEAM_SERVER_APPLICATION_ID = 0x524b5453;

/**
 * The team server's store (issue 20), one SQLite file in the server's data folder:
 * members (token hashes only), each shared doc as its merged Yjs state, and the push
 * leases, which need mutual exclusion a CRDT cannot give. Append-only migrations.
 */
const migrations: readonly string[] = [
  `
CREATE TABLE members (
  name        TEXT PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  invited_at  TEXT NOT NULL,
  revoked_at  TEXT
) STRICT;
CREATE TABLE documents (
  name        TEXT PRIMARY KEY,
  state       BLOB NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE TABLE leases (
  change_set  TEXT PRIMARY KEY,
  member      TEXT NOT NULL,
  since       TEXT NOT NULL,
  expires_at  TEXT NOT NULL
) STRICT;
`,
];

export interface TeamServerStore {
  members: TeamMembersRepo;
  documents: TeamDocumentsRepo;
  leases: TeamLeasesRepo;
  close: () => void;
}

export const TEAM_SERVER_FILE = 'team-server.sqlite';

export function openTeamServerStore(dataDir: string): TeamServerStore {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, TEAM_SERVER_FILE);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > 0 && appId !== TEAM_SERVER_APPLICATION_ID) {
    db.close();
    throw failed('not_a_team_server', `${path}: not a Rekey team server's data (another SQLite database)`);
  }
  if (version > migrations.length) {
    db.close();
    throw failed('team_server_too_new', `${path}: written by a newer Rekey (schema ${version}); update Rekey to serve it`);
  }
  db.transaction(() => {
    for (let v = version; v < migrations.length; v++) db.exec(migrations[v]!);
    db.pragma(`application_id = ${TEAM_SERVER_APPLICATION_ID}`);
    db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
  return {
    members: new TeamMembersRepo(db),
    documents: new TeamDocumentsRepo(db),
    leases: new TeamLeasesRepo(db),
    close: () => db.close(),
  };
}
