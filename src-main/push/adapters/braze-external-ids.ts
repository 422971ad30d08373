import type { ChangeRow, ChangeSet } from '../../../src-shared/model/change-set';
import type { PlannedOperation, PushOperation } from '../../store/repos/push-journal';
import type { ItemOutcome, OperationSettlement, PushAdapter, Reconciled, RowDecision } from '../adapter';
import type { PushResponse, Transport } from '../transport';

/** SPEC §4 N5: at most 50 renames or removals per request. */
export const BRAZE_BATCH = 50;

/** One step of a rename batch: a rename, or the removal of a deprecated id. */
export type ExternalIdStep =
  | { action: 'rename'; current_external_id: string; new_external_id: string }
  | { action: 'remove'; external_id: string };

/** A swap (SPEC §4) as staged: its two rows and the step plan that performs it. */
export interface StagedSwap {
  rows: [number, number];
  steps: ExternalIdStep[];
}

const RENAME_PATH = '/users/external_ids/rename';
const REMOVE_PATH = '/users/external_ids/remove';

/** The ordered steps of the approved rows, each with the rows it serves. */
export function stepsFor(cs: ChangeSet, rows: readonly ChangeRow[]): { steps: { step: ExternalIdStep; rows: number[] }[]; decided: RowDecision[] } {
  const approved = new Set(rows.map((r) => r.idx));
  const swaps = (cs.plan.swaps as StagedSwap[] | undefined) ?? [];
  const swapOf = new Map<number, StagedSwap>();
  for (const swap of swaps) for (const idx of swap.rows) swapOf.set(idx, swap);

  const steps: { step: ExternalIdStep; rows: number[] }[] = [];
  const decided: RowDecision[] = [];
  const done = new Set<StagedSwap>();
  for (const row of rows) {
    const swap = swapOf.get(row.idx);
    if (swap) {
      if (done.has(swap)) continue;
      done.add(swap);
      const partner = swap.rows.find((i) => i !== row.idx)!;
      if (!approved.has(partner)) {
        decided.push({ idx: row.idx, result: 'skipped', detail: `part of a swap with row ${partner}, which was not approved` });
        continue;
      }
      for (const step of swap.steps) steps.push({ step, rows: [...swap.rows] });
    } else if (cs.kind === 'removal') {
      steps.push({ step: { action: 'remove', external_id: String(row.payload.external_id) }, rows: [row.idx] });
    } else {
      steps.push({
        step: { action: 'rename', current_external_id: String(row.payload.current_external_id), new_external_id: String(row.payload.new_external_id) },
        rows: [row.idx],
      });
    }
  }
  return { steps, decided };
}

function bodyOf(action: ExternalIdStep['action'], steps: ExternalIdStep[]): unknown {
  return action === 'rename'
    ? { external_id_renames: steps.map((s) => ({ current_external_id: (s as { current_external_id: string }).current_external_id, new_external_id: (s as { new_external_id: string }).new_external_id })) }
    : { external_ids: steps.map((s) => (s as { external_id: string }).external_id) };
}

function stepsOfBody(op: Pick<PushOperation, 'body' | 'path'>): ExternalIdStep[] {
  if (op.path === RENAME_PATH) {
    return (op.body as { external_id_renames: { current_external_id: string; new_external_id: string }[] }).external_id_renames.map((r) => ({ action: 'rename', ...r }));
  }
  return (op.body as { external_ids: string[] }).external_ids.map((external_id) => ({ action: 'remove', external_id }));
}

/**
 * Braze-style errors name the request index: `{index, code, message}`, or — as the real
 * service documents them loosely — a plain string that mentions the index (SPEC §6).
 */
