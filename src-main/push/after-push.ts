import type { ChangeRow, ChangeSet } from '../../src-shared/model/change-set';
import type { Workspace } from '../store/workspace';
import type { ExternalIdStep, StagedSwap } from './adapters/braze-external-ids';

const DAY_MS = 86_400_000;

/**
 * What an applied push changes in the workspace beyond row results (SPEC §4): an applied
 * rename opens a migration window for its old id and an applied removal closes one; the
 * local copy of the users follows what the remote now holds (renames, removals, swaps).
 */
export function afterPush(workspace: Workspace, cs: ChangeSet, rows: readonly ChangeRow[], now: string): void {
  const connection = workspace.connections.byName(cs.connection);
  if (!connection) return;
  if (cs.kind === 'rename') recordPushedRenames(workspace, connection.id, cs, rows, now);
  if (cs.kind === 'rename' && connection.kind !== 'braze') return mirrorSystemRenames(workspace, connection.id, connection.kind, rows);
  mirrorSteps(workspace, connection.id, cs, rows);
  if (cs.kind === 'merge') mirrorMerges(workspace, connection.id, connection.kind, rows, now);
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

/**
 * Every applied rename, in every system, is kept with its push time: a later import
 * preview flags rows that still name the old id and offers the new one (issue 19 item 5).
 */
function recordPushedRenames(workspace: Workspace, connectionId: number, cs: ChangeSet, rows: readonly ChangeRow[], now: string): void {
  for (const row of rows) {
    if (row.result !== 'applied' || row.plan.action !== 'rename') continue;
    const oldId = String(row.payload.current_external_id).trim();
    const newId = String(row.payload.new_external_id).trim();
    workspace.pushedRenames.record({ connectionId, oldId, newId, changeSetId: cs.id, rowIdx: row.idx, pushedAt: now });
  }
}

/**
 * Renames where no old id is kept (Productboard REST, SCIM): the local copy takes the new
 * id, and no migration window opens. UserVoice is left to the next pull: the new external
 * user sits beside the old one until that is removed by hand.
 */
function mirrorSystemRenames(workspace: Workspace, connectionId: number, kind: string, rows: readonly ChangeRow[]): void {
  if (kind === 'uservoice') return;
  for (const row of rows) {
    if (row.result === 'applied' && row.plan.action === 'rename') workspace.records.replaceExternalId(connectionId, String(row.payload.current_external_id), String(row.payload.new_external_id));
  }
}

/** Applies the steps the remote applied, in push order, to the local records. */
function mirrorSteps(workspace: Workspace, connectionId: number, cs: ChangeSet, rows: readonly ChangeRow[]): void {
  if (cs.kind !== 'rename' && cs.kind !== 'removal') return;
  const swaps = (cs.plan.swaps as StagedSwap[] | undefined) ?? [];
  const done = new Set<StagedSwap>();
  for (const row of rows) {
    if (row.result !== 'applied') continue;
    if (cs.kind === 'removal') {
      workspace.records.applyRemoval(connectionId, String(row.payload.external_id));
      continue;
    }
    const swap = swaps.find((s) => s.rows.includes(row.idx));
    const steps: ExternalIdStep[] = swap
      ? done.has(swap)
        ? []
        : (done.add(swap), swap.steps)
      : row.plan.action === 'rename'
        ? [{ action: 'rename', current_external_id: String(row.payload.current_external_id), new_external_id: String(row.payload.new_external_id) }]
        : [];
    for (const step of steps) {
      if (step.action === 'rename') workspace.records.applyRename(connectionId, step.current_external_id, step.new_external_id);
      else workspace.records.applyRemoval(connectionId, step.external_id);
    }
  }
}

/**
 * Applied merges in the local copy, so the Merges and Users pages show the result before
 * the next pull. UserVoice is left to the next pull: only its external users moved, and
 * the user merge itself is a step by hand.
 */
function mirrorMerges(workspace: Workspace, connectionId: number, kind: string, rows: readonly ChangeRow[], now: string): void {
  if (kind === 'uservoice') return;
  for (const row of rows) {
    // An undo is left to the next pull: what it re-creates gets ids only the remote knows.
    if (row.result !== 'applied' || row.plan.action !== 'merge') continue;
    const plan = row.plan as {
      survivor: string;
      losers: string[];
      result: { email: string | null; externalId: string | null; name: string | null };
      steps: { action: string; target?: { remoteId: string }; request?: { path: string; body?: unknown } }[];
    };
    // Braze-style and Productboard delete the merged user; SCIM deprovisions it. A loser
    // merged by hand (a manual step) is left as it is until a pull shows it gone.
    const automatic = plan.steps.some((s) => s.action === 'braze.merge' || s.action === 'productboard.delete' || s.action === 'scim.deactivate');
    const losers = (automatic ? plan.losers : []).map((id) => {
      const deactivate = plan.steps.find((s) => s.action === 'scim.deactivate' && s.target?.remoteId === id);
      const renamed = (deactivate?.request?.body as { Operations?: { path: string; value?: unknown }[] } | undefined)?.Operations?.find((o) => o.path === 'userName');
      return typeof renamed?.value === 'string' ? { id, freed: { email: renamed.value } } : { id };
    });
    workspace.records.applyMerge(connectionId, { survivor: plan.survivor, losers, result: plan.result, gone: kind !== 'productboard-scim' }, now);
    for (const step of plan.steps) {
      const note = step.action === 'productboard.repoint_note' && step.request ? /^\/notes\/(.+)$/.exec(step.request.path)?.[1] : undefined;
      if (note) workspace.noteLinks.setUser(connectionId, note, plan.survivor);
    }
  }
}
