import { nextState } from '../../src-shared/changesets/lifecycle';
import type { PushProgressValue, PushResultValue } from '../../src-shared/model/push';
import { failed, isRekeyError } from '../../src-shared/errors';
import type { PushOperation } from '../store/repos/push-journal';
import { requireChangeSet } from '../services/change-sets';
import type { ServiceContext } from '../services/context';
import type { ItemOutcome, PushAdapter } from './adapter';
import { afterPush } from './after-push';
import { OUTCOME_UNKNOWN, type Transport } from './transport';

export type PushProgress = PushProgressValue;

export interface PushOptions {
  transport: Transport;
  adapter: PushAdapter;
  signal?: AbortSignal;
  onProgress?: (progress: PushProgress) => void;
  /** Asynchronous jobs: how long to wait between polls, and how many polls at most per job. */
  pollIntervalMs?: number;
  maxPolls?: number;
}

/** SPEC §9 `rekey push` output, less the HTTP layer's retry count (added by the service). */
export type PushReport = Omit<PushResultValue, 'retries'>;

const iso = () => new Date().toISOString();

/** The requests a push would send now, exactly, without sending or storing anything. */
export function dryRun(ctx: ServiceContext, id: number, adapter: PushAdapter): { method: string; path: string; body: unknown }[] {
  const cs = requireChangeSet(ctx, id);
  if (cs.state !== 'approved' && cs.state !== 'pushing') {
    throw failed('invalid_transition', `change set ${id} is ${cs.state}; only an approved change set can be pushed`);
  }
  const journal = ctx.workspace.journal.forChangeSet(id);
  const ops = journal.length
    ? journal.filter((op) => op.state === 'planned')
    : adapter.plan(cs, ctx.workspace.changeSets.rows(id).filter((r) => r.review === 'approved'), (seq) => `cs${id}-op${seq}`).ops;
  return ops.map(({ method, path, body }) => ({ method, path, body }));
}

/**
 * The push engine (SPEC §7.5), one for every kind of change set and API:
 * 1. on first start the whole plan is journaled with the move to `pushing`, in one transaction;
 * 2. each operation is marked sent and committed before it leaves, and settled after;
 * 3. an operation found `sent` on (re)start is reconciled by reading the remote state,
 *    and only what the remote had not applied is sent again;
 * 4. a row that failed takes its later steps with it (a swap stops at its first error).
 */
export async function runPush(ctx: ServiceContext, id: number, options: PushOptions): Promise<PushReport> {
  const { workspace } = ctx;
  const cs = requireChangeSet(ctx, id);
  const key = (seq: number) => `cs${id}-op${seq}`;

  if (cs.state === 'approved') {
    const approved = workspace.changeSets.rows(id).filter((r) => r.review === 'approved');
    const { ops, decided } = options.adapter.plan(cs, approved, key);
    workspace.write({ action: 'changeset.push_started', subject: String(id), detail: { operations: ops.length, rows: approved.length } }, () => {
      workspace.journal.plan(id, ops, iso());
      for (const d of decided) workspace.changeSets.setRowResult(id, d.idx, d.result, d.detail);
      workspace.changeSets.setState(id, 'pushing', iso());
    });
  } else if (cs.state === 'pushing') {
    workspace.write({ action: 'changeset.push_resumed', subject: String(id), detail: {} }, () => undefined);
  } else {
    throw failed('invalid_transition', `change set ${id} is ${cs.state}; only an approved change set can be pushed`);
  }
  ctx.events.emit('workspace.changed', { topic: 'changesets' });

  const counters = { sent: 0, reconciled: 0 };
  const failedRows = new Set(workspace.changeSets.rows(id).filter((r) => r.result === 'failed').map((r) => r.idx));

  /** Row results from item outcomes; undefined = not decided by this operation. */
  const record = (op: PushOperation, items: (ItemOutcome | undefined)[]) => {
    items.forEach((outcome, i) => {
      if (!outcome) return;
      for (const idx of op.itemRows[i] ?? []) {
        if (outcome.ok) {
          if (!failedRows.has(idx)) workspace.changeSets.setRowResult(id, idx, 'applied', null);
        } else {
          failedRows.add(idx);
          workspace.changeSets.setRowResult(id, idx, 'failed', `${outcome.code}: ${outcome.message}`);
        }
      }
    });
  };

  for (let guard = 0; guard < 1_000_000; guard++) {
    options.signal?.throwIfAborted();
    // One indexed read per turn, not the whole journal: a push of thousands of single-user
    // requests (Productboard, SCIM) otherwise reads and parses it thousands of times.
    const op = workspace.journal.next(id);
    report(ctx, id, options);
    if (!op) break;

    if (op.state === 'sent') {
      // Sent before a crash, a closed laptop or a dropped connection: ask the remote,
      // then send again only the items it had not applied, before anything planned later.
      const seen = await options.adapter.reconcile(op, options.transport);
      const missing = seen.flatMap((s, i) => (s === 'not_applied' ? [i] : []));
      const resend = missing.length ? options.adapter.restrict(op, (i) => missing.includes(i)) : undefined;
      workspace.transaction(() => {
        record(op, seen.map((s) => (s === 'applied' ? { ok: true } : undefined)));
        workspace.journal.settle(op.id, 'confirmed', null, { reconciled: seen }, null, iso());
        if (resend) {
          workspace.journal.insertAfter(id, op.seq, { idempotencyKey: `${op.idempotencyKey}-r${op.attempts}`, method: op.method, path: op.path, ...resend }, iso());
        }
      });
      counters.reconciled++;
      continue;
    }

    if (op.state === 'accepted') {
      await waitForJob(ctx, op, options, record);
      continue;
    }

    // planned: drop the items of rows that already failed (their later steps must not run).
    const keep = (i: number) => !(op.itemRows[i] ?? []).some((idx) => failedRows.has(idx));
    if (op.itemRows.some((_, i) => !keep(i))) {
      const rest = options.adapter.restrict(op, keep);
      if (!rest) {
        workspace.journal.skip(op.id, 'every row of this request failed earlier', iso());
        continue;
      }
      workspace.journal.rewritePlanned(op.id, rest.body, rest.itemRows);
      continue;
    }

    workspace.journal.markSent(op.id, iso());
    counters.sent++;
    let response;
    try {
      response = await options.transport.send({ method: op.method as 'POST', path: op.path, body: op.body, idempotent: false }, options.signal);
    } catch (e) {
      if (isRekeyError(e) && e.code === OUTCOME_UNKNOWN) continue; // reconciled on the next turn
      if (isRekeyError(e) && e.code === 'not_sent') workspace.journal.replan(op.id);
      throw e;
    }
    if (response.status === 401 || response.status === 403) {
      workspace.journal.replan(op.id);
      throw failed('auth_failed', `the remote refused the token (${response.status}); fix the connection's token and push again to resume`);
    }
    const settlement = options.adapter.settle(op, response);
    workspace.transaction(() => {
      workspace.journal.settle(op.id, settlement.state, response.status, response.body, settlement.jobId ?? null, iso());
      if (settlement.items) record(op, settlement.items);
    });
  }

  return finish(ctx, id, counters);
}

