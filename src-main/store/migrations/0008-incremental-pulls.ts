/**
 * Incremental pulls (issue 22, SPEC §7.1), per connection and list:
 * - mode: whether the current (or last) run reads the whole list or only what changed;
 * - complete_since: when the last run that reached the end of the list started — the next
 *   incremental run asks for what changed since then (kept when a new run starts);
 * - incremental_refused: why the server refused to list only changes (a SCIM server that
 *   answers 400 invalidFilter), so later pulls go straight to a full read.
 */
export const migration0008 = `
ALTER TABLE pull_state ADD COLUMN mode TEXT NOT NULL DEFAULT 'full' CHECK (mode IN ('full','incremental'));
ALTER TABLE pull_state ADD COLUMN complete_since TEXT;
ALTER TABLE pull_state ADD COLUMN incremental_refused TEXT;
`;
