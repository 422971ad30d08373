import type { SharedComment, SharedDecision, SharedResult, SharedRow, SharedVerdict } from './change-set-doc';
import type { ApprovalPolicy } from './team-doc';

/** How one row stands for the team, derived from every member's decision on it. */
export type TeamRowStatus = 'pending' | 'approved' | 'rejected' | 'conflict';

export interface TeamRowView {
  idx: number;
  payload: Record<string, unknown>;
  plan: Record<string, unknown>;
  planHash: string;
  status: TeamRowStatus;
  /** Decisions made on the row's current plan. */
  current: SharedDecision[];
  /** Decisions made on an earlier plan of the row: shown, never counted. */
  stale: SharedDecision[];
  comments: SharedComment[];
  result: SharedResult | null;
}

export interface TeamConflict {
  idx: number;
  approvedBy: string[];
  rejectedBy: string[];
}

export interface TeamReviewView {
  rows: TeamRowView[];
  conflicts: TeamConflict[];
  counts: { total: number; approved: number; rejected: number; pending: number; conflict: number; stale: number };
  /** True when every row is decided under the policy and no conflict is open. */
  approvable: boolean;
  /** Why it is not approvable, in plain words (empty when it is). */
  blockers: string[];
}

const by = (list: readonly SharedDecision[], verdict: SharedVerdict) =>
  list.filter((d) => d.verdict === verdict).map((d) => d.member).sort();

/**
 * The team's review of one change set. A row with approvals and rejections on its
 * current plan is a conflict: it blocks approval until a member changes their decision.
 * A rejection needs no quorum (one "no" stops a row); an approval needs `policy.approvals`
 * eligible members (the author only when the policy allows it).
 */
export function deriveReview(
  author: string,
  rows: readonly SharedRow[],
  decisions: readonly SharedDecision[],
  comments: readonly SharedComment[],
  results: readonly SharedResult[],
  policy: ApprovalPolicy,
): TeamReviewView {
  const byRow = new Map<number, SharedDecision[]>();
  for (const d of decisions) {
    const list = byRow.get(d.idx);
    if (list) list.push(d);
    else byRow.set(d.idx, [d]);
  }
  const commentsByRow = new Map<number, SharedComment[]>();
  for (const c of comments) {
    const list = commentsByRow.get(c.idx);
    if (list) list.push(c);
    else commentsByRow.set(c.idx, [c]);
  }
  const resultByRow = new Map(results.map((r) => [r.idx, r]));
  const counts = { total: rows.length, approved: 0, rejected: 0, pending: 0, conflict: 0, stale: 0 };
  const conflicts: TeamConflict[] = [];
  const views = rows.map((row): TeamRowView => {
    const all = (byRow.get(row.idx) ?? []).sort((a, b) => a.member.localeCompare(b.member));
    const current = all.filter((d) => d.planHash === row.planHash);
    const stale = all.filter((d) => d.planHash !== row.planHash);
    const approvedBy = by(current, 'approve');
    const rejectedBy = by(current, 'reject');
    const eligible = approvedBy.filter((m) => policy.authorMayApprove || m !== author);
    let status: TeamRowStatus;
    if (approvedBy.length > 0 && rejectedBy.length > 0) {
      status = 'conflict';
      conflicts.push({ idx: row.idx, approvedBy, rejectedBy });
    } else if (rejectedBy.length > 0) status = 'rejected';
    else if (eligible.length >= policy.approvals) status = 'approved';
    else status = 'pending';
    counts[status] += 1;
    if (stale.length > 0) counts.stale += 1;
    return {
      ...row,
      status,
      current,
      stale,
      comments: commentsByRow.get(row.idx) ?? [],
      result: resultByRow.get(row.idx) ?? null,
    };
  });
  const blockers: string[] = [];
  if (rows.length === 0) blockers.push('the change set has no rows');
  if (counts.conflict > 0) blockers.push(`${counts.conflict} row${counts.conflict === 1 ? '' : 's'} decided differently by two members`);
  if (counts.pending > 0) {
    const who = policy.authorMayApprove ? 'members' : `members other than ${author}`;
    blockers.push(`${counts.pending} row${counts.pending === 1 ? '' : 's'} still need${counts.pending === 1 ? 's' : ''} ${policy.approvals} approval${policy.approvals === 1 ? '' : 's'} from ${who}`);
  }
  return { rows: views, conflicts, counts, approvable: blockers.length === 0, blockers };
}
