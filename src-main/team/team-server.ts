import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import { Server, type Extension } from '@hocuspocus/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openTeamServerStore, type TeamServerStore } from '../store/team-server/open-team-server-store';
import { AcceptedPlaces, refuseMemberUpdate } from '../../src-shared/team/write-rules';
import { yjsUpdateOf } from './incoming-update';
import { hashMemberToken } from './member-token';
import { redisPushLeases, storePushLeases, type PushLeases } from './push-leases';

export interface TeamServerOptions {
  port: number;
  host: string;
  dataDir: string;
  /** redis://host:port — several instances then share every document through it. */
  redisUrl?: string;
  /** How long a push lease lasts without being renewed. */
  leaseMs?: number;
}

export interface RunningTeamServer {
  url: string;
  port: number;
  close: () => Promise<void>;
}

/** How often connections of revoked members are looked for and closed. */
const REVOKE_SWEEP_MS = 2000;
const DEFAULT_LEASE_MS = 10 * 60_000;

/**
 * `rekey team serve`: Hocuspocus with the team's docs persisted in the data folder's
 * SQLite file (through @hocuspocus/extension-database over better-sqlite3), members
 * authenticated by token hash, and a small HTTP API on the same port for what a CRDT
 * cannot do: push leases (mutual exclusion) and the member list.
 */
export async function startTeamServer(options: TeamServerOptions): Promise<RunningTeamServer> {
  const store = openTeamServerStore(options.dataDir);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const leases = options.redisUrl ? await redisPushLeases(options.redisUrl) : storePushLeases(store);
  const extensions: Extension[] = [
    new Database({
      fetch: async ({ documentName }) => store.documents.get(documentName),
      store: async ({ documentName, state }) => store.documents.put(documentName, state, new Date().toISOString()),
    }),
  ];
  if (options.redisUrl) {
    const u = new URL(options.redisUrl);
    extensions.push(new Redis({
        host: u.hostname,
        port: Number(u.port || 6379),
        // The subscriber connection may subscribe before its first connect completes; ioredis's
        // ready check (an INFO) is then refused in subscriber mode and the connection drops.
        options: { enableReadyCheck: false },
      }));
  }
  const accepted = new Map<string, AcceptedPlaces>();
  const server = new Server({
    port: options.port,
    address: options.host,
    quiet: true,
    stopOnSignals: false,
    debounce: 200,
    maxDebounce: 1000,
    extensions,
    async onAuthenticate({ token }) {
      const member = token ? store.members.byTokenHash(hashMemberToken(token)) : undefined;
      // Hocuspocus answers the client with "permission denied"; the reason stays here.
      if (!member) throw new Error('unknown or revoked member token');
      return { member };
    },
    // A member writes only what is theirs (src-shared/team/write-rules.ts). A refused update
    // is dropped whole and its connection closed; the member's client keeps it as unsent.
    async beforeHandleMessage({ update, document, documentName, context }) {
      const change = yjsUpdateOf(update);
      if (!change) return;
      const member = (context as { member: string }).member;
      let places = accepted.get(documentName);
      if (!places) accepted.set(documentName, (places = new AcceptedPlaces()));
      const refusal = refuseMemberUpdate(document, documentName, change, member, places);
      if (refusal) {
        process.stderr.write(`team server: refused an update from ${member} to ${documentName} (${refusal.map} ${refusal.key}): ${refusal.reason}\n`);
        throw new Error(refusal.reason);
      }
    },
    async afterUnloadDocument({ documentName }) {
      accepted.delete(documentName);
    },
    async onRequest({ request, response }) {
      if (!request.url?.startsWith('/api/')) return;
      await handleApi(store, leases, leaseMs, request, response);
      // An empty rejection tells Hocuspocus the response is written.
      throw null;
    },
  });
  const hocuspocus = await server.listen();
  const sweep = setInterval(() => {
    for (const document of hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) {
        const member = (connection.context as { member?: string } | undefined)?.member;
        if (member && !store.members.list().some((m) => m.name === member && m.revokedAt === null)) connection.close();
      }
    }
  }, REVOKE_SWEEP_MS);
  sweep.unref();
  const port = server.address.port;
  return {
    url: `ws://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    port,
    close: async () => {
      clearInterval(sweep);
      await server.destroy();
      await leases.close();
      store.close();
    },
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

async function handleApi(store: TeamServerStore, leases: PushLeases, leaseMs: number, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const auth = request.headers.authorization ?? '';
  const member = auth.startsWith('Bearer ') ? store.members.byTokenHash(hashMemberToken(auth.slice(7))) : undefined;
  if (!member) return send(response, 401, { error: 'unknown or revoked member token' });
  const url = new URL(request.url ?? '/', 'http://team');
  const now = new Date();
  try {
    if (request.method === 'GET' && url.pathname === '/api/members') {
      return send(response, 200, { you: member, members: store.members.list().map((m) => ({ name: m.name, revoked: m.revokedAt !== null })) });
    }
    if (request.method === 'GET' && url.pathname === '/api/leases') {
      return send(response, 200, { leases: await leases.active(now) });
    }
    const lease = /^\/api\/leases\/([^/]+)\/(take|release)$/.exec(url.pathname);
    if (request.method === 'POST' && lease) {
      const changeSet = decodeURIComponent(lease[1]!);
      if (lease[2] === 'release') return send(response, 200, { released: await leases.release(changeSet, member) });
      const taken = await leases.take(changeSet, member, now, leaseMs);
      return send(response, taken.granted ? 200 : 409, taken);
    }
  } catch (e) {
    // Redis unreachable: the member is told the lease cannot be decided, never granted one.
    return send(response, 503, { error: `push leases are unavailable: ${(e as Error).message}` });
  }
  send(response, 404, { error: 'no such team API' });
}
