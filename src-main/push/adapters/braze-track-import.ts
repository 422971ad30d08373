import type { PlannedOperation } from '../../store/repos/push-journal';
import type { ItemOutcome, PushAdapter, Reconciled, RowDecision } from '../adapter';
import { BRAZE_BATCH } from './braze-external-ids';
import { decidedWithoutRequest, importFields, splitName } from './import-row';

/** Braze's /users/track takes at most 75 attributes objects a request (the sandbox refuses more). */
export const TRACK_BATCH = 75;
const PATH = '/users/track';

interface Attributes {
  external_id: string;
  email?: string;
  first_name?: string;
  last_name?: string;
}

/**
 * Imports into a Braze-style workspace through `/users/track`, 75 attributes objects a
 * request, per-row results from the answer's indexed errors. A profile is reached by
 * external id: a new id makes a new profile. Giving an external id to a profile known
 * only by its email (a backfill) is `/users/identify` in Braze, which Rekey does not send:
 * such rows fail in the plan with that reason rather than make a second profile.
 */
export const brazeTrackImportAdapter: PushAdapter = {
  plan(_cs, rows, key) {
    const decided: RowDecision[] = [];
    const items: { attributes: Attributes; idx: number }[] = [];
    for (const row of rows) {
      const without = decidedWithoutRequest(row);
      if (without) {
        decided.push(without);
        continue;
      }
      const p = importFields(row);
      if (row.plan.action === 'backfill') {
        decided.push({ idx: row.idx, result: 'failed', detail: `needs_identify: profile ${String(row.plan.userId)} has this email but no external id; Braze gives it one through /users/identify, a step by hand` });
        continue;
      }
      if (!p.externalId) {
        decided.push({ idx: row.idx, result: 'failed', detail: 'no_external_id: /users/track reaches profiles by external id' });
        continue;
      }
      const { given, family } = splitName(p.name);
      items.push({ idx: row.idx, attributes: { external_id: p.externalId, ...(p.email ? { email: p.email } : {}), ...(given ? { first_name: given } : {}), ...(family ? { last_name: family } : {}) } });
    }
    const ops: PlannedOperation[] = [];
    for (let i = 0; i < items.length; i += TRACK_BATCH) {
      const chunk = items.slice(i, i + TRACK_BATCH);
      ops.push({ idempotencyKey: key(ops.length), method: 'POST', path: PATH, body: { attributes: chunk.map((c) => c.attributes) }, itemRows: chunk.map((c) => [c.idx]) });
    }
    return { ops, decided };
  },

  settle(op, response) {
    const body = (response.body ?? {}) as { message?: unknown; errors?: { index?: unknown; type?: unknown; message?: unknown }[] };
    if (response.status >= 300) {
      const message = typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
      return { state: 'failed', items: op.itemRows.map((): ItemOutcome => ({ ok: false, code: 'request_rejected', message })) };
    }
    // Braze answers 201 with the objects it refused, by index.
    const errors = new Map<number, string>();
    for (const e of Array.isArray(body.errors) ? body.errors : []) if (typeof e?.index === 'number') errors.set(e.index, String(e.type ?? e.message ?? 'error'));
    return {
      state: 'confirmed',
      items: op.itemRows.map((_, i): ItemOutcome => {
        const error = errors.get(i);
        return error === undefined ? { ok: true } : { ok: false, code: /^[a-z_]+$/.test(error) ? error : 'rejected', message: error };
      }),
    };
  },

  async reconcile(op, transport): Promise<Reconciled> {
    // A tracked object leaves a profile with its external id (and the email it was sent with).
    const sent = (op.body as { attributes: Attributes[] }).attributes;
    const found = new Map<string, { email: string | null }>();
    for (let i = 0; i < sent.length; i += BRAZE_BATCH) {
      const ids = sent.slice(i, i + BRAZE_BATCH).map((a) => a.external_id);
      const r = await transport.send({ method: 'POST', path: '/users/export/ids', body: { external_ids: ids }, idempotent: true });
      if (r.status >= 300) throw new Error(`reading profiles back failed with HTTP ${r.status}`);
      for (const u of (r.body as { users?: { external_id?: string | null; email?: string | null }[] }).users ?? []) if (u.external_id) found.set(u.external_id, { email: u.email ?? null });
    }
    return sent.map((a) => {
      const profile = found.get(a.external_id);
      return profile && (!a.email || profile.email?.toLowerCase() === a.email.toLowerCase()) ? 'applied' : 'not_applied';
    });
  },

  restrict(op, keep) {
    const sent = (op.body as { attributes: Attributes[] }).attributes;
    const kept = sent.flatMap((a, i) => (keep(i) ? [{ a, rows: op.itemRows[i]! }] : []));
    return kept.length ? { body: { attributes: kept.map((k) => k.a) }, itemRows: kept.map((k) => k.rows) } : undefined;
  },
};
