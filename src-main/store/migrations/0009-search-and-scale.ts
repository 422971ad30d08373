/**
 * Every screen at scale (issue 22).
 * - records_search: the Users page's search through SQLite FTS5 instead of a substring
 *   scan of every record (1M records: a scan is a second, a lookup a millisecond). Its
 *   words are those of the email, the ids and the name (unicode61: letters and digits,
 *   split at punctuation), so a search matches the start of any word: "novak" finds
 *   ada.novak@acme.com, "usr_100" finds usr_10001. An external-content table: the text
 *   stays in `records`, the triggers keep the index in step with every write. The
 *   three-letter prefix index serves the word being typed: "person12@client" would
 *   otherwise merge the lists of every word starting "client" (a million rows) before
 *   the phrase could skip along the rare "person12".
 * - records_connection: a connection's records in id order (the Users page's filter).
 * - records_live_email / records_live_external_id: the live identities across
 *   connections by folded email and by external id, which duplicate finding groups on
 *   (a GROUP BY over an index instead of sorting a million rows).
 */
export const migration0009 = `
CREATE VIRTUAL TABLE records_search USING fts5(
  email_norm, external_id, deprecated_external_ids, name, remote_id,
  content = 'records', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
);
INSERT INTO records_search (records_search) VALUES ('rebuild');

CREATE TRIGGER records_search_insert AFTER INSERT ON records
BEGIN
  INSERT INTO records_search (rowid, email_norm, external_id, deprecated_external_ids, name, remote_id)
  VALUES (NEW.id, NEW.email_norm, NEW.external_id, NEW.deprecated_external_ids, NEW.name, NEW.remote_id);
END;
CREATE TRIGGER records_search_delete AFTER DELETE ON records
BEGIN
  INSERT INTO records_search (records_search, rowid, email_norm, external_id, deprecated_external_ids, name, remote_id)
  VALUES ('delete', OLD.id, OLD.email_norm, OLD.external_id, OLD.deprecated_external_ids, OLD.name, OLD.remote_id);
END;
-- A re-pull rewrites every record it sees; only a change of the searched text touches the index.
CREATE TRIGGER records_search_update AFTER UPDATE ON records
WHEN OLD.email_norm IS NOT NEW.email_norm OR OLD.external_id IS NOT NEW.external_id
  OR OLD.deprecated_external_ids IS NOT NEW.deprecated_external_ids OR OLD.name IS NOT NEW.name
  OR OLD.remote_id IS NOT NEW.remote_id OR OLD.id IS NOT NEW.id
BEGIN
  INSERT INTO records_search (records_search, rowid, email_norm, external_id, deprecated_external_ids, name, remote_id)
  VALUES ('delete', OLD.id, OLD.email_norm, OLD.external_id, OLD.deprecated_external_ids, OLD.name, OLD.remote_id);
  INSERT INTO records_search (rowid, email_norm, external_id, deprecated_external_ids, name, remote_id)
  VALUES (NEW.id, NEW.email_norm, NEW.external_id, NEW.deprecated_external_ids, NEW.name, NEW.remote_id);
END;

-- A connection's records in id order: the Users page filtered to one system reads its
-- first window without sorting the connection's 250,000 records.
CREATE INDEX records_connection ON records (connection_id);
-- status and vanished_at are columns too, so a GROUP BY reads the index alone (covering).
CREATE INDEX records_live_email ON records (email_norm, email, status, vanished_at) WHERE vanished_at IS NULL AND status <> 'member';
CREATE INDEX records_live_external_id ON records (external_id, name, status, vanished_at) WHERE vanished_at IS NULL AND status <> 'member';
`;
