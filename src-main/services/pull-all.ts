import type { PullProgress } from '../../src-shared/contract/events';
import { isRekeyError } from '../../src-shared/errors';
import type { Connection, ConnectionKind } from '../../src-shared/model/connection';
import type { PullAllResult, PullResult } from '../../src-shared/model/pull';
import { activePulls, claimPull } from './active-pulls';
import type { ServiceContext } from './context';
import { pullConnection } from './pull';
import { holdSharedPersons } from './shared-persons';

/**
 * Kinds that cannot list their users: a pull looks up the ids and emails the other
 * connections know (a Braze-style API), so they are pulled after every kind that lists.
 */
const LOOKUP_KINDS: ReadonlySet<ConnectionKind> = new Set(['braze']);

/** The connections in the order a "Pull all" takes them: stages, each pulled side by side. */
export function pullStages(connections: readonly Connection[]): Connection[][] {
  const listing = connections.filter((c) => !LOOKUP_KINDS.has(c.kind));
  const lookup = connections.filter((c) => LOOKUP_KINDS.has(c.kind));
  return [listing, lookup].filter((stage) => stage.length > 0);
}

export interface PullAllOptions {
  signal?: AbortSignal;
  onProgress?: (progress: PullProgress) => void;
  /** Each connection's end, success or failure, as it comes. */
  onFinished?: (connection: string, outcome: { result?: PullResult; error?: string }) => void;
  ratePerSecond?: number;
  /** Read every list whole even where an incremental read is possible. */
  full?: boolean;
}

const messageOf = (e: unknown) => (isRekeyError(e) || e instanceof Error ? e.message : String(e));

/**
 * One pull with its events: progress while it runs and its end, whoever started it —
 * so every open window shows a pull started elsewhere (another window, the demo's first
 * start) the same way as its own.
 */
export async function pullWithEvents(ctx: ServiceContext, name: string, options: Omit<PullAllOptions, 'onFinished'> = {}): Promise<PullResult> {
  const release = claimPull(ctx, name);
  try {
    const result = await pullConnection(ctx, name, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.ratePerSecond !== undefined ? { ratePerSecond: options.ratePerSecond } : {}),
      ...(options.full ? { full: true } : {}),
      onProgress: (p) => {
        ctx.events.emit('pull.progress', p);
        options.onProgress?.(p);
      },
    });
    release();
    ctx.events.emit('pull.finished', { connection: name, result });
    return result;
  } catch (e) {
    release();
    ctx.events.emit('pull.finished', { connection: name, error: messageOf(e) });
    throw e;
  }
}

/**
 * Pulls every connection: the kinds that list their users side by side (each under its
 * own rate limit), then the lookup kinds, which then know every id the others hold. A
 * connection that fails is reported and the others still pull; an abort stops them all,
 * each at its last committed page.
 */
export async function pullAll(ctx: ServiceContext, options: PullAllOptions = {}): Promise<PullAllResult> {
  const stages = pullStages(ctx.workspace.connections.list());
  const pulls = activePulls(ctx);
  for (const stage of stages) for (const c of stage) if (!pulls.has(c.name)) pulls.set(c.name, 'queued');
  ctx.events.emit('workspace.changed', { topic: 'connections' });
  const result: PullAllResult = { pulls: [], failed: [] };
  // Persons are shared by the pulls of the run, across its stages: each end writes what changed.
  const persons = holdSharedPersons(ctx.workspace);
  try {
    for (const stage of stages) {
      if (options.signal?.aborted) break;
      await Promise.all(
        stage.map(async (c) => {
          try {
            const pulled = await pullWithEvents(ctx, c.name, options);
            result.pulls.push(pulled);
            options.onFinished?.(c.name, { result: pulled });
          } catch (e) {
            result.failed.push({ connection: c.name, error: messageOf(e) });
            options.onFinished?.(c.name, { error: messageOf(e) });
          }
        }),
      );
    }
  } finally {
    persons.release();
    for (const stage of stages) for (const c of stage) if (pulls.get(c.name) === 'queued') pulls.delete(c.name);
  }
  const order = stages.flat().map((c) => c.name);
  const rank = (name: string) => order.indexOf(name);
  result.pulls.sort((a, b) => rank(a.connection) - rank(b.connection));
  result.failed.sort((a, b) => rank(a.connection) - rank(b.connection));
  return result;
}
