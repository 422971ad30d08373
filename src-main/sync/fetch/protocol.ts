import { isRekeyError, RekeyError, type ErrorKind } from '../../../src-shared/errors';
import type { Page } from '../connectors/connector';
import type { FetchCounters } from './page-fetcher';

/**
 * How many pages of one list the fetching thread reads ahead of what the pull has
 * stored: enough to ride out slow commits without missing a rate slot, few enough to hold
 * little (16 × 30 KB of Productboard users, 16 × 200 KB of notes). While Productboard's
 * 2,000-note pages (25–35 ms to store) interleave with user pages (about 14 ms), storing
 * falls behind by a page every second or so: with 6 the fetcher waited 19 times (0.2 s)
 * in a 100k pull; with 16 it does not wait.
 */
export const PAGES_AHEAD = 16;

export interface KnownIds {
  externalIds: string[];
  emails: string[];
}

/** To the fetching thread. */
export type ToFetcher =
  | { type: 'list'; list: number; resource: string; cursor: unknown }
  /** The pull stored one more page of this list: one more may be read ahead. */
  | { type: 'stored'; list: number }
  | { type: 'stop'; list: number }
  | { type: 'known-ids'; ids: KnownIds }
  /** The workspace could not be read for them: the list that asked fails with this. */
  | { type: 'known-ids-failed'; error: ThreadError }
  | { type: 'close' };

/** An error as it crosses threads: a RekeyError keeps its kind and code (exit 2 stays exit 2). */
export interface ThreadError {
  rekey?: { kind: ErrorKind; code: string };
  message: string;
}

/** From the fetching thread. */
export type FromFetcher =
  | { type: 'ready' }
  | { type: 'page'; list: number; page: Page; counters: FetchCounters }
  | { type: 'end'; list: number; counters: FetchCounters }
  | { type: 'error'; list: number; error: ThreadError; counters: FetchCounters }
  | { type: 'need-known-ids' }
  | { type: 'closed'; counters: FetchCounters };

export function threadError(e: unknown): ThreadError {
  if (isRekeyError(e)) return { rekey: { kind: e.kind, code: e.code }, message: e.message };
  return { message: e instanceof Error ? e.message : String(e) };
}

export function fromThread(error: ThreadError): Error {
  return error.rekey ? new RekeyError(error.rekey.kind, error.rekey.code, error.message) : new Error(error.message);
}
