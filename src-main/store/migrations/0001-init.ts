/**
 * The first schema: the audit log (append-only from day one), connections and the
 * records pulled from them. Later migrations add tables; none edits this file.
 */
export const migration0001 = `
CREATE TABLE audit_log (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  subject  TEXT,
  detail   TEXT NOT NULL DEFAULT '{}'
) STRICT;

-- The log is evidence: once written, a row never changes or disappears.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- A remote system. The token is never stored here (SPEC §8): token_env names the
-- environment variable that holds it, token_ref the OS-keychain entry in the shell.
CREATE TABLE connections (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('productboard','productboard-scim','uservoice','braze')),
  base_url    TEXT NOT NULL,
  token_env   TEXT,
  token_ref   TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

-- A user as one remote system holds it (SPEC §2 "Record").
CREATE TABLE records (
  id                      INTEGER PRIMARY KEY,
  connection_id           INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id               TEXT NOT NULL,
  email                   TEXT,
  email_norm              TEXT,
  external_id             TEXT,
  deprecated_external_ids TEXT NOT NULL DEFAULT '[]',
  name                    TEXT,
  company                 TEXT,
  status                  TEXT NOT NULL DEFAULT 'active',
  raw                     TEXT NOT NULL DEFAULT '{}',
  first_seen_at           TEXT NOT NULL,
  last_seen_at            TEXT NOT NULL,
  vanished_at             TEXT,
  UNIQUE (connection_id, remote_id)
) STRICT;
CREATE INDEX records_email ON records (connection_id, email_norm);
CREATE INDEX records_external_id ON records (connection_id, external_id);
`;
