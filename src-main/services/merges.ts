import { badInput } from '../../src-shared/errors';
import { recheckCandidate } from '../../src-shared/merges/candidate-recheck';
import { DEFAULT_CONFIDENCE, findDuplicates, type CandidateKind, type DuplicateCandidate } from '../../src-shared/merges/find-duplicates';
import type { MergeCandidatePage } from '../../src-shared/model/merge';
import type { ServiceContext } from './context';

/** Duplicate candidates among the pulled records, dismissed ones left out (issue 9). */
export function findMergeCandidates(ctx: ServiceContext, options: { minConfidence?: number; includeDismissed?: boolean } = {}): DuplicateCandidate[] {
  const dismissed = options.includeDismissed ? new Set<string>() : ctx.workspace.mergeDismissals.keys();
  const min = options.minConfidence ?? DEFAULT_CONFIDENCE;
  return findDuplicates(ctx.workspace.records.mergeSource()).filter((c) => c.confidence >= min && !dismissed.has(c.key));
}

/**
 * One candidate as the finder would find it now, by its key, re-checked over only the
 * records it involves (issue 22): the app's compare, plan and stage, and the CLI's
 * `merges plan|stage|dismiss KEY`, cost the candidate, not a find over the workspace.
 */
export function findMergeCandidate(ctx: ServiceContext, key: string): DuplicateCandidate | undefined {
  return recheckCandidate(key, (focus) => ctx.workspace.records.mergeSource(focus));
}

export function requireCandidate(ctx: ServiceContext, key: string): DuplicateCandidate {
  const candidate = findMergeCandidate(ctx, key);
  if (!candidate) throw badInput('unknown_candidate', `no duplicate candidate ${key} (see rekey merges find)`);
  return candidate;
}

/** "Not a duplicate": the pair stays dismissed on every later pull. */
export function dismissCandidate(ctx: ServiceContext, key: string, reason: string | null): { dismissed: string } {
  requireCandidate(ctx, key);
  ctx.workspace.write({ action: 'merge.dismissed', subject: key, detail: reason ? { reason } : {} }, () =>
    ctx.workspace.mergeDismissals.dismiss(key, ctx.workspace.actor, reason, new Date().toISOString()),
  );
  return { dismissed: key };
}

/**
 * The app's last find, kept in main for the session: the Merges page asks for the page it
 * shows as its list scrolls, and a find over a million records runs once, not per page.
 * Kept by the workspace's change version, so a pull, a merge or a dismissal (here or in
 * another process) finds again on the next page asked for.
 */
interface FoundCandidates {
  version: string;
  minConfidence: number | undefined;
  candidates: DuplicateCandidate[];
  counts: Partial<Record<CandidateKind, number>>;
}
const found = new WeakMap<ServiceContext, FoundCandidates>();

export function mergeCandidatePage(ctx: ServiceContext, q: { offset: number; limit: number; minConfidence?: number }): MergeCandidatePage {
  let kept = found.get(ctx);
  const version = ctx.workspace.changeVersion();
  if (!kept || kept.version !== version || kept.minConfidence !== q.minConfidence) {
    const candidates = findMergeCandidates(ctx, q.minConfidence === undefined ? {} : { minConfidence: q.minConfidence });
    const counts: Partial<Record<CandidateKind, number>> = {};
    for (const c of candidates) counts[c.kind] = (counts[c.kind] ?? 0) + 1;
    // Read after the find: its own reads do not move the version.
    kept = { version: ctx.workspace.changeVersion(), minConfidence: q.minConfidence, candidates, counts };
    found.set(ctx, kept);
  }
  return { total: kept.candidates.length, counts: kept.counts, candidates: kept.candidates.slice(q.offset, q.offset + q.limit) };
}
