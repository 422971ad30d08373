import { randomUUID } from 'node:crypto';
import type { PullProgress } from '../../src-shared/contract/events';
import { failed, isRekeyError } from '../../src-shared/errors';
import type { Connection } from '../../src-shared/model/connection';
import type { PullResult } from '../../src-shared/model/pull';
import { linkPersons } from '../../src-shared/persons/link-persons';
import type { Connector } from '../sync/connectors/connector';
import { connectorFor } from '../sync/connectors';
import { ApiClient } from '../sync/http/api-client';
import { Pacer } from '../sync/http/pacer';
import { authHeaders, paceFor } from '../sync/kind-limits';
import { buildIdentitySnapshot } from './identity-snapshot';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';

export type { PullResult };

export interface PullOptions {
  signal?: AbortSignal;
  onProgress?: (progress: PullProgress) => void;
  /** Tests and benchmarks: a different pace than the kind's real limit. */
  ratePerSecond?: number;
}

/** The HTTP client of a connection: its token, its pace, the sync engine's retry rules. */
export function clientFor(ctx: ServiceContext, connection: Connection, rate?: number, limits: { maxRetries?: number; timeoutMs?: number } = {}): ApiClient {
  return new ApiClient({
    name: `connection "${connection.name}"`,
    baseUrl: connection.baseUrl,
    headers: authHeaders(connection.kind, ctx.secrets.tokenFor(connection, ctx.workspace.connections.tokenRef(connection.id))),
    pacer: new Pacer(rate ?? connection.ratePerSecond ?? paceFor(connection.kind)),
    ...limits,
  });
}

/** What a Braze-style pull looks up: every id and email known from other connections. */
function knownIds(ctx: ServiceContext, connection: Connection) {
  return () => {
    const externalIds: string[] = [];
    const emails: string[] = [];
    for (const r of ctx.workspace.records.list()) {
      if (r.connection === connection.name || r.vanishedAt) continue;
      if (r.externalId) externalIds.push(r.externalId);
      externalIds.push(...r.deprecatedExternalIds);
      if (r.email) emails.push(r.email);
    }
    for (const cs of ctx.workspace.changeSets.list()) {
      if (cs.connection !== connection.name) continue;
      for (const row of ctx.workspace.changeSets.rows(cs.id)) {
        for (const key of ['current_external_id', 'new_external_id', 'external_id', 'externalId'] as const) {
          const v = row.payload[key];
          if (typeof v === 'string' && v.trim()) externalIds.push(v.trim());
        }
        // An import names emails too: a profile known only by its email is found by it.
        if (typeof row.payload.email === 'string' && row.payload.email.trim()) emails.push(row.payload.email.trim());
      }
    }
    return { externalIds, emails };
  };
}

/**
 * Pulls a connection into the workspace (SPEC §7.1, issue 6): each page and its cursor
 * are committed in one transaction, so an interrupted pull resumes from the last
 * committed page with nothing lost or duplicated; a complete pull marks the records
 * the remote no longer lists as vanished, then persons are linked again.
 */
