/**
 * Push leases (issue 21): the app and the CLI may hold one workspace open together, so
 * the process pushing a change set says so here. A second push of the same change set
 * is refused while the holder lives; a lease whose holder died is taken over.
 */
export const migration0006 = `
CREATE TABLE push_leases (
  change_set_id  INTEGER PRIMARY KEY REFERENCES change_sets(id) ON DELETE CASCADE,
  holder_pid     INTEGER NOT NULL,
  holder_host    TEXT NOT NULL,
  taken_at       TEXT NOT NULL
) STRICT;
`;
