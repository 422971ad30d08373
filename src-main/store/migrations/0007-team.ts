/**
 * The team workspace (issue 20). The shared part of a workspace lives in Y.Docs; this
 * file keeps them as the Yjs updates they are made of, so nothing decided offline is
 * lost when the app closes, and the updates not yet sent are known.
 * - team_membership: the one team server this workspace has joined (the token is not
 *   stored: only the name of the environment variable that holds it, or in the desktop
 *   app a reference to it in the OS keychain);
 * - team_updates: every update to every shared doc, local ones marked until the server
 *   has them; compacted into one update per doc after a sync;
 * - team_links: which local change set a shared one was published from.
 */
export const migration0007 = `
CREATE TABLE team_membership (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  server_url    TEXT NOT NULL,
  member        TEXT NOT NULL,
  token_env     TEXT,
  token_ref     TEXT,
  joined_at     TEXT NOT NULL,
  last_sync_at  TEXT,
  CHECK (token_env IS NOT NULL OR token_ref IS NOT NULL)
) STRICT;
CREATE TABLE team_updates (
  id        INTEGER PRIMARY KEY,
  doc       TEXT NOT NULL,
  data      BLOB NOT NULL,
  local     INTEGER NOT NULL CHECK (local IN (0, 1)),
  sent      INTEGER NOT NULL DEFAULT 0 CHECK (sent IN (0, 1)),
  at        TEXT NOT NULL
) STRICT;
CREATE INDEX team_updates_doc ON team_updates (doc, id);
CREATE TABLE team_links (
  change_set_id  INTEGER PRIMARY KEY REFERENCES change_sets(id) ON DELETE CASCADE,
  shared_key     TEXT NOT NULL UNIQUE
) STRICT;
`;
