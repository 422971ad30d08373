import type { MergeStep } from '../../../src-shared/merges/merge-plan';
import type { PlannedOperation, PushOperation } from '../../store/repos/push-journal';
import type { ItemOutcome, OperationSettlement, PushAdapter, Reconciled, RowDecision } from '../adapter';
import type { PushResponse, Transport } from '../transport';
import { BRAZE_BATCH, itemErrors } from './braze-external-ids';
import { productboardImportAdapter } from './productboard-import';
import { UV_IMPORT_BATCH, UV_IMPORT_PATH, uservoiceImportAdapter } from './uservoice-import';

/**
 * Merge change sets (issue 9), for every kind of system: each row holds the automatic
 * steps of one merge (src-shared/merges/merge-plan.ts) with their exact requests. A row's
 * steps go in order, and a failed step stops the rest of its row (the engine drops the
 * later items of a failed row), so nothing irreversible runs after a failure.
 *
 * Braze-style merges are batched, ≤ 50 a call, and are asynchronous: the request is
 * accepted, and the engine polls by reading the merged profiles back until they are gone.
 */

const ok: ItemOutcome = { ok: true };

/** Rows' steps, interleaved by position so that a step k of every row goes before step k+1 of any. */
function ordered(rows: readonly { idx: number; steps: MergeStep[] }[]): { idx: number; step: MergeStep }[] {
  const out: { idx: number; step: MergeStep }[] = [];
  const longest = Math.max(0, ...rows.map((r) => r.steps.length));
  for (let k = 0; k < longest; k++) for (const r of rows) if (r.steps[k]) out.push({ idx: r.idx, step: r.steps[k]! });
  return out;
}

export const mergeStepsAdapter: PushAdapter = {
  plan(_cs, rows, key) {
    const decided: RowDecision[] = [];
    // Rename rows of systems that are not Braze-style carry steps too (src-shared/renames); a row
    // whose plan found a problem fails without a request.
    for (const row of rows) if (row.plan.error) decided.push({ idx: row.idx, result: 'failed', detail: `${String(row.plan.error)}: ${String(row.plan.message ?? 'the plan says this row fails')}` });
    const automatic = rows.filter((row) => !row.plan.error).map((row) => ({ idx: row.idx, steps: ((row.plan.steps as MergeStep[] | undefined) ?? []).filter((s) => s.request) }));
    for (const r of automatic) if (!r.steps.length) decided.push({ idx: r.idx, result: 'skipped', detail: 'nothing to send: every step of this row is done by hand (see the checklist)' });
    const ops: PlannedOperation[] = [];
    const queue = ordered(automatic.filter((r) => r.steps.length));
    for (let i = 0; i < queue.length; ) {
      const { step } = queue[i]!;
      if (step.action === 'braze.merge') {
        // Consecutive merges share a request, ≤ 50 (SPEC §4 N5 holds for /users/merge too).
        const group: typeof queue = [];
        while (i < queue.length && queue[i]!.step.action === 'braze.merge' && group.length < BRAZE_BATCH) group.push(queue[i++]!);
        ops.push({
          idempotencyKey: key(ops.length),
          method: 'POST',
          path: '/users/merge',
          body: { merge_updates: group.map((g) => (g.step.request!.body as { merge_updates: unknown[] }).merge_updates[0]) },
          itemRows: group.map((g) => [g.idx]),
        });
        continue;
      }
      if (step.action === 'uservoice.import') {
        // Renames in UserVoice: consecutive new external users share an import, ≤ 1,000 (SPEC §5).
        const group: typeof queue = [];
        while (i < queue.length && queue[i]!.step.action === 'uservoice.import' && group.length < UV_IMPORT_BATCH) group.push(queue[i++]!);
        ops.push({
          idempotencyKey: key(ops.length),
          method: 'POST',
          path: UV_IMPORT_PATH,
          body: { external_users: group.map((g) => (g.step.request!.body as { external_users: unknown[] }).external_users[0]) },
          itemRows: group.map((g) => [g.idx]),
        });
        continue;
      }
      ops.push({ idempotencyKey: key(ops.length), method: step.request!.method, path: step.request!.path, body: step.request!.body ?? null, itemRows: [[queue[i]!.idx]] });
      i++;
    }
    return { ops, decided };
  },

  settle(op, response): OperationSettlement {
    if (op.path === '/users/merge') {
      if (response.status === 201 || response.status === 202) return { state: 'accepted', jobId: op.idempotencyKey };
      return { state: 'failed', items: op.itemRows.map(() => failure(response)) };
    }
    if (op.path === UV_IMPORT_PATH) return uservoiceImportAdapter.settle(op, response);
    if (response.status >= 200 && response.status < 300) {
      // Braze-style batch endpoints answer 201 with per-index errors.
      const errors = itemErrors((response.body as { errors?: unknown; rename_errors?: unknown } | undefined)?.errors ?? (response.body as { rename_errors?: unknown } | undefined)?.rename_errors, 1);
      const error = errors.get(0);
      return error ? { state: 'failed', items: [{ ok: false, ...error }] } : { state: 'confirmed', items: [ok] };
    }
    return { state: 'failed', items: [failure(response)] };
  },

  async reconcile(op, transport): Promise<Reconciled> {
    if (op.path === '/users/merge') {
      // Accepted merges apply later: give them a bounded while before calling them unapplied.
      for (let i = 0; i < 10; i++) {
        const gone = await mergedAway(op, transport);
        if (gone.every(Boolean)) break;
        if (i === 9) return gone.map((g) => (g ? 'applied' : 'not_applied'));
        await new Promise((r) => setTimeout(r, 300));
      }
      return op.itemRows.map(() => 'applied');
    }
    if (op.path === UV_IMPORT_PATH) return uservoiceImportAdapter.reconcile(op, transport);
    return [(await applied(op, transport)) ? 'applied' : 'not_applied'];
  },

  restrict(op, keep) {
    if (op.path === '/users/merge') {
      const updates = (op.body as { merge_updates: unknown[] }).merge_updates;
      const kept = updates.flatMap((u, i) => (keep(i) ? [i] : []));
      if (!kept.length) return undefined;
      return { body: { merge_updates: kept.map((i) => updates[i]) }, itemRows: kept.map((i) => op.itemRows[i]!) };
    }
    if (op.path === UV_IMPORT_PATH) return uservoiceImportAdapter.restrict(op, keep);
    return keep(0) ? { body: op.body, itemRows: op.itemRows } : undefined;
  },

  async poll(op, transport) {
    const gone = await mergedAway(op, transport);
    return gone.every(Boolean) ? { done: true, items: gone.map(() => ok) } : { done: false };
  },
};

