/**
 * Events main pushes to the renderer (progress of long work, changes made elsewhere).
 * Electron forwards them over IPC, browser mode over Server-Sent Events.
 */
import type { PullResult } from '../model/pull';
import type { PushProgressValue } from '../model/push';

/** One list of a pull (Productboard: companies, users, members, notes) as it stands. */
export interface PullListProgress {
  resource: string;
  pages: number;
  rows: number;
  /** Rows the remote says the list holds, or the last pull's count when it does not say. */
  total?: number;
  done: boolean;
}

/**
 * A pull's progress as a whole: every list's pages and rows, their sums, the total and the
 * ETA over all lists — not whichever list reported last, so side-by-side lists do not take
 * turns on screen. `resource` names the list whose page just landed.
 */
export interface PullProgress {
  connection: string;
  resource: string;
  lists: PullListProgress[];
  /** Sums over every list. */
  pages: number;
  rows: number;
  requests: number;
  retries: number;
  rateLimitedMs: number;
  /** Rows of the whole pull, when every list's size is known or estimated. */
  total?: number;
  /** Estimated time left for the whole pull, ms, when a total is known. */
  etaMs?: number;
  /** Every list has reached its end. */
  done: boolean;
  /** This list reads only what changed since the last pull. */
  incremental?: boolean;
  /** Something the person should know about this pull, in plain words. */
  warning?: string;
}

/** A pull ended, whoever started it (this window, "Pull all", the demo's first start). */
export interface PullFinished {
  connection: string;
  result?: PullResult;
  error?: string;
}

export interface EventMap {
  'pull.progress': PullProgress;
  'pull.finished': PullFinished;
  'push.progress': PushProgressValue;
  /** Something in the workspace changed; views showing `topic` should reload. */
  'workspace.changed': { topic: 'audit' | 'connections' | 'records' | 'changesets' | 'team' };
}

export type EventName = keyof EventMap;

/** One event: its name tells its payload's type (a discriminated union). */
export type RekeyEvent = { [N in EventName]: { name: N; payload: EventMap[N] } }[EventName];
