import { randomUUID } from 'node:crypto';
import type { PullListProgress, PullProgress } from '../../src-shared/contract/events';
import { failed, isRekeyError } from '../../src-shared/errors';
import type { Connection } from '../../src-shared/model/connection';
import type { PullResult } from '../../src-shared/model/pull';
import { linkPersons } from '../../src-shared/persons/link-persons';
import type { Connector } from '../sync/connectors/connector';
import { connectorFor } from '../sync/connectors';
import type { ApiClient } from '../sync/http/api-client';
import { inThreadFetcher } from '../sync/fetch/in-thread-fetcher';
import { apiClientFor, type ClientSetup, type PageFetcher } from '../sync/fetch/page-fetcher';
import type { KnownIds } from '../sync/fetch/protocol';
import { startThreadFetcher } from '../sync/fetch/thread-fetcher';
import { authHeaders, paceFor } from '../sync/kind-limits';
import { buildIdentitySnapshot, keepIdentitySnapshot, writeIdentitySnapshot } from './identity-snapshot';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import { PullPersons } from './pull-persons';

export type { PullResult };

export interface PullOptions {
  signal?: AbortSignal;
  onProgress?: (progress: PullProgress) => void;
  /** Tests and benchmarks: a different pace than the kind's real limit. */
  ratePerSecond?: number;
  /** How long an incremental list goes without a whole read (FULL_READ_EVERY_MS unless a test says otherwise). */
  fullReadEveryMs?: number;
  /** Read every list whole even where an incremental read is possible (`rekey pull NAME --full`). */
  full?: boolean;
  /**
   * Where requests are sent from: a thread of their own (the default), so that storing a
   * page never holds back the next request, or this thread (tests compare the two).
   */
  fetchThread?: 'worker' | 'caller';
}

/**
 * An incremental read asks for changes since the last complete run started, less this
 * margin: the server's clock may lag ours, and a change read twice costs one row.
 */
export const SINCE_MARGIN_MS = 5 * 60 * 1000;

/**
 * How often a list that can be read incrementally is read whole anyway: only a whole read
 * finds the users deleted on the remote, and without one a deleted user would stay live in
 * the workspace (and in every preview) for ever. A week: a re-pull of 100,000 SCIM users
 * costs 1,000 requests once a week instead of one.
 */
export const FULL_READ_EVERY_MS = 7 * 24 * 60 * 60 * 1000;

/** How to reach a connection: its token, its pace, the sync engine's retry rules. */
export function clientSetupFor(ctx: ServiceContext, connection: Connection, rate?: number, limits: { maxRetries?: number; timeoutMs?: number } = {}): ClientSetup {
  return {
    kind: connection.kind,
    name: `connection "${connection.name}"`,
    baseUrl: connection.baseUrl,
    headers: authHeaders(connection.kind, ctx.secrets.tokenFor(connection, ctx.workspace.connections.tokenRef(connection.id))),
    ratePerSecond: rate ?? connection.ratePerSecond ?? paceFor(connection.kind),
    ...limits,
  };
}

/** The HTTP client of a connection, on this thread (pushes, connection tests). */
export function clientFor(ctx: ServiceContext, connection: Connection, rate?: number, limits: { maxRetries?: number; timeoutMs?: number } = {}): ApiClient {
  return apiClientFor(clientSetupFor(ctx, connection, rate, limits));
}

/**
 * The pull's fetcher: requests go out from their own thread; where it cannot start,
 * from this one.
 */
async function fetcherFor(ctx: ServiceContext, connection: Connection, options: PullOptions): Promise<PageFetcher> {
  const setup = clientSetupFor(ctx, connection, options.ratePerSecond);
  const known = knownIds(ctx, connection);
  const here = () => inThreadFetcher(setup, { knownIds: async () => known() });
  if (options.fetchThread === 'caller') return here();
  return startThreadFetcher(setup, known).catch(here);
}

