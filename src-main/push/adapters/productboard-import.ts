import type { ItemOutcome, PushAdapter, Reconciled, RowDecision } from '../adapter';
import type { PlannedOperation } from '../../store/repos/push-journal';

interface PbUser {
  id: string;
  email: string | null;
  externalId: string | null;
}

/**
 * Imports into Productboard REST (per user: the API has no batch endpoint). A planned
 * create becomes POST /users, a backfill PATCH /users/{id}; a row that already matches
 * needs nothing sent.
 */
export const productboardImportAdapter: PushAdapter = {
  plan(_cs, rows, key) {
    const ops: PlannedOperation[] = [];
    const decided: RowDecision[] = [];
    for (const row of rows) {
      const p = row.payload as { email: string | null; externalId: string | null; name: string | null };
      const action = row.plan.action;
      const data = (fields: Record<string, string | null>) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
      if (action === 'create') ops.push({ idempotencyKey: key(ops.length), method: 'POST', path: '/users', body: { data: data({ email: p.email, externalId: p.externalId, name: p.name }) }, itemRows: [[row.idx]] });
      else if (action === 'create-detached') ops.push({ idempotencyKey: key(ops.length), method: 'POST', path: '/users', body: { data: data({ externalId: p.externalId, name: p.name }) }, itemRows: [[row.idx]] });
      else if (action === 'backfill') ops.push({ idempotencyKey: key(ops.length), method: 'PATCH', path: `/users/${String(row.plan.userId)}`, body: { data: { externalId: p.externalId } }, itemRows: [[row.idx]] });
      else if (action === 'match') decided.push({ idx: row.idx, result: 'applied', detail: `already matches user ${String(row.plan.userId)}; nothing to send` });
      else decided.push({ idx: row.idx, result: 'failed', detail: `${String(row.plan.error ?? 'fail')}: the plan says this row fails` });
    }
    return { ops, decided };
  },

  settle(_op, response) {
    if (response.status >= 200 && response.status < 300) return { state: 'confirmed', items: [{ ok: true }] };
    const error = (response.body as { errors?: { code?: string; detail?: string }[] } | undefined)?.errors?.[0];
    const item: ItemOutcome = { ok: false, code: error?.code ?? `http_${response.status}`, message: error?.detail ?? `HTTP ${response.status}` };
    return { state: 'failed', items: [item] };
  },

  async reconcile(op, transport): Promise<Reconciled> {
    const sent = (op.body as { data: { email?: string; externalId?: string } }).data;
    if (op.method === 'PATCH') {
      const r = await transport.send({ method: 'GET', path: op.path, idempotent: true });
      const user = (r.body as { data?: PbUser } | undefined)?.data;
      return [user && user.externalId === sent.externalId ? 'applied' : 'not_applied'];
    }
    // A create leaves a user with the email or external id it was sent with.
    let next: string | null = '/users?pageLimit=100';
    while (next) {
      const r = await transport.send({ method: 'GET', path: next, idempotent: true });
      if (r.status !== 200) throw new Error(`reading users back failed with HTTP ${r.status}`);
      const body = r.body as { data: PbUser[]; links?: { next?: string | null } };
      const found = body.data.some(
        (u) => (sent.email && u.email?.toLowerCase() === sent.email.toLowerCase()) || (sent.externalId && u.externalId === sent.externalId),
      );
      if (found) return ['applied'];
      next = body.links?.next ?? null;
    }
    return ['not_applied'];
  },

  restrict(op, keep) {
    return keep(0) ? { body: op.body, itemRows: op.itemRows } : undefined;
  },
};
