import { failed } from '../../src-shared/errors';
import type { ServiceContext } from './context';

/**
 * Which pulls this process is running or has queued (a "Pull all", the demo's first
 * start), so that a window opened mid-way shows them and a second pull of the same
 * connection is refused instead of paging the same lists twice.
 */
const byContext = new WeakMap<ServiceContext, Map<string, 'running' | 'queued'>>();

export function activePulls(ctx: ServiceContext): Map<string, 'running' | 'queued'> {
  let pulls = byContext.get(ctx);
  if (!pulls) byContext.set(ctx, (pulls = new Map()));
  return pulls;
}

/** Marks a connection's pull as running; throws when it already is. */
export function claimPull(ctx: ServiceContext, name: string): () => void {
  const pulls = activePulls(ctx);
  if (pulls.get(name) === 'running') throw failed('pull_running', `${name} is being pulled already; wait for that pull to end`);
  pulls.set(name, 'running');
  return () => pulls.delete(name);
}
