import type { PlannedOperation } from '../../store/repos/push-journal';
import type { ItemOutcome, PushAdapter, Reconciled, RowDecision } from '../adapter';

/** SPEC §5: external_users/import takes at most 1,000 rows a call. */
export const UV_IMPORT_BATCH = 1000;
export const UV_IMPORT_PATH = '/api/v2/admin/external_users/import';
const PATH = UV_IMPORT_PATH;

type ExternalUser = { id: string; email: string | null; name?: string | null };

/** Imports external users into UserVoice, 1,000 a call, synchronous, per-row results. */
export const uservoiceImportAdapter: PushAdapter = {
  plan(_cs, rows, key) {
    const decided: RowDecision[] = [];
    const items: { user: ExternalUser; idx: number }[] = [];
    for (const row of rows) {
      const p = row.payload as { email: string | null; externalId: string | null; name: string | null };
      if (row.plan.action === 'fail') {
        decided.push({ idx: row.idx, result: 'failed', detail: `${String(row.plan.error)}: the plan says this row fails` });
        continue;
      }
      items.push({ idx: row.idx, user: { id: p.externalId ?? p.email!, email: p.email, ...(p.name ? { name: p.name } : {}) } });
    }
    const ops: PlannedOperation[] = [];
    for (let i = 0; i < items.length; i += UV_IMPORT_BATCH) {
      const chunk = items.slice(i, i + UV_IMPORT_BATCH);
      ops.push({ idempotencyKey: key(ops.length), method: 'POST', path: PATH, body: { external_users: chunk.map((c) => c.user) }, itemRows: chunk.map((c) => [c.idx]) });
    }
    return { ops, decided };
  },

  settle(op, response) {
    if (response.status >= 300) {
      const message = JSON.stringify(response.body ?? '').slice(0, 200);
      return { state: 'failed', items: op.itemRows.map((): ItemOutcome => ({ ok: false, code: `http_${response.status}`, message })) };
    }
    const results = (response.body as { results?: { index: number; status: string; code?: string; message?: string }[] }).results ?? [];
    const byIndex = new Map(results.map((r) => [r.index, r]));
    return {
      state: 'confirmed',
      items: op.itemRows.map((_, i): ItemOutcome => {
        const r = byIndex.get(i);
        if (!r) return { ok: false, code: 'no_result', message: 'the server gave no result for this row' };
        return r.status === 'ok' ? { ok: true } : { ok: false, code: r.code ?? 'error', message: r.message ?? 'error' };
      }),
    };
  },

  async reconcile(op, transport): Promise<Reconciled> {
    // An import leaves an external user with the id and email it was sent with.
    const seen = new Map<string, string | null>();
    for (let page = 1; ; page++) {
      const r = await transport.send({ method: 'GET', path: `/api/v2/admin/users?page=${page}&per_page=100`, idempotent: true });
      if (r.status !== 200) throw new Error(`reading users back failed with HTTP ${r.status}`);
      const body = r.body as { users: { external_users?: { id: string; email: string | null }[] }[]; pagination?: { pages?: number } };
      for (const u of body.users) for (const e of u.external_users ?? []) seen.set(e.id, e.email);
      if (body.users.length === 0 || (body.pagination?.pages !== undefined && page >= body.pagination.pages)) break;
    }
    return (op.body as { external_users: ExternalUser[] }).external_users.map((u) =>
      seen.has(u.id) && (u.email === null || seen.get(u.id)?.toLowerCase() === u.email.toLowerCase()) ? 'applied' : 'not_applied',
    );
  },

  restrict(op, keep) {
    const users = (op.body as { external_users: ExternalUser[] }).external_users;
    const kept = users.flatMap((u, i) => (keep(i) ? [{ u, rows: op.itemRows[i]! }] : []));
    return kept.length ? { body: { external_users: kept.map((k) => k.u) }, itemRows: kept.map((k) => k.rows) } : undefined;
  },
};
