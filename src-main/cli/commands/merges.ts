import { badInput } from '../../../src-shared/errors';
import type { CandidateKind, DuplicateCandidate } from '../../../src-shared/merges/find-duplicates';
import type { MergeCandidatePage, MergePlanView } from '../../../src-shared/model/merge';
import { CANDIDATE_KIND_LABELS } from '../../../src-shared/plain-words';
import { writeFileAtomic } from '../../services/files';
import { planCandidate, stageCandidate, stageMergeUndo } from '../../services/merge-plans';
import { dismissCandidate, mergeCandidatePage } from '../../services/merges';
import { changeSetSummary } from './changesets';
import { idArgument, intOption } from '../args';
import { defineCommand } from '../command';

type FoundPage = MergeCandidatePage & { offset: number };

/**
 * The candidates, or a page of them (--offset/--limit), with how many there are of each
 * kind. --json prints the list as before the flags; with them, {total, counts, offset,
 * candidates}.
 */
export const mergesFindCommand = defineCommand<FoundPage | DuplicateCandidate[]>({
  async run({ options, json, services }) {
    const min = options['min-confidence'] === undefined ? undefined : Number(options['min-confidence']);
    if (min !== undefined && !(min >= 0 && min <= 1)) throw badInput('bad_option', 'merges find: --min-confidence is a number from 0 to 1');
    const offset = intOption(options.offset, '--offset', 'merges find') ?? 0;
    const limit = intOption(options.limit, '--limit', 'merges find', 1) ?? Number.MAX_SAFE_INTEGER;
    const page = mergeCandidatePage(services(), { offset, limit, ...(min === undefined ? {} : { minConfidence: min }) });
    const paged = options.offset !== undefined || options.limit !== undefined;
    return json && !paged ? page.candidates : { ...page, offset };
  },
  human: (found) => {
    const { total, counts, candidates, offset } = found as FoundPage;
    if (total === 0) return 'No duplicate candidates. Pull your connections first, or lower --min-confidence.\n';
    const kinds = Object.entries(counts).map(([kind, n]) => `${n} ${CANDIDATE_KIND_LABELS[kind as CandidateKind].toLowerCase()}`).join(', ');
    const shown = candidates.length === total ? '' : candidates.length ? `; ${offset + 1}–${offset + candidates.length} shown` : '; none shown here';
    return (
      `${total} candidates (${kinds})${shown}\n` +
      candidates.map((c) => `${c.confidence.toFixed(2)}  ${CANDIDATE_KIND_LABELS[c.kind]}  ${c.key}\n      ${c.evidence.join('\n      ')}\n`).join('')
    );
  },
});

export const mergesDismissCommand = defineCommand<{ dismissed: string }>({
  async run({ args, options, services }) {
    if (args.length !== 1) throw badInput('missing_argument', 'merges dismiss: give the candidate KEY (from rekey merges find)');
    return dismissCandidate(services(), args[0]!, (options.reason as string | undefined) ?? null);
  },
  human: (r) => `Dismissed ${r.dismissed}\n`,
});

/** KEY plus --survivor CONN/ID and chosen values, as the side-by-side view would send them. */
function choiceInput(args: readonly string[], options: Record<string, unknown>, command: string) {
  if (args.length !== 1) throw badInput('missing_argument', `${command}: give the candidate KEY (from rekey merges find)`);
  const survivor = options.survivor === undefined ? undefined : String(options.survivor);
  const slash = survivor?.indexOf('/') ?? -1;
  if (survivor !== undefined && slash <= 0) throw badInput('bad_option', `${command}: --survivor is CONNECTION/REMOTE_ID, not "${survivor}"`);
  const values: { email?: string; externalId?: string; name?: string } = {};
  if (options.email !== undefined) values.email = String(options.email);
  if (options['external-id'] !== undefined) values.externalId = String(options['external-id']);
  if (options.name !== undefined) values.name = String(options.name);
  return { key: args[0]!, values, ...(survivor ? { survivor: { connection: survivor.slice(0, slash), remoteId: survivor.slice(slash + 1) } } : {}) };
}

export const mergesPlanCommand = defineCommand<MergePlanView>({
  async run({ args, options, services }) {
    const view = planCandidate(services(), choiceInput(args, options, 'merges plan'));
    if (options.checklist !== undefined) writeFileAtomic(String(options.checklist), view.checklist);
    return view;
  },
  human: (view) => `${view.checklist}\n`,
});

export const mergesStageCommand = defineCommand<ReturnType<typeof changeSetSummary>[]>({
  async run({ args, options, services }) {
    return stageCandidate(services(), choiceInput(args, options, 'merges stage')).map(changeSetSummary);
  },
  human: (list) => list.map((s) => `Staged change set #${s.id} (${s.kind}, ${s.connection}) as a draft: ${s.title}`).join('\n') + '\n',
});

export const mergesUndoCommand = defineCommand<ReturnType<typeof changeSetSummary>>({
  async run({ args, services }) {
    return changeSetSummary(stageMergeUndo(services(), idArgument(args, 'merges undo')));
  },
  human: (s) => `Staged change set #${s.id} (${s.rows} rows) as a draft: ${s.title}\n`,
});
