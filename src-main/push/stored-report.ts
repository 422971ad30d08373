import type { ChangeSetState } from '../../src-shared/changesets/lifecycle';
import type { PushResultValue } from '../../src-shared/model/push';
import type { Workspace } from '../store/workspace';

const FINISHED: readonly ChangeSetState[] = ['applied', 'partially_applied', 'failed'];

/** Has this change set's push run to its end (whatever it applied)? */
export function pushFinished(state: ChangeSetState): boolean {
  return FINISHED.includes(state);
}

/**
 * The report of a change set's finished push, as it was printed then: kept whole in its
 * `changeset.push_finished` audit entry. Entries written before the report was kept
 * there hold only the row counts; the rest is read back from the journal.
 */
export function storedPushReport(workspace: Workspace, id: number, state: ChangeSetState): PushResultValue {
  const detail = (workspace.audit.latest('changeset.push_finished', String(id))?.detail ?? {}) as Partial<PushResultValue>;
  const journal = workspace.journal.forChangeSet(id);
  const requests = detail.requests ?? journal.filter((o) => o.state !== 'skipped' && o.state !== 'planned').length;
  const rows = workspace.changeSets.rows(id).filter((r) => r.review === 'approved');
  return {
    id,
    state,
    sent: detail.sent ?? requests,
    applied: detail.applied ?? rows.filter((r) => r.result === 'applied').length,
    failed: detail.failed ?? rows.filter((r) => r.result === 'failed').length,
    skipped: detail.skipped ?? rows.filter((r) => r.result === 'skipped' || r.result === null).length,
    requests,
    reconciled: detail.reconciled ?? 0,
    retries: detail.retries ?? 0,
  };
}
