import type { RowResult, RowReview } from '../changesets/lifecycle';
import type { ChangeSetState } from '../changesets/lifecycle';
import type { ConnectionKind } from './connection';

/** A change set's link to the rename batch it belongs to (kept in its plan as `batch`). */
export interface BatchLink {
  key: string;
  connections: string[];
}

/** One person's rename in one system, as the batch view shows it. */
export interface RenameBatchCell {
  changeSetId: number;
  idx: number;
  /** rename, swap, … or null when the plan found a problem (then `error`). */
  action: string | null;
  error: string | null;
  /** What is sent (or why not), in plain words. */
  says: string[];
  /** What keeps working with the old id after the push. */
  keeps: string;
  review: RowReview;
  result: RowResult | null;
  resultDetail: string | null;
}

export interface RenameBatchPerson {
  current: string;
  next: string;
  /** Per connection name; null where that system does not hold the person. */
  cells: Record<string, RenameBatchCell | null>;
}

/** A rename batch staged for several connections at once (issue 19): one change set each. */
export interface RenameBatchView {
  key: string;
  connections: { name: string; kind: ConnectionKind; changeSetId: number; state: ChangeSetState; windowDays: number | null; rows: number }[];
  persons: RenameBatchPerson[];
  /** Steps left to do by hand, per connection. */
  checklist: { connection: string; step: string }[];
}
