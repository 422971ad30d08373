import { IdentityIndex, type IdentityUser } from '../../../src-shared/resolver';
import type { Route, SandboxRequest, SandboxResponse, SystemStyle } from '../http-kit';
import { uuidFrom } from '../random';

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** RFC 7644 §3.12 error body: status as a string, an optional scimType. */
export function scimError(status: number, detail: string, scimType?: string, headers: Record<string, string> = {}): SandboxResponse {
  return { status, body: { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail }, headers: { 'Content-Type': 'application/scim+json', ...headers } };
}

export const scimStyle: SystemStyle = {
  unauthorized: () => scimError(401, 'The SCIM token is missing or invalid'),
  rateLimited: (resetAt, now) => scimError(429, 'Too many requests', undefined, { 'Retry-After': String(Math.max(1, Math.ceil((resetAt - now) / 1000))) }),
  serverError: () => scimError(503, 'Service unavailable'),
  notFound: (path) => scimError(404, `No resource at ${path}`),
  badJson: () => scimError(400, 'The request body is not valid JSON', 'invalidSyntax'),
};

interface ScimExtra {
  givenName: string | null;
  familyName: string | null;
  active: boolean;
  created: string;
  lastModified: string;
}

export interface ScimGroup {
  id: string;
  displayName: string;
  members: Set<string>;
}

/** One SCIM tenant. userName is kept as the index's email, so it is unique case-insensitively. */
export class ScimState {
  readonly users: IdentityIndex;
  readonly extra = new Map<string, ScimExtra>();
  readonly groups = new Map<string, ScimGroup>();
  /** Tests: a server that cannot filter by meta.lastModified answers 400 invalidFilter, as many do. */
  lastModifiedFilter = true;

  constructor(readonly random: () => number) {
    this.users = new IdentityIndex([], { newId: (used) => this.newId(used) });
  }

  newId(used: (id: string) => boolean = () => false): string {
    let id: string;
    do id = uuidFrom(this.random);
    while (used(id));
    return id;
  }

  /** `at`: when the user was created and last changed (a seeded directory existed before today). */
  add(fields: { userName: string; externalId?: string; givenName?: string; familyName?: string; active?: boolean; at?: string }): IdentityUser | undefined {
    const created = this.users.createUser({ email: fields.userName, externalId: fields.externalId ?? null });
    if (!created.ok) return undefined;
    const now = fields.at ?? new Date().toISOString();
    this.extra.set(created.user.id, { givenName: fields.givenName ?? null, familyName: fields.familyName ?? null, active: fields.active ?? true, created: now, lastModified: now });
    return created.user;
  }
}

function resource(state: ScimState, u: IdentityUser, baseUrl: string) {
  const x = state.extra.get(u.id)!;
  const formatted = [x.givenName, x.familyName].filter(Boolean).join(' ');
  return {
    schemas: [USER_SCHEMA],
    id: u.id,
    ...(u.externalId ? { externalId: u.externalId } : {}),
    userName: u.email,
    name: { ...(formatted ? { formatted } : {}), ...(x.givenName ? { givenName: x.givenName } : {}), ...(x.familyName ? { familyName: x.familyName } : {}) },
    ...(formatted ? { displayName: formatted } : {}),
    emails: u.email ? [{ value: u.email, type: 'work', primary: true }] : [],
    active: x.active,
    meta: { resourceType: 'User', created: x.created, lastModified: x.lastModified, location: `${baseUrl}/Users/${u.id}` },
  };
}

function groupResource(g: ScimGroup, baseUrl: string) {
  return { schemas: [GROUP_SCHEMA], id: g.id, displayName: g.displayName, members: [...g.members].map((value) => ({ value })), meta: { resourceType: 'Group', location: `${baseUrl}/Groups/${g.id}` } };
}

/** `meta.lastModified gt|ge "TIME"`: the users changed since a time, without copying the others (incremental pulls). */
function changedSince(state: ScimState, filter: string): IdentityUser[] | SandboxResponse | undefined {
  const m = /^\s*meta\.lastModified\s+(gt|ge)\s+"([^"]*)"\s*$/i.exec(filter);
  if (!m) return undefined;
  if (!state.lastModifiedFilter) return scimError(400, `Unsupported filter: ${filter} (supported: userName, emails.value, externalId with eq)`, 'invalidFilter');
  const since = Date.parse(m[2]!);
  if (Number.isNaN(since)) return scimError(400, `"${m[2]}" is not a dateTime`, 'invalidFilter');
  const inclusive = m[1]!.toLowerCase() === 'ge';
  const out: IdentityUser[] = [];
  for (const [id, x] of state.extra) {
    const t = Date.parse(x.lastModified);
    if (t > since || (inclusive && t === since)) {
      const u = state.users.get(id);
      if (u) out.push(u);
    }
  }
  return out;
}

