/**
 * Pushed renames, one row per applied rename row, in push order (issue 19 item 5): an
 * incoming row naming an id a pushed rename replaced is flagged in a preview, with the
 * id it ends on offered instead. Renames were only in change rows' JSON before (no
 * index, no push time per row); migration windows hold Braze-style renames only.
 * Existing applied renames are copied in, dated by their change set's last change.
 * pushed_renames_old serves the chain walk: a connection's renames of one old id, in order;
 * migration_windows_old finds the window a Braze-style rename opened.
 */
export const migration0011 = `
CREATE TABLE pushed_renames (
  id             INTEGER PRIMARY KEY,
  connection_id  INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  old_id         TEXT NOT NULL,
  new_id         TEXT NOT NULL,
  change_set_id  INTEGER NOT NULL REFERENCES change_sets(id) ON DELETE CASCADE,
  row_idx        INTEGER NOT NULL,
  pushed_at      TEXT NOT NULL,
  UNIQUE (change_set_id, row_idx)
) STRICT;
CREATE INDEX pushed_renames_old ON pushed_renames (connection_id, old_id);
-- A Braze-style rename's window, by its old id (a batch of 1,000 renames opens 1,000 windows).
CREATE INDEX migration_windows_old ON migration_windows (connection_id, old_id);

INSERT INTO pushed_renames (connection_id, old_id, new_id, change_set_id, row_idx, pushed_at)
SELECT s.connection_id, trim(json_extract(r.payload, '$.current_external_id')), trim(json_extract(r.payload, '$.new_external_id')), s.id, r.idx, s.updated_at
FROM change_rows r JOIN change_sets s ON s.id = r.change_set_id
WHERE s.kind = 'rename' AND r.result = 'applied' AND json_extract(r.plan, '$.action') = 'rename'
  AND json_extract(r.payload, '$.current_external_id') IS NOT NULL AND json_extract(r.payload, '$.new_external_id') IS NOT NULL
ORDER BY s.updated_at, s.id, r.idx;
`;
