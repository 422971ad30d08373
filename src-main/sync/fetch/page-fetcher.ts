import type { ConnectionKind } from '../../../src-shared/model/connection';
import type { Page } from '../connectors/connector';
import { ApiClient } from '../http/api-client';
import { Pacer } from '../http/pacer';

/** What a pull's requests cost so far: stored with each page's cursor, reported with the pull. */
export interface FetchCounters {
  requests: number;
  retries: number;
  rateLimitedMs: number;
}

/**
 * How to reach a connection, as plain data: it crosses to the fetching thread. The token
 * is in the headers; it stays in this process's memory, as it does on the main thread.
 */
export interface ClientSetup {
  kind: ConnectionKind;
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
  ratePerSecond: number;
  maxRetries?: number;
  timeoutMs?: number;
}

/**
 * Where a pull's pages come from: one connector instance and one paced client for the
 * whole pull (its lists share the token's rate, and a connector may carry what one list
 * read into another: Productboard's company names).
 */
export interface PageFetcher {
  /** The pages of one list from `cursor` on, in order; the iteration stops with `signal`. */
  pages(resource: string, cursor: unknown, signal: AbortSignal): AsyncIterable<Page>;
  /** The requests so far (those of pages read ahead included, once answered). */
  counters(): FetchCounters;
  /** Lets go of the thread and connections; the counters stay readable. */
  close(): Promise<void>;
}

export function apiClientFor(setup: ClientSetup): ApiClient {
  return new ApiClient({
    name: setup.name,
    baseUrl: setup.baseUrl,
    headers: setup.headers,
    pacer: new Pacer(setup.ratePerSecond),
    ...(setup.maxRetries !== undefined ? { maxRetries: setup.maxRetries } : {}),
    ...(setup.timeoutMs !== undefined ? { timeoutMs: setup.timeoutMs } : {}),
  });
}

export function countersOf(client: ApiClient): FetchCounters {
  return { requests: client.stats.requests, retries: client.stats.retries, rateLimitedMs: Math.round(client.stats.rateLimitedMs) };
}
