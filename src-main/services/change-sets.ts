import { canMove, nextState, reviewable, type ChangeSetMove, type RowReview } from '../../src-shared/changesets/lifecycle';
import { RowRanges } from '../../src-shared/changesets/row-ranges';
import { badInput, failed } from '../../src-shared/errors';
import type { ChangeRow, ChangeSet } from '../../src-shared/model/change-set';
import type { NewChangeRow, NewChangeSet } from '../store/repos/change-sets';
import type { ServiceContext } from './context';

export function requireChangeSet(ctx: ServiceContext, id: number): ChangeSet {
  const cs = ctx.workspace.changeSets.get(id);
  if (!cs) throw badInput('unknown_change_set', `no change set ${id} (see rekey changesets list)`);
  return cs;
}

/** Stores a new draft with its rows and plan, audited as one write. */
export function stageChangeSet(
  ctx: ServiceContext,
  cs: Omit<NewChangeSet, 'createdBy'>,
  rows: readonly NewChangeRow[],
  /** More for the audit entry (an import's rewritten ids). */
  auditDetail: Record<string, unknown> = {},
): ChangeSet {
  if (rows.length === 0) throw badInput('empty_change_set', 'a change set needs at least one row');
  const id = ctx.workspace.write(
    { action: 'changeset.created', subject: null, detail: { kind: cs.kind, rows: rows.length, source: cs.source ?? null, ...auditDetail } },
    () => ctx.workspace.changeSets.create({ ...cs, createdBy: ctx.workspace.actor }, rows, new Date().toISOString()),
  );
  ctx.events.emit('workspace.changed', { topic: 'changesets' });
  return ctx.workspace.changeSets.get(id)!;
}

function move(ctx: ServiceContext, id: number, verb: ChangeSetMove, detail: Record<string, unknown> = {}, check?: (cs: ChangeSet) => void): ChangeSet {
  const cs = requireChangeSet(ctx, id);
  if (!canMove(cs.state, verb)) {
    throw failed('invalid_transition', `change set ${id} is ${cs.state}; it cannot be ${PAST[verb]} from there`);
  }
  check?.(cs);
  const to = nextState(cs.state, verb)!;
  ctx.workspace.write({ action: `changeset.${PAST[verb]}`, subject: String(id), detail: { from: cs.state, to, ...detail } }, () =>
    ctx.workspace.changeSets.setState(id, to, new Date().toISOString()),
  );
  ctx.events.emit('workspace.changed', { topic: 'changesets' });
  return requireChangeSet(ctx, id);
}

const PAST: Record<ChangeSetMove, string> = {
  submit: 'submitted',
  approve: 'approved',
  reject: 'rejected',
  start_push: 'push_started',
  finish_push: 'push_finished',
};

export function submitChangeSet(ctx: ServiceContext, id: number): ChangeSet {
  return move(ctx, id, 'submit');
}

/**
 * Approving a change set approves it as a whole: every row must have a decision.
 * `approveRemaining` decides the pending rows in one go (`decidePendingRows`) in the same
 * transaction as the approval: all of it stands, or (nothing approved) none of it does.
 */
export function approveChangeSet(ctx: ServiceContext, id: number, options: { approveRemaining?: boolean } = {}): ChangeSet {
  const approve = () =>
    move(ctx, id, 'approve', {}, (current) => {
      if (current.rowCounts.pending > 0) {
        throw failed('rows_pending', `change set ${id} still has ${current.rowCounts.pending} rows without a decision`);
      }
      if (current.rowCounts.approved === 0) throw failed('nothing_approved', `change set ${id} has no approved rows`);
    });
  if (!options.approveRemaining || !reviewable(requireChangeSet(ctx, id).state)) return approve();
  return ctx.workspace.transaction(() => {
    decidePendingRows(ctx, id);
    return approve();
  });
}

/** Rows whose plan has a code, read a page at a time while the pending rows are decided. */
const CHECK_PAGE = 2_000;

/**
 * Every pending row decided at once, as a reviewer deciding them one by one would: rows
 * whose plan fails (they could only fail remotely) rejected with their reason, the others
 * approved. Set-based, for a change set of 250,000 rows (issue 22): only rows whose plan
 * carries a code are read (a page at a time, through the review index) and re-checked by
 * `planError`; the rest are approved by one UPDATE. The audit gets one entry for the whole
 * action, which still names every row it decided: `approvedRows` and, per reason,
 * `rejectedRows`, as ranges of row numbers ("2-9,12-19").
 */
