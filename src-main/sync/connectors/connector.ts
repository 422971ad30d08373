import type { PulledRecord } from '../../../src-shared/model/record';
import type { NoteLink } from '../../store/repos/note-links';
import type { ApiClient } from '../http/api-client';

/** One page of a list: the records and where the next page starts (null: the end). */
export interface Page {
  records: PulledRecord[];
  /** Productboard: which user each note belongs to (what a merge must re-point). */
  notes?: NoteLink[];
  next: unknown;
  /** Total rows when the API says (for an ETA). */
  total?: number;
  /**
   * Cursors of pages after `next` that can be asked for already (numbered pages of a known
   * count): the engine requests a few ahead, so a slow page does not leave rate slots unused.
   */
  ahead?: unknown[];
  /** Something the person should know, in plain words (e.g. a list too large to page well). */
  warning?: string;
  /**
   * The server refused to list only changes (why, in plain words): `next` starts the list
   * over, whole. The engine remembers it, so later pulls of this list read it whole at once.
   */
  fullInstead?: string;
}

/** What a connector is told about the workspace (Braze has no list: it looks up known ids). */
export interface PullContext {
  /** Asked once per pull; a fetching thread asks the main thread, which holds the workspace. */
  knownIds: () => Promise<{ externalIds: string[]; emails: string[] }>;
}

/**
 * A connector is small (ARCHITECTURE "Sync like a good client library"): which lists it
 * reads, how to read one page from a cursor, how to map a remote user to a record. The
 * engine around it owns pacing, retries, resumption and storage.
 */
export interface Connector {
  /**
   * The lists a pull reads, in stages: the stages one after another, the lists of one
   * stage side by side under the connection's one pace (while one list waits for a slow
   * page, another uses the rate slot). Every list yields user records or note links.
   */
  stages: readonly (readonly string[])[];
  /**
   * The lists the API can read incrementally (SPEC §7.1): only the items changed since a
   * time. A full read still runs first, whenever asked, and when the server refuses.
   */
  incremental?: readonly string[];
  /** The first page's cursor of a resource; with `since` (ISO time), of a read of only what changed since then. */
  start(resource: string, since?: string): unknown;
  page(client: ApiClient, resource: string, cursor: unknown, ctx: PullContext, signal?: AbortSignal): Promise<Page>;
  /** The cheapest authenticated read, for `connections test`. */
  probe: { method: 'GET' | 'POST'; path: string; body?: unknown };
}

export function expectOk(client: { name?: string }, status: number, body: unknown, what: string): void {
  if (status >= 200 && status < 300) return;
  const detail = typeof body === 'object' && body ? JSON.stringify(body).slice(0, 200) : '';
  throw new Error(`${what} answered HTTP ${status} ${detail}`.trim());
}
