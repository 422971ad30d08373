/**
 * Which Productboard notes belong to which user (issue 9): a merge re-points the merged
 * user's notes to the survivor, so a pull records each note's user. Notes are not users:
 * they live apart from `records`, and a complete run drops the links it did not see.
 */
export const migration0004 = `
CREATE TABLE note_links (
  connection_id  INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  note_id        TEXT NOT NULL,
  user_id        TEXT,
  title          TEXT,
  seen_run       TEXT NOT NULL,
  PRIMARY KEY (connection_id, note_id)
) STRICT;
CREATE INDEX note_links_user ON note_links (connection_id, user_id);
`;
