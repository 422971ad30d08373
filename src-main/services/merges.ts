import { badInput } from '../../src-shared/errors';
import { recheckCandidate } from '../../src-shared/merges/candidate-recheck';
import { DEFAULT_CONFIDENCE, findDuplicates, type DuplicateCandidate } from '../../src-shared/merges/find-duplicates';
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
