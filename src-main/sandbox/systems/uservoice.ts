import { emptyUvState, externalUsersOf, importAccount, importExternalUser, reattach, type UvState } from '../../../src-shared/uservoice/uservoice-state';
import type { Route, SandboxResponse, SystemStyle } from '../http-kit';

function uvError(status: number, message: string, headers: Record<string, string> = {}): SandboxResponse {
  return { status, body: { errors: { message } }, headers };
}

export const uservoiceStyle: SystemStyle = {
  unauthorized: () => uvError(401, 'Invalid or missing access token'),
  // UserVoice's Retry-After is a Unix time (seconds since the epoch), not a delay (SPEC §6).
  rateLimited: (resetAt) => uvError(429, 'Rate limit exceeded', { 'Retry-After': String(Math.ceil(resetAt / 1000)) }),
  serverError: () => uvError(503, 'Service unavailable'),
  notFound: (path) => uvError(404, `Not found: ${path}`),
  badJson: () => uvError(400, 'The request body is not valid JSON'),
};

export const UV_BATCH = 1000;

interface BulkJob {
  id: string;
  rows: { email?: unknown; name?: unknown; external_id?: unknown }[];
  status: 'queued' | 'completed';
  readyAt: number;
  results?: unknown[];
}

/** Seed 002: deep paging of GET /users "will degrade in performance" above about 10k users. */
export const UV_DEEP_PAGING_FROM = 10_000;

/** A UserVoice site: the SPEC §5 state plus asynchronous bulk_identify jobs. */
export class UserVoiceState {
  readonly uv: UvState = emptyUvState(1000);
  readonly jobs = new Map<string, BulkJob>();
  private jobSeq = 0;
  /**
   * The deep-paging slowdown seed 002 warns about, off (0) by default: a users page that
   * starts past the first 10,000 users waits this many ms for each 10,000 users before it,
   * as an OFFSET query does. 100k users at 10 ms: the last pages wait 90 ms each.
   */
  deepPagingMs = 0;
  constructor(public bulkDelayMs = 500) {}

  /** How long a users page starting at `offset` is held back (see deepPagingMs). */
  pagingDelayMs(offset: number): number {
    return offset < UV_DEEP_PAGING_FROM ? 0 : Math.floor(offset / UV_DEEP_PAGING_FROM) * this.deepPagingMs;
  }

  newJobId(): string {
    return `job-${++this.jobSeq}`;
  }
}

function userBody(state: UvState, id: number) {
  const u = state.users.get(id)!;
  // Through the per-user index: a page costs its own users, not a scan of every external user.
  const externals = externalUsersOf(state, id);
  return {
    id: u.id,
    email_address: u.email,
    name: u.name,
    external_users: externals.map((e) => ({
      id: e.id,
      email: e.email,
      name: e.name,
      external_accounts: e.accountIds.map((a) => {
        const acc = state.accounts.get(a)!;
        return { id: acc.id, name: acc.name, mrr: acc.mrr, ltv: acc.ltv, custom_fields: acc.custom };
      }),
    })),
  };
}

/** Runs jobs whose time has come; called on each request (no timers to leak). */
function settleJobs(state: UserVoiceState): string[] {
  const applied: string[] = [];
  for (const job of state.jobs.values()) {
    if (job.status !== 'queued' || job.readyAt > Date.now()) continue;
    job.results = job.rows.map((row, index) => {
      const r = importExternalUser(state.uv, { id: row.external_id, email: row.email, name: row.name });
      if (r.ok) applied.push(`identify ${r.externalUserId}`);
      return r.ok ? { index, status: 'ok', user_id: r.userId, external_user_id: r.externalUserId } : { index, status: 'error', code: r.code, message: r.message };
    });
    job.status = 'completed';
  }
  return applied;
}

function batch(body: unknown, field: string): unknown[] | SandboxResponse {
  const rows = (body as Record<string, unknown> | undefined)?.[field];
  if (!Array.isArray(rows) || rows.length === 0) return uvError(400, `${field} must be a non-empty array`);
  if (rows.length > UV_BATCH) return uvError(400, `${field} has ${rows.length} rows; at most ${UV_BATCH} per call`);
  return rows;
}

