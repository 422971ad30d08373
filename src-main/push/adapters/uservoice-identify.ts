import type { PlannedOperation } from '../../store/repos/push-journal';
import type { ItemOutcome, PushAdapter, RowDecision } from '../adapter';
import { UV_IMPORT_BATCH, uservoiceImportAdapter } from './uservoice-import';

const PATH = '/api/v2/admin/bulk_identify';

type Identify = { email: string | null; name?: string; external_id?: string };

/**
 * UserVoice imports through `bulk_identify` (SPEC §5): ≤ 1,000 users a call, accepted
 * at once and applied later. The engine journals the job id and polls it until done —
 * after a crash too — and reconciles an unanswered call by reading the users back.
 */
export const uservoiceIdentifyAdapter: PushAdapter = {
  plan(_cs, rows, key) {
    const decided: RowDecision[] = [];
    const items: { user: Identify; idx: number }[] = [];
    for (const row of rows) {
      const p = row.payload as { email: string | null; externalId: string | null; name: string | null };
      if (row.plan.action === 'fail' || !p.email) {
        decided.push({ idx: row.idx, result: 'failed', detail: `${String(row.plan.error ?? 'missing_identity')}: bulk_identify needs an email` });
        continue;
      }
      items.push({ idx: row.idx, user: { email: p.email, ...(p.name ? { name: p.name } : {}), ...(p.externalId ? { external_id: p.externalId } : {}) } });
    }
    const ops: PlannedOperation[] = [];
    for (let i = 0; i < items.length; i += UV_IMPORT_BATCH) {
      const chunk = items.slice(i, i + UV_IMPORT_BATCH);
      ops.push({ idempotencyKey: key(ops.length), method: 'POST', path: PATH, body: { users: chunk.map((c) => c.user) }, itemRows: chunk.map((c) => [c.idx]) });
    }
    return { ops, decided };
  },

  settle(op, response) {
    const job = (response.body as { job?: { id?: string } } | undefined)?.job;
    if (response.status === 202 && job?.id) return { state: 'accepted', jobId: job.id };
    const message = JSON.stringify(response.body ?? '').slice(0, 200);
    return { state: 'failed', items: op.itemRows.map((): ItemOutcome => ({ ok: false, code: `http_${response.status}`, message })) };
  },

  async poll(op, transport) {
    const r = await transport.send({ method: 'GET', path: `${PATH}/${encodeURIComponent(op.jobId!)}`, idempotent: true });
    const job = (r.body as { job?: { status?: string; results?: { index: number; status: string; code?: string; message?: string }[] } }).job;
    if (job?.status !== 'completed') return { done: false };
    const byIndex = new Map((job.results ?? []).map((x) => [x.index, x]));
    return {
      done: true,
      items: op.itemRows.map((_, i): ItemOutcome => {
        const x = byIndex.get(i);
        return x?.status === 'ok' ? { ok: true } : { ok: false, code: x?.code ?? 'no_result', message: x?.message ?? 'the job gave no result for this row' };
      }),
    };
  },

  async reconcile(op, transport) {
    // The users an identify call names show up as external users once it has run.
    const users = (op.body as { users: Identify[] }).users;
    const asImport = { ...op, body: { external_users: users.map((u) => ({ id: u.external_id ?? u.email!, email: u.email })) } };
    return uservoiceImportAdapter.reconcile(asImport, transport);
  },

  restrict(op, keep) {
    const users = (op.body as { users: Identify[] }).users;
    const kept = users.flatMap((u, i) => (keep(i) ? [{ u, rows: op.itemRows[i]! }] : []));
    return kept.length ? { body: { users: kept.map((k) => k.u) }, itemRows: kept.map((k) => k.rows) } : undefined;
  },
};