export async function pullConnection(ctx: ServiceContext, name: string, options: PullOptions = {}): Promise<PullResult> {
  const { workspace } = ctx;
  const connection = requireConnection(ctx, name);
  const connector: Connector = connectorFor(connection.kind);
  const resources = connector.stages.flat();
  const client = clientFor(ctx, connection, options.ratePerSecond);
  const states = resources.map((r) => workspace.pullState.get(connection.id, r));
  const unfinished = states.find((s) => s && s.status !== 'done');
  const resumed = Boolean(unfinished);
  const runId = unfinished?.runId ?? randomUUID();
  const now = () => new Date().toISOString();
  let pages = 0;
  const started = Date.now();
  // Lists that do not say their size (Productboard users) are estimated from the last pull.
  const previous = workspace.records.count({ connection: connection.name, live: true });

  /** Pages one list to its end from where it stands; `stopped`: a sibling list failed. */
  const pullResource = async (resource: string, signal: AbortSignal, stopped: () => boolean): Promise<void> => {
    const state = workspace.pullState.get(connection.id, resource);
    if (state?.runId === runId && state.status === 'done') return;
    let cursor: unknown;
    let rows = 0;
    let resourcePages = 0;
    if (state?.runId === runId && state.cursor !== null) {
      cursor = state.cursor;
      rows = state.rows;
      resourcePages = state.pages;
    } else {
      workspace.transaction(() => workspace.pullState.start(connection.id, resource, runId, now()));
      cursor = connector.start(resource);
    }
    const pullCtx = { knownIds: knownIds(ctx, connection) };
    try {
      // The next page is requested while this one is committed: the network wait and
      // the SQLite write overlap, and a crash still resumes after the last commit.
      let pending = cursor === null ? undefined : connector.page(client, resource, cursor, pullCtx, signal);
      while (pending) {
        const page = await pending;
        pending = page.next === null ? undefined : connector.page(client, resource, page.next, pullCtx, signal);
        pending?.catch(() => undefined); // surfaced when awaited; not an unhandled rejection meanwhile
        workspace.transaction(() => {
          workspace.records.upsertPage(connection.id, runId, page.records, now());
          if (page.notes) workspace.noteLinks.upsertPage(connection.id, runId, page.notes);
          workspace.pullState.advance(connection.id, resource, page.next, page.records.length, counters(client), now());
        });
        cursor = page.next;
        rows += page.records.length;
        resourcePages++;
        pages++;
        const elapsed = Date.now() - started;
        options.onProgress?.({
          connection: connection.name,
          resource,
          pages: resourcePages,
          rows,
          ...counters(client),
          ...eta(page.total ?? (resource === 'users' && previous > rows ? previous : undefined), rows, elapsed),
          done: cursor === null,
        });
      }
      workspace.transaction(() => workspace.pullState.finish(connection.id, resource, 'done', null, counters(client), now()));
    } catch (e) {
      // Stopped for a sibling's failure: this list keeps its cursor and resumes there.
      if (stopped() && !options.signal?.aborted) throw e;
      const message = isRekeyError(e) || e instanceof Error ? e.message : String(e);
      workspace.write({ action: 'connection.pull_failed', subject: connection.name, detail: { resource, error: message, pages } }, () =>
        workspace.pullState.finish(connection.id, resource, 'failed', message, counters(client), now()),
      );
      if (isRekeyError(e) || options.signal?.aborted) throw e;
      throw failed('pull_failed', `${connection.name}: ${message}`);
    }
  };

  for (const stage of connector.stages) await sideBySide(stage, pullResource, options.signal);

  const result = workspace.write({ action: 'connection.pulled', subject: connection.name, detail: {} }, () => {
    const vanished = workspace.records.markVanished(connection.id, runId, now());
    if (resources.includes('notes')) workspace.noteLinks.dropUnseen(connection.id, runId);
    const scanned = workspace.records.relinkPersons(linkPersons);
    return { vanished, scanned, pulled: workspace.records.count({ connection: connection.name, live: true }) };
  });
  // The first import preview after a pull then loads the users instead of indexing them.
  if (connection.kind !== 'uservoice' && !workspace.identitySnapshots.has(connection.id)) buildIdentitySnapshot(ctx, connection.id, result.scanned);
  ctx.events.emit('workspace.changed', { topic: 'records' });
  ctx.events.emit('workspace.changed', { topic: 'connections' });
  return { connection: connection.name, pulled: result.pulled, pages, ...counters(client), vanished: result.vanished, resumed };
}

function eta(total: number | undefined, rows: number, elapsedMs: number): { total?: number; etaMs?: number } {
  if (total === undefined) return {};
  return { total, ...(rows > 0 ? { etaMs: Math.max(0, Math.round((elapsedMs / rows) * (total - rows))) } : {}) };
}

function counters(client: ApiClient) {
  return { requests: client.stats.requests, retries: client.stats.retries, rateLimitedMs: Math.round(client.stats.rateLimitedMs) };
}

/**
 * Runs the lists of one stage side by side. The first failure stops the others — each
 * at its last committed page, so the next pull resumes it — and is thrown once all have
 * stopped: nothing is still writing when the caller hears of it.
 */
async function sideBySide(
  resources: readonly string[],
  pull: (resource: string, signal: AbortSignal, stopped: () => boolean) => Promise<void>,
  outer: AbortSignal | undefined,
): Promise<void> {
  const stop = new AbortController();
  const signal = outer ? AbortSignal.any([outer, stop.signal]) : stop.signal;
  const stopped = () => stop.signal.aborted;
  let first: { error: unknown } | undefined;
  await Promise.all(
    resources.map((resource) =>
      pull(resource, signal, stopped).catch((error: unknown) => {
        if (first) return;
        first = { error };
        stop.abort();
      }),
    ),
  );
  if (first) throw first.error;
}
