import type { PlannedOperation } from '../../store/repos/push-journal';
import type { ItemOutcome, PushAdapter, Reconciled, RowDecision } from '../adapter';
import { decidedWithoutRequest, importFields, splitName } from './import-row';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface ScimUser {
  id: string;
  userName?: string;
  externalId?: string;
}

interface CreateBody {
  userName: string;
  externalId?: string;
}

/** SCIM's error body (RFC 7644 §3.12): a 409 `uniqueness` is this row's failure, not the push's. */
export function scimFailure(status: number, body: unknown): ItemOutcome {
  const b = body as { scimType?: string; detail?: string } | undefined;
  return { ok: false, code: b?.scimType ?? `http_${status}`, message: b?.detail ?? `HTTP ${status}` };
}

/** `attr eq "value"`, quoted as RFC 7644 §3.4.2.2 asks. */
export const scimFilter = (attr: string, value: string) => encodeURIComponent(`${attr} eq "${value.replace(/["\\]/g, '\\$&')}"`);

/**
 * Imports into a SCIM directory, one user a request (SCIM has no batch here): a create is
 * `POST /Users` (userName = the email, which SCIM requires, emails, externalId, name,
 * active), a backfill a PatchOp of externalId. A user without an email cannot be created.
 */
export const scimImportAdapter: PushAdapter = {
  plan(_cs, rows, key) {
    const ops: PlannedOperation[] = [];
    const decided: RowDecision[] = [];
    for (const row of rows) {
      const without = decidedWithoutRequest(row);
      if (without) {
        decided.push(without);
        continue;
      }
      const p = importFields(row);
      const action = row.plan.action;
      if (action === 'backfill') {
        ops.push({
          idempotencyKey: key(ops.length),
          method: 'PATCH',
          path: `/Users/${encodeURIComponent(String(row.plan.userId))}`,
          body: { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'externalId', value: p.externalId }] },
          itemRows: [[row.idx]],
        });
      } else if ((action === 'create' || action === 'create-detached') && p.email) {
        const { given, family } = splitName(p.name);
        const name = { ...(p.name ? { formatted: p.name } : {}), ...(given ? { givenName: given } : {}), ...(family ? { familyName: family } : {}) };
        ops.push({
          idempotencyKey: key(ops.length),
          method: 'POST',
          path: '/Users',
          body: { schemas: [USER_SCHEMA], userName: p.email, emails: [{ value: p.email, type: 'work', primary: true }], ...(p.externalId ? { externalId: p.externalId } : {}), ...(p.name ? { name } : {}), active: true },
          itemRows: [[row.idx]],
        });
      } else {
        decided.push({ idx: row.idx, result: 'failed', detail: 'no_email: a SCIM directory needs a userName (the email) to create a user' });
      }
    }
    return { ops, decided };
  },

  settle(_op, response) {
    if (response.status >= 200 && response.status < 300) return { state: 'confirmed', items: [{ ok: true }] };
    return { state: 'failed', items: [scimFailure(response.status, response.body)] };
  },

  async reconcile(op, transport): Promise<Reconciled> {
    if (op.method === 'PATCH') {
      const sent = (op.body as { Operations: { value: string }[] }).Operations[0]!.value;
      const r = await transport.send({ method: 'GET', path: op.path, idempotent: true });
      if (r.status !== 200 && r.status !== 404) throw new Error(`reading the user back failed with HTTP ${r.status}`);
      return [(r.body as ScimUser | undefined)?.externalId === sent ? 'applied' : 'not_applied'];
    }
    // A create leaves a user with the userName (and external id) it was sent with.
    const sent = op.body as CreateBody;
    const r = await transport.send({ method: 'GET', path: `/Users?filter=${scimFilter('userName', sent.userName)}`, idempotent: true });
    if (r.status !== 200) throw new Error(`reading users back failed with HTTP ${r.status}`);
    const found = ((r.body as { Resources?: ScimUser[] }).Resources ?? []).some((u) => !sent.externalId || u.externalId === sent.externalId);
    return [found ? 'applied' : 'not_applied'];
  },

  restrict(op, keep) {
    return keep(0) ? { body: op.body, itemRows: op.itemRows } : undefined;
  },
};
