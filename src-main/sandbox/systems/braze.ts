import { IdentityIndex, MAX_REQUEST_ITEMS, requestSizeError, type IdentityUser } from '../../../src-shared/resolver';
import type { Route, SandboxResponse, SystemStyle } from '../http-kit';

function brazeError(status: number, message: string, headers: Record<string, string> = {}): SandboxResponse {
  return { status, body: { message }, headers };
}

export const brazeStyle: SystemStyle = {
  unauthorized: () => brazeError(401, 'Invalid API key'),
  rateLimited: (resetAt, now) => brazeError(429, 'Rate limit hit (>1,000 requests/minute)', { 'Retry-After': String(Math.max(1, Math.ceil((resetAt - now) / 1000))) }),
  serverError: () => brazeError(500, 'Internal server error'),
  notFound: (path) => brazeError(404, `Not found: ${path}`),
  badJson: () => brazeError(400, 'Invalid JSON body'),
};

/** Braze's /users/track takes up to 75 attribute objects a request. */
export const TRACK_BATCH = 75;

interface PendingMerge {
  keep: string;
  merge: string;
  readyAt: number;
}

/** A Braze-style workspace: users by external id (primary and deprecated), emails, attributes. */
export class BrazeState {
  readonly users = new IdentityIndex([], { newId: (used) => this.newId(used) });
  readonly attributes = new Map<string, Record<string, unknown>>();
  readonly merges: PendingMerge[] = [];
  private seq = 0;

  constructor(public mergeDelayMs = 500) {}

  newId(used: (id: string) => boolean): string {
    let id: string;
    do id = `braze-${(++this.seq).toString(36).padStart(8, '0')}`;
    while (used(id));
    return id;
  }
}

function exported(state: BrazeState, u: IdentityUser) {
  const attrs = state.attributes.get(u.id) ?? {};
  return { braze_id: u.id, external_id: u.externalId ?? null, deprecated_external_ids: u.deprecatedExternalIds, email: u.email ?? null, ...attrs };
}

/** Applies merges whose time has come (asynchronous, like the real endpoint). */
function settleMerges(state: BrazeState): string[] {
  const applied: string[] = [];
  for (let i = state.merges.length - 1; i >= 0; i--) {
    const m = state.merges[i]!;
    if (m.readyAt > Date.now()) continue;
    state.merges.splice(i, 1);
    const keep = state.users.byExternalId(m.keep)?.user;
    const merge = state.users.byExternalId(m.merge)?.user;
    if (!keep || !merge || keep.id === merge.id) continue;
    // The merged user's attributes fill the kept user's gaps; the merged user is gone.
    state.attributes.set(keep.id, { ...(state.attributes.get(merge.id) ?? {}), ...(state.attributes.get(keep.id) ?? {}) });
    const email = merge.email;
    state.users.deleteUser(merge.id);
    state.attributes.delete(merge.id);
    if (!keep.email && email) state.users.updateUser(keep.id, { email });
    applied.push(`merge ${m.merge}->${m.keep}`);
  }
  return applied.reverse();
}

