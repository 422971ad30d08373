import { IdentityIndex, type IdentityUser, type ResolveMode } from '../../../src-shared/resolver';
import type { Route, SandboxRequest, SandboxResponse, SystemStyle } from '../http-kit';
import { uuidFrom } from '../random';
import { intParam, pageOf } from './paging';

/** Productboard's error body (specs/productboard-openapi.json common.model_ApiErrors). */
export function pbError(status: number, code: string, title: string, detail: string, extra: Record<string, string> = {}): SandboxResponse {
  return { status, body: { errors: [{ code, title, detail }] }, headers: extra };
}

/**
 * The API description words errors three ways: /users answers `{errors: [{code, title,
 * detail}]}` (common.model_ApiErrors), notes and companies `{ok: false, errors: {source:
 * [...]}}` (ApiErrors), and the companies list's bad parameters `{code, title, detail}`
 * (ApiErrorsWithCode). Handlers and the shared fault answers write the first; this
 * rewrites the others, so every answer matches the description of the path it is for.
 */
export function productboardFinish(method: string, path: string, response: SandboxResponse): SandboxResponse {
  const errors = (response.body as { errors?: unknown } | undefined)?.errors;
  if (response.status < 400 || !Array.isArray(errors) || errors.length === 0) return response;
  const list = errors as { code: string; title: string; detail: string }[];
  if (method === 'GET' && path === '/companies' && (response.status === 400 || response.status === 422)) {
    const { code, title, detail } = list[0]!;
    return { ...response, body: { code, title, detail } };
  }
  if (/^\/(notes|companies)(\/|$)/.test(path)) return { ...response, body: { ok: false, errors: { source: list.map((e) => e.detail) } } };
  return response;
}

export const productboardStyle: SystemStyle = {
  unauthorized: () => pbError(401, 'authentication.failed', 'Unauthorized', 'The access token is missing or invalid'),
  rateLimited: (resetAt, now) =>
    pbError(429, 'rateLimit.exceeded', 'Too Many Requests', 'Rate limit exceeded', { 'Retry-After': String(Math.max(1, Math.ceil((resetAt - now) / 1000))) }),
  serverError: () => pbError(503, 'service.unavailable', 'Service Unavailable', 'Please try again later'),
  notFound: (path) => pbError(404, 'resource.notFound', 'Not Found', `No resource at ${path}`),
  badJson: () => pbError(400, 'request.invalid', 'Bad Request', 'The request body is not valid JSON'),
};

export interface PbCompany {
  id: string;
  name: string;
  domain: string | null;
}

export interface PbNote {
  id: string;
  title: string;
  content: string;
  userId: string | null;
  companyId: string | null;
  createdAt: string;
  /** Changed by PATCH; what `GET /notes?updatedFrom=` filters on. */
  updatedAt: string;
}

export interface PbMember {
  id: string;
  email: string;
  name: string;
  role: string;
}

/** The state of one Productboard space. Users are an IdentityIndex: the shared rules. */
export class ProductboardState {
  readonly users: IdentityIndex;
  readonly names = new Map<string, string>();
  readonly companies = new Map<string, PbCompany>();
  readonly notes: PbNote[] = [];
  readonly members: PbMember[] = [];
  /** Issued page cursors: offset, which list, and when they stop being valid. */
  readonly cursors = new Map<string, { list: 'notes' | 'members'; offset: number; expiresAt: number }>();

  constructor(
    readonly random: () => number,
    public cursorTtlMs = 60_000,
  ) {
    this.users = new IdentityIndex([], { newId: (used) => this.newUuid(used) });
  }

  newUuid(used: (id: string) => boolean = () => false): string {
    let id: string;
    do id = uuidFrom(this.random);
    while (used(id));
    return id;
  }
}

function userBody(state: ProductboardState, u: IdentityUser, baseUrl: string) {
  return {
    id: u.id,
    email: u.email ?? null,
    externalId: u.externalId ?? null,
    name: state.names.get(u.id) ?? null,
    // Not in the public schema; the sandbox shows it so a pull can see M4's company carry-over.
    company: u.companyId ? { id: u.companyId } : null,
    links: { self: `${baseUrl}/users/${u.id}` },
  };
}

const CONFLICT = {
  email_taken: ['email.conflict', 'Provided email is in conflict with email of a different user'],
  external_id_taken: ['externalId.conflict', 'Provided externalId is in conflict with externalId of a different user'],
} as const;

