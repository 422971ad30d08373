/**
 * When a list was last read whole (issue 22 follow-up): an incremental read never sees a
 * user deleted on the remote, so a list read only incrementally would show deleted users
 * as live for ever. The pull reads a list whole again once its last whole read is older
 * than a week. Lists whose last run was a complete whole read are backfilled from it; the
 * others get a whole read at their next pull.
 */
export const migration0012 = `
ALTER TABLE pull_state ADD COLUMN full_since TEXT;
UPDATE pull_state SET full_since = complete_since WHERE mode = 'full' AND status = 'done';
`;