export function brazeRoutes(state: BrazeState): Route[] {
  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/users\/external_ids\/rename$/,
      handle: (req) => {
        const renames = (req.body as { external_id_renames?: unknown } | undefined)?.external_id_renames;
        const sizeError = requestSizeError(renames, 'external_id_renames'); // SPEC §4 N5
        if (sizeError) return brazeError(400, sizeError);
        const external_ids: unknown[] = [];
        const rename_errors: unknown[] = [];
        const applied: string[] = [];
        (renames as { current_external_id?: unknown; new_external_id?: unknown }[]).forEach((r, index) => {
          const outcome = state.users.rename(r?.current_external_id, r?.new_external_id); // N6: in order
          if (outcome.ok) {
            external_ids.push({ current_external_id: String(r.current_external_id).trim(), new_external_id: String(r.new_external_id).trim() });
            applied.push(`rename ${String(r.current_external_id).trim()}->${String(r.new_external_id).trim()}`);
          } else rename_errors.push({ index, code: outcome.code, message: outcome.message });
        });
        return { status: 201, body: { message: 'success', external_ids, rename_errors }, applied };
      },
    },
    {
      method: 'POST',
      pattern: /^\/users\/external_ids\/remove$/,
      handle: (req) => {
        const ids = (req.body as { external_ids?: unknown } | undefined)?.external_ids;
        const sizeError = requestSizeError(ids, 'external_ids');
        if (sizeError) return brazeError(400, sizeError);
        const removed_ids: string[] = [];
        const removal_errors: unknown[] = [];
        (ids as unknown[]).forEach((id, index) => {
          const outcome = state.users.remove(id);
          if (outcome.ok) removed_ids.push(String(id).trim());
          else removal_errors.push({ index, code: outcome.code, message: outcome.message });
        });
        return { status: 201, body: { message: 'success', removed_ids, removal_errors }, applied: removed_ids.map((id) => `remove ${id}`) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/users\/export\/ids$/,
      handle: (req) => {
        const body = (req.body ?? {}) as { external_ids?: unknown; email_addresses?: unknown };
        const ids = Array.isArray(body.external_ids) ? body.external_ids : [];
        const emails = Array.isArray(body.email_addresses) ? body.email_addresses : [];
        if (ids.length + emails.length === 0) return brazeError(400, 'give external_ids or email_addresses');
        if (ids.length + emails.length > MAX_REQUEST_ITEMS) return brazeError(400, `at most ${MAX_REQUEST_ITEMS} identifiers per request`);
        const found = new Map<string, IdentityUser>();
        const invalid: unknown[] = [];
        for (const id of ids) {
          const hit = typeof id === 'string' ? state.users.byExternalId(id) : undefined;
          if (hit) found.set(hit.user.id, hit.user);
          else invalid.push(id);
        }
        for (const email of emails) {
          const hit = typeof email === 'string' ? state.users.byEmailAddress(email) : undefined;
          if (hit) found.set(hit.id, hit);
          else invalid.push(email);
        }
        return { status: 201, body: { users: [...found.values()].map((u) => exported(state, u)), invalid_user_ids: invalid, message: 'success' } };
      },
    },
    {
      method: 'POST',
      pattern: /^\/users\/track$/,
      handle: (req) => {
        const attributes = (req.body as { attributes?: unknown } | undefined)?.attributes;
        if (!Array.isArray(attributes) || attributes.length === 0 || attributes.length > TRACK_BATCH) return brazeError(400, `attributes must hold 1–${TRACK_BATCH} objects`);
        const errors: unknown[] = [];
        const applied: string[] = [];
        attributes.forEach((a: Record<string, unknown>, index) => {
          const { external_id, email, ...rest } = a ?? {};
          if (typeof external_id !== 'string' || !external_id.trim()) return errors.push({ index, type: 'external_id is required' });
          const known = state.users.byExternalId(external_id)?.user;
          const outcome = known
            ? state.users.updateUser(known.id, email === undefined ? {} : { email: typeof email === 'string' ? email : null })
            : state.users.createUser({ externalId: external_id, email: typeof email === 'string' ? email : null });
          if (!outcome.ok) return errors.push({ index, type: outcome.code });
          state.attributes.set(outcome.user.id, { ...(state.attributes.get(outcome.user.id) ?? {}), ...rest });
          applied.push(`track ${external_id} ${JSON.stringify(a)}`);
        });
        return { status: 201, body: { message: 'success', attributes_processed: applied.length, ...(errors.length ? { errors } : {}) }, applied };
      },
    },
    {
      method: 'POST',
      pattern: /^\/users\/merge$/,
      handle: (req) => {
        const updates = (req.body as { merge_updates?: unknown } | undefined)?.merge_updates;
        const sizeError = requestSizeError(updates, 'merge_updates');
        if (sizeError) return brazeError(400, sizeError);
        for (const u of updates as { identifier_to_merge?: { external_id?: unknown }; identifier_to_keep?: { external_id?: unknown } }[]) {
          const merge = u?.identifier_to_merge?.external_id;
          const keep = u?.identifier_to_keep?.external_id;
          if (typeof merge !== 'string' || typeof keep !== 'string') return brazeError(400, 'each merge needs identifier_to_merge.external_id and identifier_to_keep.external_id');
        }
        for (const u of updates as { identifier_to_merge: { external_id: string }; identifier_to_keep: { external_id: string } }[]) {
          state.merges.push({ merge: u.identifier_to_merge.external_id, keep: u.identifier_to_keep.external_id, readyAt: Date.now() + state.mergeDelayMs });
        }
        return { status: 202, body: { message: 'success' }, applied: [`merge.accepted ${(updates as unknown[]).length}`] };
      },
    },
  ];
  return routes.map((route) => ({
    ...route,
    handle: (req) => {
      const merged = settleMerges(state);
      const response = route.handle(req);
      return merged.length ? { ...response, applied: [...merged, ...(response.applied ?? [])] } : response;
    },
  }));
}