function failure(response: PushResponse): ItemOutcome {
  const body = response.body as { errors?: { code?: string; detail?: string }[] | { source?: string[] }; detail?: string; message?: string; scimType?: string } | undefined;
  // Productboard users answer `errors: [{code, detail}]`; its notes and companies `errors: {source: [...]}`.
  const pb = Array.isArray(body?.errors) ? body.errors[0] : undefined;
  const source = body?.errors && !Array.isArray(body.errors) ? body.errors.source?.[0] : undefined;
  return {
    ok: false,
    code: pb?.code ?? body?.scimType ?? `http_${response.status}`,
    message: pb?.detail ?? source ?? body?.detail ?? body?.message ?? `HTTP ${response.status}`,
  };
}

/** Per merge of a Braze-style /users/merge request: whether the merged profile is gone. */
async function mergedAway(op: Pick<PushOperation, 'body'>, transport: Transport): Promise<boolean[]> {
  const updates = (op.body as { merge_updates: { identifier_to_merge: { external_id: string } }[] }).merge_updates;
  const ids = updates.map((u) => u.identifier_to_merge.external_id);
  const r = await transport.send({ method: 'POST', path: '/users/export/ids', body: { external_ids: ids }, idempotent: true });
  if (r.status >= 300) throw new Error(`reading Braze profiles back failed with HTTP ${r.status}`);
  const present = new Set(((r.body as { users?: { external_id?: string | null }[] }).users ?? []).map((u) => u.external_id));
  return ids.map((id) => !present.has(id));
}

