/**
 * Events main pushes to the renderer (progress of long work, changes made elsewhere).
 * Electron forwards them over IPC, browser mode over Server-Sent Events.
 */
import type { PushProgressValue } from '../model/push';

/** A pull's progress (SPEC §7.1): pages, rows, rate-limit waits, ETA. */
export interface PullProgress {
  connection: string;
  resource: string;
  pages: number;
  rows: number;
  requests: number;
  retries: number;
  rateLimitedMs: number;
  /** Rows the remote says the resource holds, when it says. */
  total?: number;
  /** Estimated time left, ms, when a total is known. */
  etaMs?: number;
  done: boolean;
  /** This list reads only what changed since the last pull. */
  incremental?: boolean;
  /** Something the person should know about this pull, in plain words. */
  warning?: string;
}

export interface EventMap {
  'pull.progress': PullProgress;
  'push.progress': PushProgressValue;
  /** Something in the workspace changed; views showing `topic` should reload. */
  'workspace.changed': { topic: 'audit' | 'connections' | 'records' | 'changesets' };
}

export type EventName = keyof EventMap;

/** One event: its name tells its payload's type (a discriminated union). */
export type RekeyEvent = { [N in EventName]: { name: N; payload: EventMap[N] } }[EventName];
