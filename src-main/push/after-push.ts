import type { ChangeRow, ChangeSet } from '../../src-shared/model/change-set';
import type { Workspace } from '../store/workspace';

const DAY_MS = 86_400_000;

/**
 * What an applied push changes in the workspace beyond row results (SPEC §4): an applied
 * rename opens a migration window for its old id; an applied removal closes one.
 */
export function afterPush(workspace: Workspace, cs: ChangeSet, rows: readonly ChangeRow[], now: string): void {
  const connection = workspace.connections.byName(cs.connection);
  if (!connection) return;
  for (const row of rows) {
    if (row.result !== 'applied') continue;
    if (cs.kind === 'rename' && row.plan.action === 'rename') {
      const oldId = String(row.payload.current_external_id);
      const newId = String(row.payload.new_external_id);
      workspace.windows.open({
        connectionId: connection.id,
        oldId,
        newId,
        userRef: typeof row.plan.userId === 'string' ? row.plan.userId : null,
        changeSetId: cs.id,
        openedAt: now,
        closesAt: new Date(Date.parse(now) + (cs.windowDays ?? 30) * DAY_MS).toISOString(),
      });
    }
    if (cs.kind === 'removal' || (cs.kind === 'rename' && row.plan.action === 'remove')) {
      const id = row.payload.external_id ?? row.payload.current_external_id;
      if (typeof id === 'string') workspace.windows.close(connection.id, id, now);
    }
  }
}
