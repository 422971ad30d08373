import { badInput } from '../../src-shared/errors';
import type { ChangeSet } from '../../src-shared/model/change-set';
import type { MigrationWindow } from '../../src-shared/model/migration-window';
import { stageChangeSet } from './change-sets';
import type { ServiceContext } from './context';

/** Open windows, soonest to close first, each with whether it is already due. */
export function listOpenWindows(ctx: ServiceContext, connection?: string, now = new Date()): (MigrationWindow & { due: boolean })[] {
  return ctx.workspace.windows.listOpen(connection).map((w) => ({ ...w, due: new Date(w.closesAt) <= now }));
}

/**
 * "Close window" (SPEC §4): removing a deprecated id cannot be undone, so closing
 * windows stages a removal batch, reviewed and pushed like any other change set.
 * Windows of one connection go into one batch.
 */
export function closeWindows(ctx: ServiceContext, ids: readonly number[]): ChangeSet {
  if (ids.length === 0) throw badInput('no_windows', 'name at least one window to close (see rekey windows list)');
  const windows = ctx.workspace.windows.byIds(ids);
  const missing = ids.filter((id) => !windows.some((w) => w.id === id));
  if (missing.length) throw badInput('unknown_window', `no migration window ${missing.join(', ')}`);
  const done = windows.find((w) => w.closedAt || w.closingChangeSetId);
  if (done) throw badInput('window_closing', `window ${done.id} (${done.oldId}) is already closed or staged for removal in change set ${done.closingChangeSetId}`);
  const connections = new Set(windows.map((w) => w.connection));
  if (connections.size > 1) throw badInput('mixed_connections', 'close the windows of one connection at a time');
  const connection = ctx.workspace.connections.byName(windows[0]!.connection)!;
  const cs = stageChangeSet(
    ctx,
    {
      kind: 'removal',
      connectionId: connection.id,
      title: `Close ${windows.length} migration window${windows.length > 1 ? 's' : ''}`,
      plan: { closesWindows: windows.map((w) => w.id) },
      source: 'migration windows',
    },
    windows.map((w) => ({
      payload: { external_id: w.oldId },
      plan: { action: 'remove', deprecatedOf: w.newId, windowId: w.id, closesAt: w.closesAt },
    })),
  );
  ctx.workspace.transaction(() => ctx.workspace.windows.setClosingChangeSet(ids, cs.id));
  return cs;
}
