import { hostname } from 'node:os';
import { failed } from '../../src-shared/errors';
import { processAliveSince } from '../store/process-alive';
import type { Workspace } from '../store/workspace';

/**
 * One process pushes a change set at a time, whichever door started it (the app and
 * scripts may share a workspace). The lease is a row taken in a write transaction, so two
 * processes cannot both find it free; one left by a process that died (a killed CLI, a
 * crash) is taken over. Returns the release.
 */
export function takePushLease(workspace: Workspace, changeSetId: number): () => void {
  const me = { pid: process.pid, host: hostname() };
  workspace.transaction(() => {
    const held = workspace.pushLeases.get(changeSetId);
    // Another machine's process (a workspace on a shared folder) cannot be checked: it counts as alive.
    // A pid now used by a process started after the lease was taken is not the holder.
    if (held && (held.holderHost !== me.host || processAliveSince(held.holderPid, new Date(held.takenAt)))) {
      const where = held.holderHost === me.host ? '' : ` on ${held.holderHost}`;
      throw failed(
        'push_in_progress',
        `change set ${changeSetId} is already being pushed by the Rekey process with pid ${held.holderPid}${where} (since ${held.takenAt}); wait for it to finish`,
      );
    }
    workspace.pushLeases.put({ changeSetId, holderPid: me.pid, holderHost: me.host, takenAt: new Date().toISOString() });
  });
  return () => {
    try {
      workspace.transaction(() => workspace.pushLeases.release(changeSetId, me.pid, me.host));
    } catch {
      // A workspace that cannot be written now: the lease is taken over once this process is gone.
    }
  };
}
