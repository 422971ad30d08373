/**
 * A saved identity index per connection (issue 7): the pulled users of one system as a
 * PackedIdentityIndex, so an import preview loads them in a few dozen milliseconds
 * instead of reading and indexing a million records. The bytes live in a file beside
 * the workspace (reading a 140 MB blob through SQLite's overflow pages took 0.18 s, the
 * file 0.04 s); this row says which file is current. It is derived data: any change to
 * the identity columns of a connection's records deletes the row (the triggers), and the
 * next preview or pull builds the index again.
 */
export const migration0005 = `
CREATE TABLE identity_snapshots (
  connection_id  INTEGER PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
  users          INTEGER NOT NULL,
  built_at       TEXT NOT NULL,
  file           TEXT NOT NULL,
  bytes          INTEGER NOT NULL
) STRICT;
CREATE TRIGGER records_insert_drops_identity_snapshot AFTER INSERT ON records
BEGIN
  DELETE FROM identity_snapshots WHERE connection_id = NEW.connection_id;
END;
CREATE TRIGGER records_delete_drops_identity_snapshot AFTER DELETE ON records
BEGIN
  DELETE FROM identity_snapshots WHERE connection_id = OLD.connection_id;
END;
CREATE TRIGGER records_update_drops_identity_snapshot AFTER UPDATE ON records
WHEN OLD.remote_id IS NOT NEW.remote_id OR OLD.email IS NOT NEW.email OR OLD.external_id IS NOT NEW.external_id
  OR OLD.deprecated_external_ids IS NOT NEW.deprecated_external_ids OR OLD.vanished_at IS NOT NEW.vanished_at
  OR OLD.status IS NOT NEW.status OR OLD.connection_id IS NOT NEW.connection_id
BEGIN
  DELETE FROM identity_snapshots WHERE connection_id IN (OLD.connection_id, NEW.connection_id);
END;
`;
