import type { ChangeSetKind, ChangeSetState, RowResult, RowReview } from '../changesets/lifecycle';

/** SPEC §2 "Change set": staged work and where it stands. */
export interface ChangeSet {
  id: number;
  kind: ChangeSetKind;
  state: ChangeSetState;
  connection: string;
  title: string;
  mode: 'strict' | 'lenient' | null;
  /** Rename batches: how long deprecated ids keep working (SPEC §4), default 30. */
  windowDays: number | null;
  /** The file or pattern it was made from. */
  source: string | null;
  sourceSha256: string | null;
  /** Batch-level plan: counts, swap step plans, analysis (kind-specific JSON). */
  plan: Record<string, unknown>;
  /** A "retry failed rows" change set points at the one it retries. */
  parentId: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  rowCounts: { total: number; approved: number; rejected: number; pending: number; applied: number; failed: number };
}

/** One staged row: what was asked, what will happen, the review, the result. */
export interface ChangeRow {
  idx: number;
  payload: Record<string, unknown>;
  plan: Record<string, unknown>;
  review: RowReview;
  reviewComment: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  result: RowResult | null;
  resultDetail: string | null;
}
