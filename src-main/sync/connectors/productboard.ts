import { failed } from '../../../src-shared/errors';
import type { PulledRecord } from '../../../src-shared/model/record';
import type { ApiClient } from '../http/api-client';
import type { Connector, Page } from './connector';

interface PbUser {
  id: string;
  email: string | null;
  externalId: string | null;
  name: string | null;
  company?: { id: string } | null;
}

interface PbMember {
  id: string;
  email: string;
  name: string | null;
  role?: string;
}

function check(status: number, body: unknown, what: string): void {
  if (status === 422) throw failed('cursor_expired', `${what}: the page cursor expired (422)`);
  if (status < 200 || status >= 300) throw failed('http_error', `${what} answered HTTP ${status}: ${JSON.stringify(body).slice(0, 200)}`);
}

interface NotesCursor {
  pageCursor: string | null;
  /** Incremental: only notes updated from this time (`updatedFrom`). */
  since?: string;
}

/**
 * Notes, 2,000 a page (the most the API gives) by `pageCursor`: only which user each
 * belongs to is kept, for merges. A stale cursor (422) restarts the list; upserts make it
 * safe. Incremental: `updatedFrom` asks only for the notes changed since the last pull.
 */
async function notesPage(client: ApiClient, c: NotesCursor, signal?: AbortSignal): Promise<Page> {
  const since = c.since ? `&updatedFrom=${encodeURIComponent(c.since)}` : '';
  const path = `/notes?pageLimit=2000${since}${c.pageCursor ? `&pageCursor=${encodeURIComponent(c.pageCursor)}` : ''}`;
  const keep = c.since ? { since: c.since } : {};
  const res = await client.request({ method: 'GET', path, idempotent: true }, signal);
  if (res.status === 422 && c.pageCursor) return { records: [], next: { pageCursor: null, ...keep } };
  check(res.status, res.body, 'GET /notes');
  const body = res.body as { data: { id: string; title?: string; user?: { id?: string } | null }[]; pageCursor?: string; totalResults?: number };
  return {
    records: [],
    notes: body.data.map((n) => ({ noteId: n.id, userId: n.user?.id ?? null, title: n.title ?? null })),
    next: body.pageCursor ? { pageCursor: body.pageCursor, ...keep } : null,
  };
}

/**
 * Productboard REST (SPEC §6): users and companies page by `links.next`; members (seed
 * 001) and notes by `pageCursor`. Companies are read first so user records carry company
 * names; then users, members and notes page side by side (none needs another), so the
 * notes' slower 2,000-note pages do not leave the token's rate slots unused.
 */
export function productboardConnector(): Connector {
  const companyNames = new Map<string, string>();
  return {
    stages: [['companies'], ['users', 'members', 'notes']],
    // Users, members and companies have no "changed since" filter: they are read whole each time.
    incremental: ['notes'],
    probe: { method: 'GET', path: '/users?pageLimit=1' },
    start: (resource, since) =>
      resource === 'notes' ? { pageCursor: null, ...(since ? { since } : {}) } : resource === 'members' ? { pageCursor: null } : { next: `/${resource}?pageLimit=100` },
    async page(client, resource, cursor, _ctx, signal) {
      if (resource === 'notes') return notesPage(client, cursor as NotesCursor, signal);
      if (resource === 'members') {
        const c = cursor as { pageCursor: string | null };
        const path = c.pageCursor ? `/members?pageCursor=${encodeURIComponent(c.pageCursor)}` : '/members';
        const res = await client.request({ method: 'GET', path, idempotent: true }, signal);
        if (res.status === 422 && c.pageCursor) {
          // A cursor lives a minute: an interrupted pull restarts this list, upserts make it safe.
          return { records: [], next: { pageCursor: null } };
        }
        check(res.status, res.body, 'GET /members');
        const body = res.body as { data: PbMember[]; pageCursor?: string };
        return {
          records: body.data.map((m): PulledRecord => ({
            remoteId: `member:${m.id}`,
            email: m.email,
            externalId: null,
            deprecatedExternalIds: [],
            name: m.name,
            company: null,
            status: 'member',
            raw: m,
          })),
          next: body.pageCursor ? { pageCursor: body.pageCursor } : null,
        };
      }
      const c = cursor as { next: string };
      const res = await client.request({ method: 'GET', path: c.next, idempotent: true }, signal);
      check(res.status, res.body, `GET /${resource}`);
      const body = res.body as { data: unknown[]; links?: { next?: string | null } };
      const next = body.links?.next ? { next: body.links.next } : null;
      if (resource === 'companies') {
        for (const co of body.data as { id: string; name?: string }[]) companyNames.set(co.id, co.name ?? co.id);
        return { records: [], next };
      }
      return {
        records: (body.data as PbUser[]).map((u): PulledRecord => ({
          remoteId: u.id,
          email: u.email,
          externalId: u.externalId,
          deprecatedExternalIds: [],
          name: u.name,
          company: u.company ? (companyNames.get(u.company.id) ?? u.company.id) : null,
          status: 'active',
          raw: u,
        })),
        next,
      };
    },
  };
}
