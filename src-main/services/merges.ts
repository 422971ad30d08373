import { badInput } from '../../src-shared/errors';
import { DEFAULT_CONFIDENCE, findDuplicates, type DuplicateCandidate, type MergeRecord } from '../../src-shared/merges/find-duplicates';
import type { ServiceContext } from './context';

/** The pulled records as the duplicate finder and the merge planner read them. */
export function pulledMergeRecords(ctx: ServiceContext, connection?: string): MergeRecord[] {
  return ctx.workspace.records.forMerges(connection).map((r) => ({
    connection: r.connection,
    kind: r.kind,
    remoteId: r.remoteId,
    email: r.email,
    externalId: r.externalId,
    deprecatedExternalIds: r.deprecated === '[]' ? [] : (JSON.parse(r.deprecated) as string[]),
    name: r.name,
    company: r.company,
    ...(r.kind === 'uservoice' ? { externalUsers: ((JSON.parse(r.raw) as { external_users?: { id: string; email: string | null }[] }).external_users ?? []).map((e) => ({ id: e.id, email: e.email })) } : {}),
  }));
}

/** Duplicate candidates among the pulled records, dismissed ones left out (issue 9). */
export function findMergeCandidates(ctx: ServiceContext, options: { minConfidence?: number; includeDismissed?: boolean } = {}): DuplicateCandidate[] {
  const dismissed = options.includeDismissed ? new Set<string>() : ctx.workspace.mergeDismissals.keys();
  const min = options.minConfidence ?? DEFAULT_CONFIDENCE;
  return findDuplicates(ctx.workspace.records.mergeSource()).filter((c) => c.confidence >= min && !dismissed.has(c.key));
}

/** "Not a duplicate": the pair stays dismissed on every later pull. */
export function dismissCandidate(ctx: ServiceContext, key: string, reason: string | null): { dismissed: string } {
  if (!findMergeCandidates(ctx, { minConfidence: 0, includeDismissed: true }).some((c) => c.key === key)) {
    throw badInput('unknown_candidate', `no duplicate candidate ${key} (see rekey merges find)`);
  }
  ctx.workspace.write({ action: 'merge.dismissed', subject: key, detail: reason ? { reason } : {} }, () =>
    ctx.workspace.mergeDismissals.dismiss(key, ctx.workspace.actor, reason, new Date().toISOString()),
  );
  return { dismissed: key };
}
