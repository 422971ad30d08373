/**
 * Pull state and persons (issue 6).
 * - pull_state: one row per connection and resource, holding the cursor of the last
 *   committed page, so an interrupted pull resumes exactly there.
 * - records.seen_run: the pull run that last saw the record; a complete run marks the
 *   records it did not see as vanished.
 * - records.person_key: SPEC §2 "Person", the records that are one human, linked by
 *   external id (primary or deprecated) or email; the smallest record id of the group.
 */
export const migration0002 = `
CREATE TABLE pull_state (
  connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  resource      TEXT NOT NULL,
  run_id        TEXT NOT NULL,
  cursor        TEXT,
  status        TEXT NOT NULL CHECK (status IN ('running','done','failed')),
  pages         INTEGER NOT NULL DEFAULT 0,
  rows          INTEGER NOT NULL DEFAULT 0,
  requests      INTEGER NOT NULL DEFAULT 0,
  retries       INTEGER NOT NULL DEFAULT 0,
  rate_limited_ms INTEGER NOT NULL DEFAULT 0,
  started_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  finished_at   TEXT,
  error         TEXT,
  PRIMARY KEY (connection_id, resource)
) STRICT;

ALTER TABLE records ADD COLUMN seen_run TEXT;
ALTER TABLE records ADD COLUMN person_key INTEGER;
CREATE INDEX records_person ON records (person_key);
`;
