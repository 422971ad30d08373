/**
 * Change sets, their rows and reviews, the push journal and migration windows
 * (issue 8; SPEC §2, §4, §7.3, §7.5).
 */
export const migration0003 = `
CREATE TABLE change_sets (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('import','rename','removal','merge')),
  state          TEXT NOT NULL CHECK (state IN ('draft','in_review','approved','pushing','applied','partially_applied','failed')),
  connection_id  INTEGER NOT NULL REFERENCES connections(id) ON DELETE RESTRICT,
  title          TEXT NOT NULL,
  mode           TEXT CHECK (mode IN ('strict','lenient')),
  window_days    INTEGER,
  source         TEXT,
  source_sha256  TEXT,
  plan           TEXT NOT NULL DEFAULT '{}',
  parent_id      INTEGER REFERENCES change_sets(id),
  created_by     TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;

-- One staged row: what was asked (payload), what the resolver says will happen
-- (plan), the reviewer's decision, and what the push did.
CREATE TABLE change_rows (
  change_set_id  INTEGER NOT NULL REFERENCES change_sets(id) ON DELETE CASCADE,
  idx            INTEGER NOT NULL,
  payload        TEXT NOT NULL,
  plan           TEXT NOT NULL,
  review         TEXT NOT NULL DEFAULT 'pending' CHECK (review IN ('pending','approved','rejected')),
  review_comment TEXT,
  reviewed_by    TEXT,
  reviewed_at    TEXT,
  result         TEXT CHECK (result IN ('applied','failed','skipped')),
  result_detail  TEXT,
  PRIMARY KEY (change_set_id, idx)
) STRICT;

-- The push journal: an operation is written (with its exact request) and committed
-- before it is sent, and its outcome after, so a crash never resends blindly.
CREATE TABLE push_operations (
  id               INTEGER PRIMARY KEY,
  change_set_id    INTEGER NOT NULL REFERENCES change_sets(id) ON DELETE CASCADE,
  seq              INTEGER NOT NULL,
  idempotency_key  TEXT NOT NULL UNIQUE,
  method           TEXT NOT NULL,
  path             TEXT NOT NULL,
  body             TEXT NOT NULL,
  row_idxs         TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('planned','sent','confirmed','failed','accepted','skipped')),
  response_status  INTEGER,
  response_body    TEXT,
  job_id           TEXT,
  attempts         INTEGER NOT NULL DEFAULT 0,
  planned_at       TEXT NOT NULL,
  sent_at          TEXT,
  settled_at       TEXT,
  UNIQUE (change_set_id, seq)
) STRICT;

CREATE TABLE migration_windows (
  id                     INTEGER PRIMARY KEY,
  connection_id          INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  old_id                 TEXT NOT NULL,
  new_id                 TEXT NOT NULL,
  user_ref               TEXT,
  change_set_id          INTEGER REFERENCES change_sets(id),
  opened_at              TEXT NOT NULL,
  closes_at              TEXT NOT NULL,
  closed_at              TEXT,
  closing_change_set_id  INTEGER REFERENCES change_sets(id)
) STRICT;
-- A connection's own pace, requests per second, when its API plan differs from the
-- kind's documented limit (or 0 for a sandbox with limits off); NULL = the kind's.
ALTER TABLE connections ADD COLUMN rate_per_second REAL;

-- Column mappings of imported files, remembered by header so the next file of the
-- same shape maps itself (SPEC §7.2).
CREATE TABLE import_mappings (
  signature  TEXT PRIMARY KEY,
  mapping    TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Duplicate candidates someone marked "not a duplicate"; they stay dismissed on every
-- later pull (issue 9). Keyed by the candidate's stable key.
CREATE TABLE merge_dismissals (
  key          TEXT PRIMARY KEY,
  dismissed_by TEXT NOT NULL,
  dismissed_at TEXT NOT NULL,
  reason       TEXT
) STRICT;

CREATE INDEX migration_windows_open ON migration_windows (connection_id, closed_at, closes_at);
`;
