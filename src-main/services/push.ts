import { failed } from '../../src-shared/errors';
import type { ChangeSet } from '../../src-shared/model/change-set';
import type { MergeChoice } from '../../src-shared/model/merge';
import type { ResolveMode } from '../../src-shared/resolver';
import { adapterFor } from '../push/adapters';
import { apiTransport } from '../push/api-transport';
import { dryRun, runPush, type PushProgress, type PushReport } from '../push/engine';
import { pushFinished, storedPushReport } from '../push/stored-report';
import { requireChangeSet } from './change-sets';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import type { IncomingRow } from './import-columns';
import { clientFor } from './pull';
import { stageMerges } from './merge-plans';
import { stageImport } from './stage-import';
import { stageRemovalBatch, stageRenameBatch } from './stage-rename';

export type { PushReport };

/** SPEC §9 `rekey push` output, with `retries` from the HTTP layer. */
export type PushResult = PushReport & { retries: number };

export interface PushServiceOptions {
  signal?: AbortSignal;
  onProgress?: (progress: PushProgress) => void;
  /** Tests and benchmarks: another pace than the kind's real limit. */
  ratePerSecond?: number;
}

/**
 * Pushes an approved change set (or resumes one that was pushing), per SPEC §7.5. A
 * change set whose push has finished answers with the report of that push, sending
 * nothing: a script that reruns a push after a crash does not fail.
 */
export async function pushChangeSet(ctx: ServiceContext, id: number, options: PushServiceOptions = {}): Promise<PushResult> {
  const cs = requireChangeSet(ctx, id);
  if (pushFinished(cs.state)) return storedPushReport(ctx.workspace, id, cs.state);
  const connection = requireConnection(ctx, cs.connection);
  const client = clientFor(ctx, connection, options.ratePerSecond);
  const report = await runPush(ctx, id, {
    transport: apiTransport(client),
    adapter: adapterFor(connection.kind, cs.kind, cs.plan.via),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    pollIntervalMs: 500,
    retries: () => client.stats.retries,
  });
  return { ...report, retries: client.stats.retries };
}

/** `--dry-run`: exactly the requests a push would send now. Nothing is stored or sent. */
export function pushDryRun(ctx: ServiceContext, id: number): { id: number; requests: { method: string; path: string; body: unknown }[] } {
  const cs = requireChangeSet(ctx, id);
  const connection = requireConnection(ctx, cs.connection);
  return { id, requests: dryRun(ctx, id, adapterFor(connection.kind, cs.kind, cs.plan.via)) };
}

/** "Retry failed rows" (issue 8): a new draft of the same kind with only the rows that failed, planned afresh. */
export function retryFailedRows(ctx: ServiceContext, id: number): ChangeSet {
  const cs = requireChangeSet(ctx, id);
  if (cs.state !== 'partially_applied' && cs.state !== 'failed') {
    throw failed('invalid_transition', `change set ${id} is ${cs.state}; only a partially applied or failed push has rows to retry`);
  }
  const rows = ctx.workspace.changeSets.rows(id).filter((r) => r.review === 'approved' && r.result !== 'applied');
  if (rows.length === 0) throw failed('nothing_to_retry', `change set ${id} has no failed rows`);
  const source = `retry of change set #${id}`;
  let next: ChangeSet;
  if (cs.kind === 'rename') {
    next = stageRenameBatch(ctx, {
      connection: cs.connection,
      renames: rows.map((r) => ({ current_external_id: String(r.payload.current_external_id), new_external_id: String(r.payload.new_external_id) })),
      source,
      windowDays: cs.windowDays ?? undefined,
    });
  } else if (cs.kind === 'removal') {
    next = stageRemovalBatch(ctx, { connection: cs.connection, ids: rows.map((r) => String(r.payload.external_id)), source });
  } else if (cs.kind === 'import') {
    const via = cs.plan.via === 'bulk_identify' ? { via: 'bulk_identify' as const } : {};
    next = stageImport(ctx, { connection: cs.connection, rows: rows.map((r) => r.payload as unknown as IncomingRow), mode: (cs.mode ?? 'strict') as ResolveMode, source, ...via });
  } else {
    // Merges are planned afresh against the pulled records: pull first, so that steps
    // that did apply (a deleted loser, a re-attached external user) are not planned again.
    next = stageMerges(ctx, { connection: cs.connection, choices: rows.map((r) => r.payload as unknown as MergeChoice), source });
  }
  ctx.workspace.write({ action: 'changeset.retry_staged', subject: String(next.id), detail: { of: id, rows: rows.length } }, () => ctx.workspace.changeSets.setParent(next.id, id));
  return requireChangeSet(ctx, next.id);
}
