/**
 * Screens at scale, continued (issue 22).
 * - change_row_counts: how many rows of each change set stand at each review and result,
 *   kept by triggers, so a change set's counts (its list entry, its view, a filtered
 *   page's total) are read, not counted over 250,000 rows each time. `result` is '' for
 *   a row not pushed yet (a primary key cannot hold NULL).
 * - change_rows_review / change_rows_result: a page of one review or result, in row
 *   order, read from where it starts instead of filtering every row.
 * - records_live_company: the users with an email in one company of one connection, which
 *   re-checking one detached user's candidate asks for (a lookup, not a connection scan).
 */
export const migration0010 = `
CREATE TABLE change_row_counts (
  change_set_id  INTEGER NOT NULL REFERENCES change_sets(id) ON DELETE CASCADE,
  review         TEXT NOT NULL,
  result         TEXT NOT NULL,
  n              INTEGER NOT NULL,
  PRIMARY KEY (change_set_id, review, result)
) STRICT, WITHOUT ROWID;
INSERT INTO change_row_counts (change_set_id, review, result, n)
  SELECT change_set_id, review, coalesce(result, ''), count(*) FROM change_rows GROUP BY 1, 2, 3;

CREATE TRIGGER change_row_counts_insert AFTER INSERT ON change_rows
BEGIN
  INSERT INTO change_row_counts (change_set_id, review, result, n) VALUES (NEW.change_set_id, NEW.review, coalesce(NEW.result, ''), 1)
  ON CONFLICT (change_set_id, review, result) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER change_row_counts_delete AFTER DELETE ON change_rows
BEGIN
  UPDATE change_row_counts SET n = n - 1
  WHERE change_set_id = OLD.change_set_id AND review = OLD.review AND result = coalesce(OLD.result, '');
END;
CREATE TRIGGER change_row_counts_update AFTER UPDATE OF change_set_id, review, result ON change_rows
WHEN OLD.change_set_id IS NOT NEW.change_set_id OR OLD.review IS NOT NEW.review OR OLD.result IS NOT NEW.result
BEGIN
  UPDATE change_row_counts SET n = n - 1
  WHERE change_set_id = OLD.change_set_id AND review = OLD.review AND result = coalesce(OLD.result, '');
  INSERT INTO change_row_counts (change_set_id, review, result, n) VALUES (NEW.change_set_id, NEW.review, coalesce(NEW.result, ''), 1)
  ON CONFLICT (change_set_id, review, result) DO UPDATE SET n = n + 1;
END;

CREATE INDEX change_rows_review ON change_rows (change_set_id, review, idx);
CREATE INDEX change_rows_result ON change_rows (change_set_id, result, idx);

CREATE INDEX records_live_company ON records (connection_id, company) WHERE vanished_at IS NULL AND status <> 'member';
`;