/** `attr eq "value"` for userName, emails.value and externalId (RFC 7644 §3.4.2.2, the subset clients use). */
function filterUsers(state: ScimState, filter: string): IdentityUser[] | SandboxResponse {
  const changed = changedSince(state, filter);
  if (changed !== undefined) return changed;
  const all = state.users.users();
  const m = /^\s*(userName|emails\.value|emails|externalId)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter);
  if (!m) return scimError(400, `Unsupported filter: ${filter} (supported: userName, emails.value, externalId with eq; meta.lastModified with gt or ge)`, 'invalidFilter');
  const attr = m[1]!.toLowerCase();
  const value = m[2]!.replace(/\\(.)/g, '$1');
  if (attr === 'externalid') return all.filter((u) => u.externalId === value);
  return all.filter((u) => u.email?.toLowerCase() === value.toLowerCase());
}

function uniqueness(code: string): SandboxResponse {
  return scimError(409, code === 'email_taken' ? 'userName is already in use' : 'externalId is already in use', 'uniqueness');
}

type UserFields = { userName?: unknown; externalId?: unknown; name?: { givenName?: unknown; familyName?: unknown }; active?: unknown; emails?: { value?: unknown; primary?: unknown }[] };

function userNameOf(body: UserFields): string | undefined {
  if (typeof body.userName === 'string' && body.userName.trim()) return body.userName;
  const primary = body.emails?.find((e) => e.primary) ?? body.emails?.[0];
  return typeof primary?.value === 'string' ? primary.value : undefined;
}

/** Applies one PatchOp operation to a user's fields; returns an error body when invalid. */
function applyPatchOp(state: ScimState, id: string, op: { op?: unknown; path?: unknown; value?: unknown }): SandboxResponse | undefined {
  const kind = typeof op.op === 'string' ? op.op.toLowerCase() : '';
  if (!['add', 'replace', 'remove'].includes(kind)) return scimError(400, `Unsupported op ${String(op.op)}`, 'invalidValue');
  const values: Record<string, unknown> =
    typeof op.path === 'string' ? { [op.path]: kind === 'remove' ? null : op.value } : ((op.value as Record<string, unknown> | undefined) ?? {});
  const extra = state.extra.get(id)!;
  for (const [path, value] of Object.entries(values)) {
    switch (path) {
      case 'active':
        if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') return scimError(400, 'active must be a boolean', 'invalidValue');
        extra.active = value === true || value === 'true';
        break;
      case 'userName':
      case 'emails': {
        const userName = path === 'userName' ? value : (value as { value?: unknown }[] | undefined)?.[0]?.value;
        if (typeof userName !== 'string' || !userName.trim()) return scimError(400, 'userName is required', 'invalidValue');
        const r = state.users.updateUser(id, { email: userName });
        if (!r.ok) return uniqueness(r.code);
        break;
      }
      case 'externalId': {
        const r = state.users.updateUser(id, { externalId: typeof value === 'string' ? value : null });
        if (!r.ok) return uniqueness(r.code);
        break;
      }
      case 'name.givenName':
        extra.givenName = typeof value === 'string' ? value : null;
        break;
      case 'name.familyName':
        extra.familyName = typeof value === 'string' ? value : null;
        break;
      case 'name': {
        const name = value as { givenName?: unknown; familyName?: unknown } | null;
        extra.givenName = typeof name?.givenName === 'string' ? name.givenName : null;
        extra.familyName = typeof name?.familyName === 'string' ? name.familyName : null;
        break;
      }
      default:
        return scimError(400, `Unsupported path ${path}`, 'invalidPath');
    }
  }
  extra.lastModified = new Date().toISOString();
  return undefined;
}

function listResponse(items: unknown[], total: number, startIndex: number) {
  return { status: 200, body: { schemas: [LIST_SCHEMA], totalResults: total, startIndex, itemsPerPage: items.length, Resources: items }, headers: { 'Content-Type': 'application/scim+json' } };
}

