import type { ConnectionKind } from './connection';

/**
 * An external id that a pushed rename replaced (issue 19 item 5), as the workspace knows
 * it: the id it ends on after every later rename (a→b then b→c: a ends on c), when the
 * first rename was pushed and by which change set.
 */
export interface RenamedId {
  /** The old id, as an incoming row names it. */
  from: string;
  /** The id it ends on now. */
  to: string;
  /** When the rename that replaced `from` was pushed. */
  on: string;
  /** The rename change set that replaced `from`. */
  changeSet: number;
  /** How many renames lead from `from` to `to` (1, or more for a chain). */
  steps: number;
  connection: string;
  system: ConnectionKind;
  /** Braze-style: the old id still identifies the user until then (its migration window); null when no window is open. */
  resolvesUntil: string | null;
}

/** A row that named an old id and was planned with the new one instead: what was rewritten. */
export interface RenamedIdRewrite extends RenamedId {
  rewritten: true;
}
