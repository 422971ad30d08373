import type { EventMap } from '../../src-shared/contract/events';
import type { ServiceContext } from './context';

type Topic = EventMap['workspace.changed']['topic'];

/** Which views an audited change touches. */
function topicsOf(action: string): Topic[] {
  if (action === 'connection.pulled') return ['connections', 'records'];
  if (action.startsWith('connection.')) return ['connections'];
  if (action.startsWith('changeset.') || action.startsWith('review.') || action === 'merge.undo_staged') return ['changesets'];
  if (action === 'merge.dismissed') return ['records'];
  return [];
}

/**
 * The app and CLI scripts may share a workspace: this notices what another process
 * committed (SQLite's data_version moves only for other connections' commits) and tells
 * the open views through the event bus, as if the change had been made here. What changed
 * is read from the audit entries written since; a change with none (a pull's pages) reloads
 * users and connections.
 */
export function watchOtherProcesses(ctx: ServiceContext, intervalMs = 500): () => void {
  const { workspace } = ctx;
  let version = workspace.dataVersion();
  let lastAudit = workspace.audit.list(1)[0]?.id ?? 0;
  const timer = setInterval(() => {
    try {
      const now = workspace.dataVersion();
      if (now === version) return;
      version = now;
      const entries = workspace.audit.after(lastAudit, 10_000);
      lastAudit = entries.at(-1)?.id ?? lastAudit;
      const topics = new Set<Topic>(entries.length ? ['audit', ...entries.flatMap((e) => topicsOf(e.action))] : ['records', 'connections']);
      for (const topic of topics) ctx.events.emit('workspace.changed', { topic });
    } catch {
      // Closed, or busy past the timeout: the next tick looks again.
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
