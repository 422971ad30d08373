import { failed } from '../../../src-shared/errors';
import type { PulledRecord } from '../../../src-shared/model/record';
import type { Connector } from './connector';

/** SPEC §6: look-ups are 50 identifiers a call. */
export const BRAZE_LOOKUP = 50;

interface BrazeUser {
  braze_id: string;
  external_id: string | null;
  deprecated_external_ids?: string[];
  email: string | null;
  first_name?: string;
  last_name?: string;
}

/**
 * Braze-style APIs cannot list every user (SPEC §6): a pull looks up, 50 a call, every
 * external id (primary and deprecated) and email the workspace knows from its other
 * connections and staged change sets, and stores the users found. The cursor is the
 * position in that sorted list, so an interrupted pull resumes where it stopped.
 */
export function brazeConnector(): Connector {
  let keys: { kind: 'external_ids' | 'email_addresses'; value: string }[] | undefined;
  return {
    stages: [['users']],
    probe: { method: 'POST', path: '/users/export/ids', body: { external_ids: ['rekey-connection-test'] } },
    start: () => ({ offset: 0 }),
    async page(client, _resource, cursor, ctx, signal) {
      if (!keys) {
        const known = await ctx.knownIds();
        keys = [
          ...[...new Set(known.externalIds)].sort().map((value) => ({ kind: 'external_ids' as const, value })),
          ...[...new Set(known.emails.map((e) => e.toLowerCase()))].sort().map((value) => ({ kind: 'email_addresses' as const, value })),
        ];
      }
      const { offset } = cursor as { offset: number };
      const chunk = keys.slice(offset, offset + BRAZE_LOOKUP);
      if (chunk.length === 0) return { records: [], next: null, total: keys.length };
      const body = {
        external_ids: chunk.filter((k) => k.kind === 'external_ids').map((k) => k.value),
        email_addresses: chunk.filter((k) => k.kind === 'email_addresses').map((k) => k.value),
      };
      const res = await client.request({ method: 'POST', path: '/users/export/ids', body, idempotent: true }, signal);
      if (res.status >= 300) throw failed('http_error', `POST /users/export/ids answered HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
      const users = ((res.body as { users?: BrazeUser[] }).users ?? []) as BrazeUser[];
      const next = offset + chunk.length < keys.length ? { offset: offset + chunk.length } : null;
      return {
        records: users.map((u): PulledRecord => ({
          remoteId: u.braze_id,
          email: u.email,
          externalId: u.external_id,
          deprecatedExternalIds: u.deprecated_external_ids ?? [],
          name: [u.first_name, u.last_name].filter(Boolean).join(' ') || null,
          company: null,
          status: 'active',
          raw: u,
        })),
        next,
        total: keys.length,
      };
    },
  };
}