function userInput(body: unknown): { ok: true; data: { email?: string | null; externalId?: string | null; name?: string | null } } | { ok: false; response: SandboxResponse } {
  const data = (body as { data?: unknown } | undefined)?.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, response: pbError(400, 'request.invalid', 'Bad Request', 'The body must be {"data": {...}}') };
  }
  for (const field of ['email', 'externalId', 'name'] as const) {
    const v = (data as Record<string, unknown>)[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      return { ok: false, response: { ...pbError(400, 'request.invalid', 'Bad Request', `data.${field} must be a string or null`), body: { errors: [{ code: 'request.invalid', title: 'Bad Request', detail: `data.${field} must be a string or null`, source: { pointer: `/data/${field}` } }] } } };
    }
  }
  return { ok: true, data: data as { email?: string | null; externalId?: string | null; name?: string | null } };
}

function encodeCursor(state: ProductboardState, list: 'notes' | 'members', offset: number): string {
  const cursor = state.newUuid();
  state.cursors.set(cursor, { list, offset, expiresAt: Date.now() + state.cursorTtlMs });
  return cursor;
}

/** Cursor paging for /notes and /members: a cursor is valid for a minute, then 422. */
function cursorPage<T>(state: ProductboardState, req: SandboxRequest, list: 'notes' | 'members', items: readonly T[], maxLimit: number) {
  const limit = intParam(req.query.get('pageLimit'), 1, maxLimit);
  if (limit === 'invalid') return { error: pbError(400, 'parameter.invalid', 'Bad Request', `pageLimit must be 1–${maxLimit}`) };
  const raw = req.query.get('pageCursor');
  let offset = 0;
  if (raw) {
    const cursor = state.cursors.get(raw);
    if (!cursor || cursor.list !== list || cursor.expiresAt < Date.now()) {
      return { error: pbError(422, 'pageCursor.invalid', 'Unprocessable Entity', 'The page cursor is invalid or has expired; start again from the first page') };
    }
    offset = cursor.offset;
  }
  const { page, nextOffset } = pageOf(items, offset, limit ?? 100);
  return { page, cursor: nextOffset === null ? undefined : encodeCursor(state, list, nextOffset) };
}

function noteBody(n: PbNote) {
  return {
    id: n.id,
    title: n.title,
    content: n.content,
    ...(n.userId ? { user: { id: n.userId } } : {}),
    ...(n.companyId ? { company: { id: n.companyId } } : {}),
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
  };
}

/**
 * Resolves a note's user identity with the shared resolver: strict for the Notes API,
 * lenient for Insights-style ingest (SPEC §3).
 */
function attachNote(state: ProductboardState, user: { email?: unknown; external_id?: unknown } | undefined, mode: ResolveMode, title: string, content: string, index = 0) {
  const email = typeof user?.email === 'string' ? user.email : null;
  const externalId = typeof user?.external_id === 'string' ? user.external_id : null;
  const decision = user ? state.users.resolve({ email, externalId }, mode, index) : undefined;
  if (decision?.action === 'fail') return { decision };
  const userId = decision?.userId ?? null;
  const now = new Date().toISOString();
  const note: PbNote = {
    id: state.newUuid(),
    title,
    content,
    userId,
    companyId: userId ? (state.users.get(userId)?.companyId ?? null) : null,
    createdAt: now,
    updatedAt: now,
  };
  state.notes.push(note);
  return { decision, note };
}

