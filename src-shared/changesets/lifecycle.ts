/**
 * SPEC §2 "Change set": draft → in_review → approved → pushing → applied |
 * partially_applied | failed. Every move is one of these verbs; anything else is
 * refused with the state it was tried from, so the UI, the CLI and the push engine
 * share one rulebook.
 */
export const CHANGE_SET_KINDS = ['import', 'rename', 'removal', 'merge'] as const;
export type ChangeSetKind = (typeof CHANGE_SET_KINDS)[number];

export const CHANGE_SET_STATES = [
  'draft',
  'in_review',
  'approved',
  'pushing',
  'applied',
  'partially_applied',
  'failed',
] as const;
export type ChangeSetState = (typeof CHANGE_SET_STATES)[number];

export type ChangeSetMove =
  | 'submit' // draft → in_review: rows are frozen for review
  | 'approve' // in_review → approved
  | 'reject' // in_review → draft: sent back to its author
  | 'start_push' // approved → pushing (also pushing → pushing when resuming)
  | 'finish_push'; // pushing → applied | partially_applied | failed

const FROM: Record<ChangeSetMove, readonly ChangeSetState[]> = {
  submit: ['draft'],
  approve: ['in_review'],
  reject: ['in_review'],
  start_push: ['approved', 'pushing'],
  finish_push: ['pushing'],
};

export function canMove(state: ChangeSetState, move: ChangeSetMove): boolean {
  return FROM[move].includes(state);
}

/** Where a move leads (finish_push depends on the rows' results). */
export function nextState(
  state: ChangeSetState,
  move: ChangeSetMove,
  results?: { applied: number; failed: number },
): ChangeSetState | undefined {
  if (!canMove(state, move)) return undefined;
  switch (move) {
    case 'submit':
      return 'in_review';
    case 'approve':
      return 'approved';
    case 'reject':
      return 'draft';
    case 'start_push':
      return 'pushing';
    case 'finish_push': {
      const { applied = 0, failed = 0 } = results ?? {};
      if (failed === 0) return 'applied';
      return applied === 0 ? 'failed' : 'partially_applied';
    }
  }
}

/** Rows can change only while nobody is reviewing or pushing them. */
export function rowsEditable(state: ChangeSetState): boolean {
  return state === 'draft';
}

/** Per-row decisions happen during review. */
export function reviewable(state: ChangeSetState): boolean {
  return state === 'in_review';
}

export type RowReview = 'pending' | 'approved' | 'rejected';
export type RowResult = 'applied' | 'failed' | 'skipped';