/** What a Braze-style pull looks up: every id and email known from other connections. */
function knownIds(ctx: ServiceContext, connection: Connection): () => KnownIds {
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
 *
 * Incremental (issue 22): a list the API can filter by change time (SCIM users, Productboard
 * notes) is read whole the first time, then only for what changed since the last complete
 * run — unless `full` is asked, or the server refused the filter once. Only a run that read
 * every list of records whole marks records vanished (a deleted user is not "changed").
 */
export async function pullConnection(ctx: ServiceContext, name: string, options: PullOptions = {}): Promise<PullResult> {
  const connection = requireConnection(ctx, name);
  // Which lists, in which stages, and where each starts; the fetcher's own instance sends.
  const connector: Connector = connectorFor(connection.kind);
  const fetcher = await fetcherFor(ctx, connection, options);
  try {
    return await pullWith(ctx, connection, connector, fetcher, options);
  } finally {
    await fetcher.close();
  }
}

async function pullWith(ctx: ServiceContext, connection: Connection, connector: Connector, fetcher: PageFetcher, options: PullOptions): Promise<PullResult> {
  const { workspace } = ctx;
  const resources = connector.stages.flat();
  const states = resources.map((r) => workspace.pullState.get(connection.id, r));
  // A full pull asked for while an incremental one is unfinished starts over, whole.
  const unfinished = states.find((s) => s && s.status !== 'done' && !(options.full && states.some((x) => x?.runId === s.runId && x.mode === 'incremental')));
  const resumed = Boolean(unfinished);
  const runId = unfinished?.runId ?? randomUUID();
  const warnings = new Set<string>();
  /** The time each incremental list of this run reads changes from. */
  const readSince = new Map<string, string>();
  /** Where a list's changes are read from, or undefined: read it whole. */
  const sinceFor = (resource: string): string | undefined => {
    if (options.full || !connector.incremental?.includes(resource)) return undefined;
    const state = workspace.pullState.get(connection.id, resource);
    if (!state?.completeSince || state.incrementalRefused) return undefined;
    const lastWhole = state.fullSince ? Date.parse(state.fullSince) : undefined;
    if (lastWhole === undefined || Date.now() - lastWhole > (options.fullReadEveryMs ?? FULL_READ_EVERY_MS)) {
      warnings.add(
        lastWhole === undefined
          ? `${resource} of ${connection.name} were read whole this time: no earlier pull read them whole, and only a whole read finds what was deleted there.`
          : `${resource} of ${connection.name} were read whole this time: the last whole read was ${daysAgo(lastWhole)}, and only a whole read finds what was deleted there.`,
      );
      return undefined;
    }
    return new Date(Date.parse(state.completeSince) - SINCE_MARGIN_MS).toISOString();
  };
  const now = () => new Date().toISOString();
  let pages = 0;
  /** The notes this process stored in this run: when they are all the links there are, none is to drop. */
  const notesSeen = new Set<string>();
  /** Records this run stored (an unchanged incremental re-pull stores none). */
  let stored = 0;
  const started = Date.now();
  // Lists that do not say their size (Productboard users) are estimated from the last pull.
  const previous = workspace.records.count({ connection: connection.name, live: true });
  // Every list's standing, so each report shows the pull as a whole (lists page side by side).
  const lists = new Map<string, PullListProgress>(
    resources.map((resource) => {
      const state = workspace.pullState.get(connection.id, resource);
      const carried = state?.runId === runId;
      return [resource, { resource, pages: carried ? state.pages : 0, rows: carried ? state.rows : 0, done: carried && state.status === 'done' }];
    }),
  );
  const carriedRows = [...lists.values()].reduce((n, l) => n + l.rows, 0);
  const report = (resource: string, news: { incremental: boolean; warning?: string }) => {
    const all = [...lists.values()];
    const rows = all.reduce((n, l) => n + l.rows, 0);
    const sized = all.every((l) => l.done || l.total !== undefined);
    const total = sized ? all.reduce((n, l) => n + (l.done ? l.rows : Math.max(l.total!, l.rows)), 0) : undefined;
    options.onProgress?.({
      connection: connection.name,
      resource,
      lists: all.map((l) => ({ ...l })),
      pages: all.reduce((n, l) => n + l.pages, 0),
      rows,
      ...fetcher.counters(),
      ...eta(total, rows, rows - carriedRows, Date.now() - started),
      done: all.every((l) => l.done),
      ...(news.incremental ? { incremental: true } : {}),
      ...(news.warning ? { warning: news.warning } : {}),
    });
  };

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
      const since = sinceFor(resource);
      workspace.transaction(() => workspace.pullState.start(connection.id, resource, runId, now(), since ? 'incremental' : 'full'));
      cursor = connector.start(resource, since);
    }
    let incremental = workspace.pullState.get(connection.id, resource)?.mode === 'incremental';
    const since = (cursor as { since?: unknown } | null)?.since;
    if (incremental && typeof since === 'string') readSince.set(resource, since);
    try {
      // The fetcher reads ahead while each page is committed with its cursor: the network
      // wait and the SQLite write overlap, and a crash still resumes after the last commit.
      for await (const page of fetcher.pages(resource, cursor, signal)) {
        if (page.warning) warnings.add(page.warning);
        if (page.fullInstead) {
          warnings.add(page.fullInstead);
          incremental = false;
        }
        try {
          workspace.transaction(() => {
            if (page.fullInstead) workspace.pullState.refuseIncremental(connection.id, resource, page.fullInstead);
            persons.stored(workspace.records.upsertPage(connection.id, runId, page.records, now()));
            if (page.notes) {
              workspace.noteLinks.upsertPage(connection.id, runId, page.notes);
              for (const n of page.notes) notesSeen.add(n.noteId);
            }
            workspace.pullState.advance(connection.id, resource, page.next, page.records.length, fetcher.counters(), now());
          });
        } catch (e) {
          persons.rolledBack(); // the persons the pulls share took a page the file does not hold
          throw e;
        }
        cursor = page.next;
        rows += page.records.length;
        stored += page.records.length;
        resourcePages++;
        pages++;
        const total = page.total ?? (resource === 'users' && !incremental && previous > rows ? previous : undefined);
        lists.set(resource, { resource, pages: resourcePages, rows, ...(total !== undefined ? { total } : {}), done: cursor === null });
        report(resource, { incremental, warning: page.fullInstead ?? page.warning });
      }
      workspace.transaction(() => workspace.pullState.finish(connection.id, resource, 'done', null, fetcher.counters(), now()));
    } catch (e) {
      // Stopped for a sibling's failure: this list keeps its cursor and resumes there.
      if (stopped() && !options.signal?.aborted) throw e;
      const message = isRekeyError(e) || e instanceof Error ? e.message : String(e);
      workspace.write({ action: 'connection.pull_failed', subject: connection.name, detail: { resource, error: message, pages } }, () =>
        workspace.pullState.finish(connection.id, resource, 'failed', message, fetcher.counters(), now()),
      );
      if (isRekeyError(e) || options.signal?.aborted) throw e;
      throw failed('pull_failed', `${connection.name}: ${message}`);
    }
  };

  // Persons and the identity index are kept up to date while the lists page (pull-persons.ts).
  const persons = new PullPersons(workspace, connection.id, runId, connection.kind === 'uservoice' ? undefined : previous);
  try {
    for (const stage of connector.stages) await sideBySide(stage, pullResource, options.signal);
  } finally {
    persons.stop();
  }

  const incrementalLists = resources.filter((r) => workspace.pullState.get(connection.id, r)?.mode === 'incremental');
  const since = Object.fromEntries(incrementalLists.flatMap((r) => (readSince.has(r) ? [[r, readSince.get(r)!]] : [])));
  // Notes hold note links, every other list records: each kind is swept only after a whole read.
  const recordsWhole = resources.every((r) => r === 'notes' || !incrementalLists.includes(r));
  const mode = incrementalLists.length ? 'incremental' : 'full';
  const snapshotted = () => connection.kind === 'uservoice' || workspace.identitySnapshots.has(connection.id);
  // The users' index this run built as it stored them goes to disk while the closing transaction runs.
  const early = snapshotted() ? undefined : persons.storedUsersIndex();
  const writing = early && writeIdentitySnapshot(ctx, connection.id, early);
  const close = () => workspace.write({ action: 'connection.pulled', subject: connection.name, detail: { mode, ...(mode === 'incremental' ? { since } : {}) } }, () => {
    // Deleting by run reads every link (100,000 notes: 0.1 s); counting them reads an index.
    if (resources.includes('notes') && since.notes === undefined && workspace.noteLinks.count(connection.id) !== notesSeen.size) workspace.noteLinks.dropUnseen(connection.id, runId);
    // Persons change only with records: an incremental re-pull that stored none, in one
    // uninterrupted run, has nothing to mark gone and skips relinking the whole workspace.
    if (stored === 0 && !resumed && !recordsWhole) return { vanished: 0, kept: false, pulled: workspace.records.count({ connection: connection.name, live: true }) };
    const kept = persons.finish(recordsWhole, now());
    if (kept) return { ...kept, kept: true };
    // Something besides this process's pulls wrote records meanwhile: read them all, as they now are.
    const vanished = recordsWhole ? workspace.records.markVanished(connection.id, runId, now()) : 0;
    const scanned = stored === 0 && vanished === 0 && !resumed ? undefined : workspace.records.relinkPersons(linkPersons);
    return { vanished, scanned, kept: false, pulled: workspace.records.count({ connection: connection.name, live: true }) };
  });
  let result: ReturnType<typeof close>;
  try {
    result = close();
  } catch (e) {
    persons.rolledBack();
    await writing?.drop();
    throw e;
  }
  // The first import preview after a pull then loads the users instead of indexing them.
  if (!snapshotted()) {
    const index = result.kept ? persons.identityIndex() : undefined;
    if (writing && index === early) await writing.keep();
    else {
      await writing?.drop();
      if (index) keepIdentitySnapshot(ctx, connection.id, index);
      else buildIdentitySnapshot(ctx, connection.id, 'scanned' in result ? result.scanned : undefined);
    }
  } else await writing?.drop();
  ctx.events.emit('workspace.changed', { topic: 'records' });
  ctx.events.emit('workspace.changed', { topic: 'connections' });
  return {
    connection: connection.name,
    pulled: result.pulled,
    pages,
    ...fetcher.counters(),
    vanished: result.vanished,
    resumed,
    mode,
    ...(mode === 'incremental' ? { since } : {}),
    warnings: [...warnings],
  };
}

/** Time left at this run's pace so far (rows carried over from an interrupted run took no time now). */
function eta(total: number | undefined, rows: number, rowsThisRun: number, elapsedMs: number): { total?: number; etaMs?: number } {
  if (total === undefined) return {};
  return { total, ...(rowsThisRun > 0 ? { etaMs: Math.max(0, Math.round((elapsedMs / rowsThisRun) * (total - rows))) } : {}) };
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

function daysAgo(at: number): string {
  const days = Math.floor((Date.now() - at) / (24 * 60 * 60 * 1000));
  return days === 1 ? 'a day ago' : `${days} days ago`;
}
