import { describePlan } from '../../../src-shared/plain-words';
import type { ChangeRow, ChangeSet } from '../../../src-shared/model/change-set';
import { badInput } from '../../../src-shared/errors';
import { approveChangeSet, rejectChangeSet, requireChangeSet, reviewRow, submitChangeSet } from '../../services/change-sets';
import { idArgument, intOption } from '../args';
import { defineCommand } from '../command';

/** SPEC §9 `changesets create` prints {id, kind, state, rows, counts}; the others reuse it. */
export function changeSetSummary(cs: ChangeSet) {
  return {
    id: cs.id,
    kind: cs.kind,
    state: cs.state,
    connection: cs.connection,
    title: cs.title,
    rows: cs.rowCounts.total,
    counts: cs.rowCounts,
  };
}

const line = (cs: ChangeSet) =>
  `#${cs.id}\t${cs.kind}\t${cs.state}\t${cs.connection}\t${cs.rowCounts.total} rows (${cs.rowCounts.approved} approved, ${cs.rowCounts.rejected} rejected, ${cs.rowCounts.pending} pending)\t${cs.title}`;

export const changesetsListCommand = defineCommand<ReturnType<typeof changeSetSummary>[]>({
  async run({ workspace }) {
    return workspace().changeSets.list().map(changeSetSummary);
  },
  human: (list) =>
    list.length
      ? list.map((s) => `#${s.id}\t${s.kind}\t${s.state}\t${s.connection}\t${s.rows} rows\t${s.title}`).join('\n') + '\n'
      : 'No change sets yet (rekey changesets create --help).\n',
});

const REVIEWS = ['pending', 'approved', 'rejected'] as const;
const RESULTS = ['applied', 'failed', 'skipped', 'none'] as const;

function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw badInput('bad_option', `changesets show: ${flag} is one of ${allowed.join(', ')}, not "${String(value)}"`);
  return value as T;
}

export const changesetsShowCommand = defineCommand<{ changeSet: ChangeSet; total: number; rows: ChangeRow[] }>({
  async run({ args, options, services }) {
    const review = oneOf(options.review, REVIEWS, '--review');
    const result = oneOf(options.result, RESULTS, '--result');
    const offset = intOption(options.offset, '--offset', 'changesets show') ?? 0;
    const limit = intOption(options.limit, '--limit', 'changesets show', 1) ?? Number.MAX_SAFE_INTEGER;
    const ctx = services();
    const changeSet = requireChangeSet(ctx, idArgument(args, 'changesets show'));
    // The page the app's change set view asks for, through the same store query.
    const page = ctx.workspace.changeSets.rowsPage(changeSet.id, { ...(review ? { review } : {}), ...(result ? { result } : {}) }, offset, limit);
    return { changeSet, ...page };
  },
  human: ({ changeSet, total, rows }) =>
    `${line(changeSet)}\n` +
    (rows.length < total ? `  ${rows.length} of the ${total} matching rows\n` : '') +
    rows
      .map((r) => `  ${r.idx}\t${r.review}\t${r.result ?? ''}\t${JSON.stringify(r.payload)}\t${describePlan(r.plan).text || JSON.stringify(r.plan)}${r.reviewComment ? `\t“${r.reviewComment}”` : ''}`)
      .join('\n') +
    '\n',
});

export const changesetsSubmitCommand = defineCommand<ReturnType<typeof changeSetSummary>>({
  async run({ args, services }) {
    return changeSetSummary(submitChangeSet(services(), idArgument(args, 'changesets submit')));
  },
  human: (s) => `Change set #${s.id} is ${s.state}\n`,
});

export const changesetsApproveCommand = defineCommand<ReturnType<typeof changeSetSummary>>({
  async run({ args, services }) {
    return changeSetSummary(approveChangeSet(services(), idArgument(args, 'changesets approve'), { approveRemaining: true }));
  },
  human: (s) => `Change set #${s.id} is ${s.state}: ${s.counts.approved} rows approved, ${s.counts.rejected} rejected\n`,
});

export const changesetsRejectCommand = defineCommand<ReturnType<typeof changeSetSummary>>({
  async run({ args, options, services }) {
    return changeSetSummary(rejectChangeSet(services(), idArgument(args, 'changesets reject'), (options.reason as string | undefined) ?? null));
  },
  human: (s) => `Change set #${s.id} is back to ${s.state}\n`,
});

export const changesetsReviewCommand = defineCommand<ChangeRow>({
  async run({ args, options, services }) {
    const id = idArgument(args, 'changesets review');
    const row = intOption(options.row, '--row', 'changesets review');
    if (row === undefined) throw badInput('missing_option', 'changesets review: --row N is required');
    if (Boolean(options.approve) === Boolean(options.reject)) throw badInput('bad_option', 'changesets review: give exactly one of --approve or --reject');
    return reviewRow(services(), id, row, options.approve ? 'approved' : 'rejected', (options.comment as string | undefined) ?? null);
  },
  human: (r) => `Row ${r.idx}: ${r.review}${r.reviewComment ? ` (“${r.reviewComment}”)` : ''}\n`,
});