export function uservoiceRoutes(state: UserVoiceState): Route[] {
  const base = '/api/v2/admin';
  const withJobs = (route: Route): Route => ({
    ...route,
    handle: (req) => {
      const jobApplied = settleJobs(state);
      const response = route.handle(req);
      return jobApplied.length ? { ...response, applied: [...(response.applied ?? []), ...jobApplied] } : response;
    },
  });
  const routes: Route[] = [
    {
      method: 'GET',
      pattern: new RegExp(`^${base}/users$`),
      handle: (req) => {
        const perPage = Number(req.query.get('per_page') ?? '100');
        const page = Number(req.query.get('page') ?? '1');
        if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return uvError(400, 'per_page must be between 1 and 100');
        if (!Number.isInteger(page) || page < 1) return uvError(400, 'page must be 1 or more');
        const ids = state.uv.userOrder;
        const offset = (page - 1) * perPage;
        const slice = ids.slice(offset, offset + perPage);
        const delayMs = state.pagingDelayMs(offset);
        return {
          status: 200,
          body: { users: slice.map((id) => userBody(state.uv, id)), pagination: { page, per_page: perPage, pages: Math.ceil(ids.length / perPage), total_records: ids.length } },
          ...(delayMs > 0 ? { delayMs } : {}),
        };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${base}/external_users/import$`),
      handle: (req) => {
        const rows = batch(req.body, 'external_users');
        if (!Array.isArray(rows)) return rows;
        const results = rows.map((row, index) => {
          const r = importExternalUser(state.uv, row as Record<string, unknown>);
          return r.ok
            ? { index, status: 'ok', external_user_id: r.externalUserId, user_id: r.userId, action: r.action, external_account_id: r.accountId }
            : { index, status: 'error', code: r.code, message: r.message };
        });
        return { status: 200, body: { results }, applied: results.flatMap((r) => (r.status === 'ok' ? [`external_user ${String(r.external_user_id)} ${JSON.stringify(rows[r.index])}`] : [])) };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${base}/external_accounts/import$`),
      handle: (req) => {
        const rows = batch(req.body, 'external_accounts');
        if (!Array.isArray(rows)) return rows;
        const results = rows.map((row, index) => {
          const r = importAccount(state.uv, row as Record<string, unknown>);
          return r.ok ? { index, status: 'ok', external_account_id: r.accountId } : { index, status: 'error', code: r.code, message: r.message };
        });
        return { status: 200, body: { results }, applied: results.flatMap((r) => (r.status === 'ok' ? [`external_account ${String((r as { external_account_id: string }).external_account_id)}`] : [])) };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${base}/bulk_identify$`),
      handle: (req) => {
        const rows = batch(req.body, 'users');
        if (!Array.isArray(rows)) return rows;
        const job: BulkJob = { id: state.newJobId(), rows: rows as BulkJob['rows'], status: 'queued', readyAt: Date.now() + state.bulkDelayMs };
        state.jobs.set(job.id, job);
        return { status: 202, body: { job: { id: job.id, status: job.status, rows: rows.length } }, applied: [`bulk_identify.accepted ${job.id}`] };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${base}/bulk_identify/([^/]+)$`),
      handle: (req) => {
        const job = state.jobs.get(req.params[0]!);
        if (!job) return uvError(404, `no job ${req.params[0]}`);
        return { status: 200, body: { job: { id: job.id, status: job.status, rows: job.rows.length, ...(job.results ? { results: job.results } : {}) } } };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${base}/external_users/([^/]+)/reattach$`),
      handle: (req) => {
        const userId = Number((req.body as { user_id?: unknown } | undefined)?.user_id);
        if (!Number.isInteger(userId)) return uvError(400, 'user_id must be a UserVoice user id');
        const r = reattach(state.uv, req.params[0]!, userId);
        if (!r.ok) return uvError(404, r.message);
        return { status: 200, body: { external_user: { id: req.params[0], user_id: userId, previous_user_id: r.from } }, applied: [`reattach ${req.params[0]} ${r.from}->${userId}`] };
      },
    },
  ];
  return routes.map(withJobs);
}