async function waitForJob(
  ctx: ServiceContext,
  op: PushOperation,
  options: PushOptions,
  record: (op: PushOperation, items: (ItemOutcome | undefined)[]) => void,
): Promise<void> {
  if (!options.adapter.poll) throw new Error(`operation ${op.id} is asynchronous but its adapter cannot poll`);
  const interval = options.pollIntervalMs ?? 1000;
  for (let i = 0; i < (options.maxPolls ?? 600); i++) {
    const state = await options.adapter.poll(op, options.transport);
    if (state.done) {
      ctx.workspace.transaction(() => {
        ctx.workspace.journal.settle(op.id, 'confirmed', op.responseStatus, op.responseBody, op.jobId, iso());
        record(op, state.items ?? op.itemRows.map(() => ({ ok: true })));
      });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
    options.signal?.throwIfAborted();
  }
  throw failed('job_pending', `the remote has not finished job ${op.jobId} yet; push again later to keep tracking it`);
}

function report(ctx: ServiceContext, id: number, options: PushOptions): void {
  if (!options.onProgress) return;
  const rows = ctx.workspace.changeSets.get(id)!.rowCounts;
  const { operations, settled } = ctx.workspace.journal.progress(id);
  options.onProgress({
    changeSetId: id,
    operations,
    settled,
    applied: rows.applied,
    failed: rows.failed,
  });
}

function finish(ctx: ServiceContext, id: number, counters: { sent: number; reconciled: number }): PushReport {
  const { workspace } = ctx;
  const rows = workspace.changeSets.rows(id);
  const approved = rows.filter((r) => r.review === 'approved');
  const applied = approved.filter((r) => r.result === 'applied').length;
  const failedCount = approved.filter((r) => r.result === 'failed').length;
  const skipped = approved.filter((r) => r.result === 'skipped' || r.result === null).length;
  const to = nextState('pushing', 'finish_push', { applied, failed: failedCount + skipped })!;
  const cs = requireChangeSet(ctx, id);
  workspace.write({ action: 'changeset.push_finished', subject: String(id), detail: { state: to, applied, failed: failedCount, skipped } }, () => {
    workspace.changeSets.setState(id, to, iso());
    afterPush(workspace, cs, rows, iso());
  });
  ctx.events.emit('workspace.changed', { topic: 'changesets' });
  return {
    id,
    state: to,
    sent: counters.sent,
    applied,
    failed: failedCount,
    skipped,
    requests: workspace.journal.forChangeSet(id).filter((o) => o.state !== 'skipped' && o.state !== 'planned').length,
    reconciled: counters.reconciled,
  };
}
