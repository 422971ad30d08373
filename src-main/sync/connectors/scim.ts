import { failed } from '../../../src-shared/errors';
import type { PulledRecord } from '../../../src-shared/model/record';
import type { Connector } from './connector';

interface ScimUser {
  id: string;
  externalId?: string;
  userName?: string;
  displayName?: string;
  name?: { formatted?: string; givenName?: string; familyName?: string };
  emails?: { value?: string; primary?: boolean }[];
  active?: boolean;
}

const PAGE = 100;

/** SCIM 2.0 user → record: emails[primary] (or the first email, or an email-like userName). */
export function scimRecord(u: ScimUser): PulledRecord {
  const primary = u.emails?.find((e) => e.primary)?.value ?? u.emails?.[0]?.value ?? (u.userName?.includes('@') ? u.userName : undefined);
  const formatted = u.name?.formatted ?? ([u.name?.givenName, u.name?.familyName].filter(Boolean).join(' ') || undefined);
  return {
    remoteId: u.id,
    email: primary ?? null,
    externalId: u.externalId ?? null,
    deprecatedExternalIds: [],
    name: formatted ?? u.displayName ?? null,
    company: null,
    status: u.active === false ? 'deactivated' : 'active',
    raw: u,
  };
}

/** The filter of an incremental read (RFC 7644 §3.4.2.2: `gt` on a dateTime attribute). */
export const changedSince = (since: string) => `meta.lastModified gt "${since}"`;

/** RFC 7644 §3.12: a 400 with scimType invalidFilter, the filter is not supported. */
function refusedFilter(status: number, body: unknown): string | undefined {
  if (status !== 400) return undefined;
  const b = body as { scimType?: unknown; detail?: unknown } | null;
  if (b?.scimType !== 'invalidFilter') return undefined;
  return `the server cannot list only the users changed since the last pull${typeof b.detail === 'string' ? ` (it said: ${b.detail.slice(0, 160)})` : ''}, so this connection is always pulled whole`;
}

/**
 * Any SCIM 2.0 server (RFC 7644 §3.4.2.4), not only ours: 1-based startIndex; the next
 * page starts after the Resources actually returned, so a server that ignores `count`
 * or returns fewer is followed correctly; stop at totalResults or an empty page.
 * Incremental: `filter=meta.lastModified gt "SINCE"`; a server that answers 400
 * invalidFilter is read whole instead (and the engine remembers it).
 */
export function scimConnector(): Connector {
  return {
    stages: [['users']],
    incremental: ['users'],
    probe: { method: 'GET', path: '/Users?startIndex=1&count=1' },
    start: (_resource, since) => (since ? { startIndex: 1, since } : { startIndex: 1 }),
    async page(client, _resource, cursor, _ctx, signal) {
      const { startIndex, since } = cursor as { startIndex: number; since?: string };
      const filter = since ? `&filter=${encodeURIComponent(changedSince(since))}` : '';
      const res = await client.request({ method: 'GET', path: `/Users?startIndex=${startIndex}&count=${PAGE}${filter}`, idempotent: true }, signal);
      const refused = since ? refusedFilter(res.status, res.body) : undefined;
      if (refused) return { records: [], next: { startIndex: 1 }, fullInstead: refused };
      if (res.status !== 200) throw failed('http_error', `GET /Users answered HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
      const body = res.body as { totalResults?: number; Resources?: ScimUser[]; startIndex?: number };
      const resources = body.Resources ?? [];
      // A server that counts from 0 answers startIndex 0 to our 1: keep our own count.
      const next = startIndex + resources.length;
      const total = typeof body.totalResults === 'number' ? body.totalResults : undefined;
      const done = resources.length === 0 || (total !== undefined && next > total);
      return { records: resources.map(scimRecord), next: done ? null : { startIndex: next, ...(since ? { since } : {}) }, ...(total !== undefined ? { total } : {}) };
    },
  };
}
