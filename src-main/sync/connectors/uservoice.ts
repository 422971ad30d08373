import { failed } from '../../../src-shared/errors';
import type { PulledRecord } from '../../../src-shared/model/record';
import type { Connector } from './connector';

/** Seed 002: listing users "is only recommended if you have fewer than 10k UserVoice users". */
export const UV_LIST_ADVISED_MAX = 10_000;

/**
 * Pages asked for ahead of the one being read: deep pages answer slowly (seed 002), and
 * at 1,000 requests a minute a page answered later than 60 ms would otherwise waste slots.
 */
const AHEAD = 3;

/** The plain-words warning for a UserVoice account too large to page through well. */
export function largeAccountWarning(total: number): string {
  return (
    `This UserVoice account has ${total.toLocaleString('en-US')} users. UserVoice advises listing users only below 10,000: ` +
    'its later pages answer more and more slowly, so this pull may take much longer than the rate limit alone explains.'
  );
}

interface UvUser {
  id: number;
  email_address: string;
  name: string | null;
  external_users?: { id: string; email: string | null; external_accounts?: { id: string; name: string | null }[] }[];
}

/**
 * UserVoice admin API v2: users with their external users and accounts, page/per_page
 * (≤ 100). A UserVoice user may hold several external users (SPEC §5); the record keeps
 * the first (by id) as its external id and all of them in raw.
 */
export function uservoiceConnector(): Connector {
  return {
    stages: [['users']],
    probe: { method: 'GET', path: '/api/v2/admin/users?page=1&per_page=1' },
    start: () => ({ page: 1 }),
    async page(client, _resource, cursor, _ctx, signal) {
      const { page } = cursor as { page: number };
      const res = await client.request({ method: 'GET', path: `/api/v2/admin/users?page=${page}&per_page=100`, idempotent: true }, signal);
      if (res.status !== 200) throw failed('http_error', `GET /api/v2/admin/users answered HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
      const body = res.body as { users: UvUser[]; pagination?: { pages?: number; total_records?: number } };
      const pages = body.pagination?.pages;
      const done = body.users.length === 0 || (pages !== undefined && page >= pages);
      const total = body.pagination?.total_records;
      return {
        ...(total !== undefined && total > UV_LIST_ADVISED_MAX ? { warning: largeAccountWarning(total) } : {}),
        records: body.users.map((u): PulledRecord => {
          const externals = [...(u.external_users ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1));
          return {
            remoteId: String(u.id),
            email: u.email_address,
            externalId: externals[0]?.id ?? null,
            deprecatedExternalIds: [],
            name: u.name,
            company: externals[0]?.external_accounts?.[0]?.name ?? null,
            status: 'active',
            raw: u,
          };
        }),
        next: done ? null : { page: page + 1 },
        // Pages are numbered and their count is known: the next few can be asked for at once.
        ...(!done && pages !== undefined ? { ahead: Array.from({ length: Math.max(0, Math.min(AHEAD, pages - page - 1)) }, (_, i) => ({ page: page + 2 + i })) } : {}),
        ...(body.pagination?.total_records !== undefined ? { total: body.pagination.total_records } : {}),
      };
    },
  };
}