/** Whether a single-request step is already in effect on the remote (read back after an interruption). */
async function applied(op: Pick<PushOperation, 'body' | 'path' | 'method'>, transport: Transport): Promise<boolean> {
  if (op.path === '/users/track') {
    const attrs = (op.body as { attributes: Record<string, unknown>[] }).attributes[0]!;
    const r = await transport.send({ method: 'POST', path: '/users/export/ids', body: { external_ids: [attrs.external_id] }, idempotent: true });
    const user = ((r.body as { users?: Record<string, unknown>[] }).users ?? [])[0];
    return Boolean(user) && Object.entries(attrs).every(([k, v]) => k === 'external_id' || (user![k] ?? null) === v);
  }
  if (op.path === '/users/external_ids/rename') {
    const rename = (op.body as { external_id_renames: { new_external_id: string }[] }).external_id_renames[0]!;
    const r = await transport.send({ method: 'POST', path: '/users/export/ids', body: { external_ids: [rename.new_external_id] }, idempotent: true });
    return ((r.body as { users?: { external_id?: string }[] }).users ?? []).some((u) => u.external_id === rename.new_external_id);
  }
  if (op.path.includes('/external_users/')) return uservoiceAttached(op, transport);
  // An undo that re-creates a deleted Productboard user: found by its email or external id.
  if (op.method === 'POST' && op.path === '/users') return (await productboardImportAdapter.reconcile(op as PushOperation, transport))[0] === 'applied';
  const r = await transport.send({ method: 'GET', path: op.path, idempotent: true });
  if (op.method === 'DELETE') return r.status === 404;
  if (op.path.startsWith('/notes/')) return noteOwnedBy(r, (op.body as { data: { user: { email?: string; external_id?: string } } }).data.user, transport);
  if (r.status !== 200) throw new Error(`reading ${op.path} back failed with HTTP ${r.status}`);
  if (op.path.startsWith('/Users/')) return scimMatches(r.body as ScimUser, (op.body as { Operations: ScimOp[] }).Operations);
  const data = (r.body as { data?: Record<string, unknown> }).data ?? {};
  return Object.entries((op.body as { data: Record<string, unknown> }).data).every(([k, v]) => (data[k] ?? null) === v);
}

/** Whether a note (as read back) belongs to the user a re-pointing named by email or external id. */
async function noteOwnedBy(note: PushResponse, user: { email?: string; external_id?: string }, transport: Transport): Promise<boolean> {
  if (note.status !== 200) throw new Error(`reading a note back failed with HTTP ${note.status}`);
  const userId = (note.body as { data?: { user?: { id?: string } } }).data?.user?.id;
  if (!userId) return false;
  const r = await transport.send({ method: 'GET', path: `/users/${userId}`, idempotent: true });
  const owner = (r.body as { data?: { email?: string | null; externalId?: string | null } }).data;
  if (!owner) return false;
  return user.email !== undefined ? owner.email?.toLowerCase() === user.email.toLowerCase() : owner.externalId === user.external_id;
}

interface ScimUser {
  userName?: string;
  externalId?: string;
  active?: boolean;
  name?: { givenName?: string | null; familyName?: string | null };
}
interface ScimOp {
  op: string;
  path: string;
  value?: unknown;
}

function scimMatches(user: ScimUser, ops: readonly ScimOp[]): boolean {
  return ops.every((o) => {
    const want = o.op === 'remove' ? null : (o.value ?? null);
    const have = o.path === 'active' ? user.active : o.path === 'userName' ? user.userName : o.path === 'externalId' ? user.externalId : o.path === 'name.givenName' ? user.name?.givenName : user.name?.familyName;
    return (have ?? null) === want;
  });
}

/** UserVoice has no read of one external user: page through users for the one holding it. */
async function uservoiceAttached(op: Pick<PushOperation, 'body' | 'path'>, transport: Transport): Promise<boolean> {
  const external = decodeURIComponent(/external_users\/([^/]+)\/reattach/.exec(op.path)![1]!);
  const userId = (op.body as { user_id: number }).user_id;
  for (let page = 1; page <= 10_000; page++) {
    const r = await transport.send({ method: 'GET', path: `/api/v2/admin/users?page=${page}&per_page=100`, idempotent: true });
    if (r.status !== 200) throw new Error(`reading UserVoice users back failed with HTTP ${r.status}`);
    const body = r.body as { users: { id: number; external_users?: { id: string }[] }[]; pagination: { pages: number } };
    const holder = body.users.find((u) => (u.external_users ?? []).some((e) => e.id === external));
    if (holder) return holder.id === userId;
    if (page >= body.pagination.pages) return false;
  }
  return false;
}

