import type { RowResult } from '../../src-shared/changesets/lifecycle';
import type { ChangeRow, ChangeSet } from '../../src-shared/model/change-set';
import type { PlannedOperation, PushOperation } from '../store/repos/push-journal';
import type { PushResponse, Transport } from './transport';

/** What happened to one item of a request. */
export type ItemOutcome = { ok: true } | { ok: false; code: string; message: string };

/** A row decided without any request (its swap partner was rejected, nothing to do…). */
export interface RowDecision {
  idx: number;
  result: RowResult;
  detail: string | null;
}

export interface OperationSettlement {
  state: 'confirmed' | 'failed' | 'accepted';
  /** One per body item, in order (absent while an asynchronous job is pending). */
  items?: ItemOutcome[];
  /** Asynchronous endpoints: the job to poll. */
  jobId?: string;
}

/** After a crash: per body item, whether the remote had applied it. */
export type Reconciled = ('applied' | 'not_applied')[];

/**
 * What a push needs to know about one API (ARCHITECTURE "Connectors are small"): how
 * to turn approved rows into requests within the API's limits, how to read an answer
 * per item, and how to tell from the remote state whether a request was applied.
 */
export interface PushAdapter {
  /** The requests for the approved rows, in send order, and rows settled without one. */
  plan(cs: ChangeSet, rows: readonly ChangeRow[], key: (seq: number) => string): { ops: PlannedOperation[]; decided: RowDecision[] };
  /** Reads an answer. */
  settle(op: PushOperation, response: PushResponse): OperationSettlement;
  /** Reads the remote state to learn which items of a sent-but-unconfirmed request were applied. */
  reconcile(op: PushOperation, transport: Transport): Promise<Reconciled>;
  /**
   * For APIs whose requests do not depend on one another (one user each): several
   * uncertain requests reconciled together, reading the remote state once for all of them
   * (one per op, in order). With it, the engine sends everything planned first and
   * reconciles what was left uncertain at the end.
   */
  reconcileMany?(ops: readonly PushOperation[], transport: Transport): Promise<Reconciled[]>;
  /** The same request restricted to some items (by index), or undefined when none is left. */
  restrict(op: Pick<PushOperation, 'body' | 'itemRows' | 'method' | 'path'>, keep: (item: number) => boolean): { body: unknown; itemRows: number[][] } | undefined;
  /** Asynchronous endpoints: whether the job is done, and its per-item outcomes. */
  poll?(op: PushOperation, transport: Transport): Promise<{ done: boolean; items?: ItemOutcome[] }>;
}