export function productboardRoutes(state: ProductboardState): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/users$/,
      handle: (req) => {
        const limit = intParam(req.query.get('pageLimit'), 1, 100);
        const offset = intParam(req.query.get('pageOffset'), 0, Number.MAX_SAFE_INTEGER);
        if (limit === 'invalid' || offset === 'invalid') return pbError(400, 'parameter.invalid', 'Bad Request', 'pageLimit must be 1–100 and pageOffset ≥ 0');
        const from = offset ?? 0;
        const size = limit ?? 100;
        const page = state.users.page(from, size);
        const nextOffset = from + size < state.users.size ? from + size : null;
        return {
          status: 200,
          body: {
            data: page.map((u) => userBody(state, u, req.baseUrl)),
            links: { next: nextOffset === null ? null : `${req.baseUrl}/users?pageLimit=${limit ?? 100}&pageOffset=${nextOffset}` },
          },
        };
      },
    },
    {
      method: 'GET',
      pattern: /^\/users\/([^/]+)$/,
      handle: (req) => {
        const user = state.users.get(req.params[0]!);
        return user ? { status: 200, body: { data: userBody(state, user, req.baseUrl) } } : pbError(404, 'user.notFound', 'Not Found', 'Requested user could not be found');
      },
    },
    {
      method: 'POST',
      pattern: /^\/users$/,
      handle: (req) => {
        const input = userInput(req.body);
        if (!input.ok) return input.response;
        const created = state.users.createUser({ email: input.data.email, externalId: input.data.externalId });
        if (!created.ok) {
          const [code, detail] = CONFLICT[created.code as keyof typeof CONFLICT];
          return pbError(409, code, 'Conflict', detail);
        }
        if (input.data.name) state.names.set(created.user.id, input.data.name);
        return {
          status: 201,
          body: { data: { id: created.user.id }, links: { self: `${req.baseUrl}/users/${created.user.id}` } },
          applied: [`user.create ${created.user.email ?? ''}|${created.user.externalId ?? ''}`],
        };
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/users\/([^/]+)$/,
      handle: (req) => {
        const input = userInput(req.body);
        if (!input.ok) return input.response;
        const id = req.params[0]!;
        const patch: { email?: string | null; externalId?: string | null } = {};
        if ('email' in input.data) patch.email = input.data.email ?? null;
        if ('externalId' in input.data) patch.externalId = input.data.externalId ?? null;
        const updated = state.users.updateUser(id, patch);
        if (!updated.ok) {
          if (updated.code === 'not_found') return pbError(404, 'user.notFound', 'Not Found', 'Requested user could not be found');
          const [code, detail] = CONFLICT[updated.code];
          return pbError(409, code, 'Conflict', detail);
        }
        if (input.data.name !== undefined) {
          if (input.data.name) state.names.set(id, input.data.name);
          else state.names.delete(id);
        }
        return { status: 200, body: { data: userBody(state, updated.user, req.baseUrl) }, applied: [`user.update ${id} ${JSON.stringify(patch)}`] };
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/users\/([^/]+)$/,
      handle: (req) =>
        state.users.deleteUser(req.params[0]!) ? { status: 204, applied: [`user.delete ${req.params[0]}`] } : pbError(404, 'user.notFound', 'Not Found', 'Requested user could not be found'),
    },
    {
      method: 'GET',
      pattern: /^\/companies$/,
      handle: (req) => {
        const limit = intParam(req.query.get('pageLimit'), 1, 100);
        const offset = intParam(req.query.get('pageOffset'), 0, Number.MAX_SAFE_INTEGER);
        if (limit === 'invalid' || offset === 'invalid') return pbError(400, 'parameter.invalid', 'Bad Request', 'pageLimit must be 1–100 and pageOffset ≥ 0');
        const { page, nextOffset } = pageOf([...state.companies.values()], offset ?? 0, limit ?? 100);
        return {
          status: 200,
          body: {
            data: page.map((c) => ({ id: c.id, name: c.name, domain: c.domain ?? undefined })),
            links: { next: nextOffset === null ? null : `${req.baseUrl}/companies?pageLimit=${limit ?? 100}&pageOffset=${nextOffset}` },
          },
        };
      },
    },
    {
      method: 'GET',
      pattern: /^\/companies\/([^/]+)$/,
      handle: (req) => {
        const c = state.companies.get(req.params[0]!);
        return c ? { status: 200, body: { data: { id: c.id, name: c.name, domain: c.domain ?? undefined } } } : pbError(404, 'company.notFound', 'Not Found', 'Requested company could not be found');
      },
    },
    {
      method: 'POST',
      pattern: /^\/companies$/,
      handle: (req) => {
        const body = req.body as { name?: unknown; domain?: unknown } | undefined;
        if (typeof body?.name !== 'string' || !body.name.trim()) return pbError(400, 'request.invalid', 'Bad Request', 'name is required');
        const company: PbCompany = { id: state.newUuid(), name: body.name, domain: typeof body.domain === 'string' ? body.domain : null };
        state.companies.set(company.id, company);
        return { status: 201, body: { data: { id: company.id }, links: { html: `https://sandbox.productboard.local/companies/${company.id}` } }, applied: [`company.create ${company.name}`] };
      },
    },
    {
      method: 'GET',
      pattern: /^\/notes$/,
      handle: (req) => {
        // updatedFrom (inclusive): only the notes changed since then, as an incremental pull asks.
        const from = req.query.get('updatedFrom');
        const since = from ? Date.parse(from) : undefined;
        if (since !== undefined && Number.isNaN(since)) return pbError(400, 'parameter.invalid', 'Bad Request', 'updatedFrom must be a date-time');
        const notes = since === undefined ? state.notes : state.notes.filter((n) => Date.parse(n.updatedAt) >= since);
        const result = cursorPage(state, req, 'notes', notes, 2000);
        if ('error' in result) return result.error!;
        return { status: 200, body: { data: result.page.map(noteBody), ...(result.cursor ? { pageCursor: result.cursor } : {}), totalResults: notes.length } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/notes\/([^/]+)$/,
      handle: (req) => {
        const note = state.notes.find((n) => n.id === req.params[0]);
        return note ? { status: 200, body: { data: noteBody(note) } } : pbError(404, 'note.notFound', 'Not Found', 'Requested note could not be found');
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/notes\/([^/]+)$/,
      handle: (req) => {
        const note = state.notes.find((n) => n.id === req.params[0]);
        if (!note) return pbError(404, 'note.notFound', 'Not Found', 'Requested note could not be found');
        const data = (req.body as { data?: { title?: unknown; user?: { email?: unknown; external_id?: unknown } } } | undefined)?.data;
        if (!data || typeof data !== 'object') return pbError(400, 'request.invalid', 'Bad Request', 'data is required');
        if (data.title !== undefined && data.title !== null) {
          if (typeof data.title !== 'string') return pbError(400, 'request.invalid', 'Bad Request', 'title must be a string');
          note.title = data.title;
        }
        note.updatedAt = new Date().toISOString();
        if (data.user !== undefined && data.user !== null) {
          // As on create: the user is resolved strictly by email and external id (SPEC §3).
          const email = typeof data.user.email === 'string' ? data.user.email : null;
          const externalId = typeof data.user.external_id === 'string' ? data.user.external_id : null;
          const decision = state.users.resolve({ email, externalId }, 'strict');
          if (decision.action === 'fail') {
            return decision.reason === 'no_identity'
              ? pbError(400, 'request.invalid', 'Bad Request', 'user needs an email or an external_id')
              : pbError(409, 'email.conflict', 'Conflict', 'The email belongs to a user with a different external ID (email_taken_by_other_external_id)');
          }
          note.userId = decision.userId ?? null;
          note.companyId = decision.userId ? (state.users.get(decision.userId)?.companyId ?? null) : null;
        }
        // The API description gives PATCH /notes/{id} a 201, not a 200.
        return { status: 201, body: { data: noteBody(note) }, applied: [`note.update ${note.id} ${note.userId ?? ''}`] };
      },
    },
    {
      method: 'POST',
      pattern: /^\/notes$/,
      handle: (req) => {
        const body = req.body as { title?: unknown; content?: unknown; user?: { email?: unknown; external_id?: unknown } } | undefined;
        if (typeof body?.title !== 'string' || typeof body.content !== 'string') return pbError(400, 'request.invalid', 'Bad Request', 'title and content are required');
        const { decision, note } = attachNote(state, body.user, 'strict', body.title, body.content);
        if (!note) {
          const detail = decision?.reason === 'no_identity' ? 'user needs an email or an external_id' : 'The email belongs to a user with a different external ID (email_taken_by_other_external_id)';
          return pbError(decision?.reason === 'no_identity' ? 400 : 409, decision?.reason === 'no_identity' ? 'request.invalid' : 'email.conflict', decision?.reason === 'no_identity' ? 'Bad Request' : 'Conflict', detail);
        }
        return {
          status: 201,
          body: { data: { id: note.id }, links: { html: `https://sandbox.productboard.local/inbox/notes/${note.id}` } },
          applied: [`note.create ${note.id}`, ...(decision && decision.action !== 'match' ? [`user.${decision.action} ${decision.userId}`] : [])],
        };
      },
    },
    {
      method: 'GET',
      pattern: /^\/members$/,
      handle: (req) => {
        const result = cursorPage(state, req, 'members', state.members, 100);
        if ('error' in result) return result.error!;
        return { status: 200, body: { data: result.page, ...(result.cursor ? { pageCursor: result.cursor } : {}) } };
      },
    },
    {
      method: 'POST',
      pattern: /^\/insights\/ingest$/,
      handle: (req) => {
        // Insights-style ingest (SPEC §3 lenient): processing never fails on a conflict.
        const rows = (req.body as { data?: unknown } | undefined)?.data;
        if (!Array.isArray(rows) || rows.length === 0 || rows.length > 1000) return pbError(400, 'request.invalid', 'Bad Request', 'data must be an array of 1–1000 items');
        const results = rows.map((row: { user?: { email?: unknown; external_id?: unknown }; title?: unknown; content?: unknown }, index) => {
          const { decision, note } = attachNote(state, row.user ?? {}, 'lenient', typeof row.title === 'string' ? row.title : 'Insight', typeof row.content === 'string' ? row.content : '', index);
          return { ...decision!, noteId: note?.id ?? null };
        });
        return {
          status: 200,
          body: { data: results },
          applied: results.flatMap((r) => (r.noteId ? [`note.create ${r.noteId}`] : []).concat(r.action !== 'match' && r.action !== 'fail' ? [`user.${r.action} ${r.userId}`] : [])),
        };
      },
    },
  ];
}

/** Every Productboard REST request needs `X-Version: 1` (missing or wrong → 400). */
export function productboardPrecheck(req: SandboxRequest): SandboxResponse | undefined {
  const version = req.headers['x-version'];
  if (version !== '1') {
    return pbError(400, 'header.invalid', 'Bad Request', version === undefined ? 'The X-Version header is required (X-Version: 1)' : `Unsupported X-Version "${String(version)}"; use 1`);
  }
  return undefined;
}