export function decidePendingRows(ctx: ServiceContext, id: number, checkPage = CHECK_PAGE): { approved: number; rejected: number } {
  const cs = requireChangeSet(ctx, id);
  if (!reviewable(cs.state)) throw failed('not_in_review', `change set ${id} is ${cs.state}; rows are reviewed while it is in_review`);
  if (cs.rowCounts.pending === 0) return { approved: 0, rejected: 0 };
  const repo = ctx.workspace.changeSets;
  const by = ctx.workspace.actor;
  const now = new Date().toISOString();
  const decided = ctx.workspace.transaction(() => {
    const rejected = new Map<string, RowRanges>();
    let rejectedCount = 0;
    for (let after = -1; ; ) {
      const page = repo.pendingWithPlanCode(id, after, checkPage);
      for (const row of page) {
        const error = planError(row);
        if (!error) continue;
        repo.reviewRow(id, row.idx, 'rejected', `fails its check: ${error}`, by, now);
        let ranges = rejected.get(error);
        if (!ranges) rejected.set(error, (ranges = new RowRanges()));
        ranges.add(row.idx);
        rejectedCount++;
      }
      if (page.length < checkPage) break;
      after = page[page.length - 1]!.idx;
    }
    const approvedRows = new RowRanges();
    for (const idx of repo.pendingIdx(id)) approvedRows.add(idx);
    const approved = repo.approvePending(id, by, now);
    if (approved !== approvedRows.count) throw new Error(`approved ${approved} rows but counted ${approvedRows.count} pending`);
    ctx.workspace.write(
      {
        action: 'changeset.rows_decided',
        subject: String(id),
        detail: {
          approved,
          approvedRows: approvedRows.toString(),
          rejected: rejectedCount,
          rejectedRows: Object.fromEntries([...rejected].map(([code, ranges]) => [code, ranges.toString()])),
        },
      },
      () => undefined,
    );
    return { approved, rejected: rejectedCount };
  });
  ctx.events.emit('workspace.changed', { topic: 'changesets' });
  return decided;
}

export function rejectChangeSet(ctx: ServiceContext, id: number, reason: string | null): ChangeSet {
  return move(ctx, id, 'reject', { reason });
}

export function reviewRow(ctx: ServiceContext, id: number, idx: number, review: RowReview, comment: string | null): ChangeRow {
  reviewRows(ctx, id, [{ idx, review, comment }]);
  return ctx.workspace.changeSets.row(id, idx)!;
}

export interface RowDecision {
  idx: number;
  review: RowReview;
  comment: string | null;
}

/**
 * A reviewer's decisions on rows of a change set in review: one transaction (a bundle
 * of 10,000 decisions is one commit, and a row that is not there keeps all of them
 * out), with an audit entry per decision.
 */
export function reviewRows(ctx: ServiceContext, id: number, decisions: readonly RowDecision[]): void {
  if (decisions.length === 0) return; // nothing to decide (a bundle imported again), in any state
  const cs = requireChangeSet(ctx, id);
  if (!reviewable(cs.state)) throw failed('not_in_review', `change set ${id} is ${cs.state}; rows are reviewed while it is in_review`);
  const now = new Date().toISOString();
  ctx.workspace.transaction(() => {
    for (const { idx, review, comment } of decisions) {
      const found = ctx.workspace.write({ action: `changeset.row_${review}`, subject: `${id}#${idx}`, detail: comment ? { comment } : {} }, () =>
        ctx.workspace.changeSets.reviewRow(id, idx, review, comment, ctx.workspace.actor, now),
      );
      if (!found) throw badInput('unknown_row', `change set ${id} has no row ${idx}`);
    }
  });
  ctx.events.emit('workspace.changed', { topic: 'changesets' });
}

/** The error code a row's plan carries, when it cannot succeed as staged. */
export function planError(row: ChangeRow): string | undefined {
  const code = row.plan.error ?? row.plan.code;
  return typeof code === 'string' ? code : undefined;
}