export function scimRoutes(state: ScimState): Route[] {
  const page = (req: SandboxRequest) => {
    // RFC 7644 §3.4.2.4: 1-based startIndex (values < 1 are 1), count ≥ 0, capped at 100.
    const start = Math.max(1, Number.parseInt(req.query.get('startIndex') ?? '1', 10) || 1);
    const countRaw = req.query.get('count');
    const count = countRaw === null ? 100 : Math.min(100, Math.max(0, Number.parseInt(countRaw, 10) || 0));
    return { start, count };
  };
  return [
    {
      method: 'GET',
      pattern: /^\/Users$/,
      handle: (req) => {
        const { start, count } = page(req);
        const filter = req.query.get('filter');
        if (!filter) {
          // The common case, a full listing: page without copying every user.
          return listResponse(state.users.page(start - 1, count).map((u) => resource(state, u, req.baseUrl)), state.users.size, start);
        }
        const matched = filterUsers(state, filter);
        if (!Array.isArray(matched)) return matched;
        return listResponse(matched.slice(start - 1, start - 1 + count).map((u) => resource(state, u, req.baseUrl)), matched.length, start);
      },
    },
    {
      method: 'GET',
      pattern: /^\/Users\/([^/]+)$/,
      handle: (req) => {
        const u = state.users.get(req.params[0]!);
        return u ? { status: 200, body: resource(state, u, req.baseUrl), headers: { 'Content-Type': 'application/scim+json' } } : scimError(404, `User ${req.params[0]} not found`);
      },
    },
    {
      method: 'POST',
      pattern: /^\/Users$/,
      handle: (req) => {
        const body = (req.body ?? {}) as UserFields;
        const userName = userNameOf(body);
        if (!userName) return scimError(400, 'userName is required', 'invalidValue');
        const created = state.users.createUser({ email: userName, externalId: typeof body.externalId === 'string' ? body.externalId : null });
        if (!created.ok) return uniqueness(created.code);
        const now = new Date().toISOString();
        state.extra.set(created.user.id, {
          givenName: typeof body.name?.givenName === 'string' ? body.name.givenName : null,
          familyName: typeof body.name?.familyName === 'string' ? body.name.familyName : null,
          active: body.active !== false,
          created: now,
          lastModified: now,
        });
        return { status: 201, body: resource(state, created.user, req.baseUrl), headers: { 'Content-Type': 'application/scim+json', Location: `${req.baseUrl}/Users/${created.user.id}` }, applied: [`user.create ${userName}`] };
      },
    },
    {
      method: 'PUT',
      pattern: /^\/Users\/([^/]+)$/,
      handle: (req) => {
        const id = req.params[0]!;
        if (!state.users.get(id)) return scimError(404, `User ${id} not found`);
        const body = (req.body ?? {}) as UserFields;
        const userName = userNameOf(body);
        if (!userName) return scimError(400, 'userName is required', 'invalidValue');
        // Replace semantics: what is left out is cleared.
        const updated = state.users.updateUser(id, { email: userName, externalId: typeof body.externalId === 'string' ? body.externalId : null });
        if (!updated.ok) return uniqueness(updated.code);
        const extra = state.extra.get(id)!;
        extra.givenName = typeof body.name?.givenName === 'string' ? body.name.givenName : null;
        extra.familyName = typeof body.name?.familyName === 'string' ? body.name.familyName : null;
        extra.active = body.active !== false;
        extra.lastModified = new Date().toISOString();
        return { status: 200, body: resource(state, updated.user, req.baseUrl), headers: { 'Content-Type': 'application/scim+json' }, applied: [`user.replace ${id} ${userName}|${String(body.externalId ?? '')}|${extra.active}`] };
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/Users\/([^/]+)$/,
      handle: (req) => {
        const id = req.params[0]!;
        if (!state.users.get(id)) return scimError(404, `User ${id} not found`);
        const body = (req.body ?? {}) as { schemas?: unknown; Operations?: unknown };
        if (!Array.isArray(body.schemas) || !body.schemas.includes(PATCH_SCHEMA) || !Array.isArray(body.Operations)) {
          return scimError(400, `A PatchOp body needs schemas ["${PATCH_SCHEMA}"] and Operations`, 'invalidSyntax');
        }
        // All or nothing: operations are checked against a snapshot and undone on error.
        const before = { user: { ...state.users.get(id)! }, extra: { ...state.extra.get(id)! } };
        for (const op of body.Operations as { op?: unknown; path?: unknown; value?: unknown }[]) {
          const error = applyPatchOp(state, id, op);
          if (error) {
            state.users.updateUser(id, { email: before.user.email ?? null, externalId: before.user.externalId ?? null });
            state.extra.set(id, before.extra);
            return error;
          }
        }
        return { status: 200, body: resource(state, state.users.get(id)!, req.baseUrl), headers: { 'Content-Type': 'application/scim+json' }, applied: [`user.patch ${id} ${JSON.stringify(body.Operations)}`] };
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/Users\/([^/]+)$/,
      handle: (req) => {
        // Productboard deprovisions rather than deletes: the user's notes stay.
        const extra = state.extra.get(req.params[0]!);
        if (!extra) return scimError(404, `User ${req.params[0]} not found`);
        extra.active = false;
        return { status: 204, applied: [`user.deactivate ${req.params[0]}`] };
      },
    },
    {
      method: 'GET',
      pattern: /^\/Groups$/,
      handle: (req) => {
        const { start, count } = page(req);
        const all = [...state.groups.values()];
        return listResponse(all.slice(start - 1, start - 1 + count).map((g) => groupResource(g, req.baseUrl)), all.length, start);
      },
    },
    {
      method: 'GET',
      pattern: /^\/Groups\/([^/]+)$/,
      handle: (req) => {
        const g = state.groups.get(req.params[0]!);
        return g ? { status: 200, body: groupResource(g, req.baseUrl) } : scimError(404, `Group ${req.params[0]} not found`);
      },
    },
    {
      method: 'POST',
      pattern: /^\/Groups$/,
      handle: (req) => {
        const body = (req.body ?? {}) as { displayName?: unknown; members?: { value?: unknown }[] };
        if (typeof body.displayName !== 'string' || !body.displayName.trim()) return scimError(400, 'displayName is required', 'invalidValue');
        if ([...state.groups.values()].some((g) => g.displayName === body.displayName)) return scimError(409, 'displayName is already in use', 'uniqueness');
        const members = (body.members ?? []).map((m) => String(m.value));
        const unknown = members.find((m) => !state.users.get(m));
        if (unknown) return scimError(400, `No user ${unknown}`, 'invalidValue');
        const g: ScimGroup = { id: state.newId(), displayName: body.displayName, members: new Set(members) };
        state.groups.set(g.id, g);
        return { status: 201, body: groupResource(g, req.baseUrl), applied: [`group.create ${g.displayName}`] };
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/Groups\/([^/]+)$/,
      handle: (req) => {
        const g = state.groups.get(req.params[0]!);
        if (!g) return scimError(404, `Group ${req.params[0]} not found`);
        const ops = (req.body as { Operations?: { op?: string; path?: string; value?: unknown }[] } | undefined)?.Operations;
        if (!Array.isArray(ops)) return scimError(400, 'Operations are required', 'invalidSyntax');
        const next = new Set(g.members);
        for (const op of ops) {
          const kind = (op.op ?? '').toLowerCase();
          const removeOne = /^members\[value eq "([^"]+)"\]$/.exec(op.path ?? '');
          if (kind === 'add' && (op.path ?? 'members') === 'members') for (const m of (op.value as { value: string }[]) ?? []) next.add(String(m.value));
          else if (kind === 'remove' && removeOne) next.delete(removeOne[1]!);
          else if (kind === 'remove' && op.path === 'members') for (const m of (op.value as { value: string }[] | undefined) ?? [...next].map((value) => ({ value }))) next.delete(String(m.value));
          else if (kind === 'replace' && op.path === 'members') {
            next.clear();
            for (const m of (op.value as { value: string }[]) ?? []) next.add(String(m.value));
          } else if (kind === 'replace' && op.path === 'displayName' && typeof op.value === 'string') g.displayName = op.value;
          else return scimError(400, `Unsupported group operation ${op.op} ${op.path ?? ''}`, 'invalidPath');
        }
        const unknown = [...next].find((m) => !state.users.get(m));
        if (unknown) return scimError(400, `No user ${unknown}`, 'invalidValue');
        g.members = next;
        return { status: 200, body: groupResource(g, req.baseUrl), applied: [`group.patch ${g.id}`] };
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/Groups\/([^/]+)$/,
      handle: (req) => (state.groups.delete(req.params[0]!) ? { status: 204, applied: [`group.delete ${req.params[0]}`] } : scimError(404, `Group ${req.params[0]} not found`)),
    },
  ];
}
