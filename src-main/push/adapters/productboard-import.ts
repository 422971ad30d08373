import type { ItemOutcome, PushAdapter, Reconciled, RowDecision } from '../adapter';
import type { PlannedOperation, PushOperation } from '../../store/repos/push-journal';
import type { Transport } from '../transport';

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
    return (await reconcileImports([op], transport))[0]!;
  },

  reconcileMany: (ops, transport) => reconcileImports(ops, transport),

  restrict(op, keep) {
    return keep(0) ? { body: op.body, itemRows: op.itemRows } : undefined;
  },
};

/**
 * A backfill is checked on its user; the creates all against one read of the user list,
 * whatever their number (a 100k-user space is 1,000 pages: once per push, not per create).
 */
async function reconcileImports(ops: readonly PushOperation[], transport: Transport): Promise<Reconciled[]> {
  const sentData = (op: PushOperation) => (op.body as { data: { email?: string; externalId?: string } }).data;
  const creates = ops.filter((op) => op.method !== 'PATCH');
  const known = creates.length ? await readIdentities(transport) : { emails: new Set<string>(), externalIds: new Set<string>() };
  const out: Reconciled[] = [];
  for (const op of ops) {
    const sent = sentData(op);
    if (op.method === 'PATCH') {
      const r = await transport.send({ method: 'GET', path: op.path, idempotent: true });
      const user = (r.body as { data?: PbUser } | undefined)?.data;
      out.push([user && user.externalId === sent.externalId ? 'applied' : 'not_applied']);
      continue;
    }
    // A create leaves a user with the email or external id it was sent with.
    const found = (sent.email && known.emails.has(sent.email.toLowerCase())) || (sent.externalId && known.externalIds.has(sent.externalId));
    out.push([found ? 'applied' : 'not_applied']);
  }
  return out;
}

/** Every user's email (lower case) and external id, read page by page. */
async function readIdentities(transport: Transport): Promise<{ emails: Set<string>; externalIds: Set<string> }> {
  const emails = new Set<string>();
  const externalIds = new Set<string>();
  let next: string | null = '/users?pageLimit=100';
  while (next) {
    const r = await transport.send({ method: 'GET', path: next, idempotent: true });
    if (r.status !== 200) throw new Error(`reading users back failed with HTTP ${r.status}`);
    const body = r.body as { data: PbUser[]; links?: { next?: string | null } };
    for (const u of body.data) {
      if (u.email) emails.add(u.email.toLowerCase());
      if (u.externalId) externalIds.add(u.externalId);
    }
    next = body.links?.next ?? null;
  }
  return { emails, externalIds };
}