export function itemErrors(list: unknown, count: number): Map<number, { code: string; message: string }> {
  const errors = new Map<number, { code: string; message: string }>();
  if (!Array.isArray(list)) return errors;
  for (const e of list) {
    if (e && typeof e === 'object' && typeof (e as { index?: unknown }).index === 'number') {
      const { index, code, message } = e as { index: number; code?: unknown; message?: unknown };
      errors.set(index, { code: typeof code === 'string' ? code : 'error', message: typeof message === 'string' ? message : String(code ?? 'error') });
    } else if (typeof e === 'string') {
      const at = /index\D{0,3}(\d+)/i.exec(e);
      const index = at ? Number(at[1]) : count === 1 ? 0 : -1;
      const code = /\b([a-z]+(?:_[a-z]+)+)\b/.exec(e)?.[1] ?? 'error';
      if (index >= 0) errors.set(index, { code, message: e });
    }
  }
  return errors;
}

interface ExportedUser {
  external_id?: string | null;
  deprecated_external_ids?: string[];
}

/** Which user each id identifies now, read through `/users/export/ids` (≤ 50 a call). */
async function lookup(transport: Transport, ids: string[]): Promise<Map<string, ExportedUser | undefined>> {
  const found = new Map<string, ExportedUser | undefined>();
  for (let i = 0; i < ids.length; i += BRAZE_BATCH) {
    const chunk = ids.slice(i, i + BRAZE_BATCH);
    const response = await transport.send({ method: 'POST', path: '/users/export/ids', body: { external_ids: chunk }, idempotent: true });
    if (response.status >= 300) throw new Error(`reading users back failed with HTTP ${response.status}`);
    const users = ((response.body as { users?: ExportedUser[] }).users ?? []) as ExportedUser[];
    for (const id of chunk) {
      found.set(id, users.find((u) => u.external_id === id || (u.deprecated_external_ids ?? []).includes(id)));
    }
  }
  return found;
}

export const brazeExternalIdsAdapter: PushAdapter = {
  plan(cs, rows, key) {
    const { steps, decided } = stepsFor(cs, rows);
    const ops: PlannedOperation[] = [];
    // Consecutive steps of one kind share a request, in order (N6), up to 50 (N5).
    for (let i = 0; i < steps.length; ) {
      const action = steps[i]!.step.action;
      const group: typeof steps = [];
      while (i < steps.length && steps[i]!.step.action === action && group.length < BRAZE_BATCH) group.push(steps[i++]!);
      ops.push({
        idempotencyKey: key(ops.length),
        method: 'POST',
        path: action === 'rename' ? RENAME_PATH : REMOVE_PATH,
        body: bodyOf(action, group.map((g) => g.step)),
        itemRows: group.map((g) => g.rows),
      });
    }
    return { ops, decided };
  },

  settle(op, response: PushResponse): OperationSettlement {
    const count = op.itemRows.length;
    const body = (response.body ?? {}) as { message?: unknown; rename_errors?: unknown; removal_errors?: unknown };
    if (response.status >= 400) {
      const message = typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
      return { state: 'failed', items: op.itemRows.map((): ItemOutcome => ({ ok: false, code: 'request_rejected', message })) };
    }
    const errors = itemErrors(op.path === RENAME_PATH ? body.rename_errors : body.removal_errors, count);
    return {
      state: 'confirmed',
      items: op.itemRows.map((_, i): ItemOutcome => {
        const e = errors.get(i);
        return e ? { ok: false, ...e } : { ok: true };
      }),
    };
  },

  async reconcile(op, transport): Promise<Reconciled> {
    const steps = stepsOfBody(op);
    const ids = steps.map((s) => (s.action === 'rename' ? s.current_external_id : s.external_id));
    const now = await lookup(transport, [...new Set(ids)]);
    return steps.map((s) => {
      if (s.action === 'remove') return now.get(s.external_id) ? 'not_applied' : 'applied';
      // A rename moved the user's primary away from `current`, which still identifies them.
      const user = now.get(s.current_external_id);
      return user && user.external_id !== s.current_external_id ? 'applied' : 'not_applied';
    });
  },

  restrict(op, keep) {
    const steps = stepsOfBody(op);
    const kept = steps.flatMap((s, i) => (keep(i) ? [{ s, rows: op.itemRows[i]! }] : []));
    if (kept.length === 0) return undefined;
    return { body: bodyOf(kept[0]!.s.action, kept.map((k) => k.s)), itemRows: kept.map((k) => k.rows) };
  },
};
