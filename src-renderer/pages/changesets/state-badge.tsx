import type { ChangeSetState } from '../../../src-shared/changesets/lifecycle';

const LABELS: Record<ChangeSetState, string> = {
  draft: 'draft',
  in_review: 'in review',
  approved: 'approved',
  pushing: 'pushing',
  applied: 'applied',
  partially_applied: 'partially applied',
  failed: 'failed',
};

export function StateBadge({ state }: { state: ChangeSetState }) {
  return <span className={`badge state-${state}`}>{LABELS[state]}</span>;
}
