import { randomUUID } from 'node:crypto';
import { badInput, failed } from '../../src-shared/errors';
import type { ChangeSet } from '../../src-shared/model/change-set';
import type { BatchLink, RenameBatchCell, RenameBatchView } from '../../src-shared/model/rename-batch';
import { renamesFromPattern, type Rename } from '../../src-shared/resolver';
import type { MergeStep } from '../../src-shared/merges/merge-plan';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import { pushChangeSet, type PushResult, type PushServiceOptions } from './push';
import { stagePatternRename } from './stage-rename';
import { renameHolders, stageRenamesFor } from './stage-system-renames';

export interface RenameBatchInput {
  connections: string[];
  renames: Rename[];
  source: string;
  sourceSha256?: string;
  windowDays?: number;
  title?: string;
  scimUserName?: boolean;
}

/** The external ids a connection holds (UserVoice: every external user, not just the first). */
function heldIds(ctx: ServiceContext, connection: string): Set<string> {
  const ids = new Set<string>();
  for (const h of renameHolders(ctx, connection)) {
    if (h.externalId) ids.add(h.externalId);
    for (const e of h.externalUsers ?? []) ids.add(e.id);
  }
  return ids;
}

/**
 * Stages one rename for several connections at once (issue 19): one change set per
 * connection, linked as a batch, each planned by what its system does. A connection gets
 * the rows whose current id it holds; a row no chosen connection holds goes to each, where
 * its plan says so. A connection that holds none of the ids is refused, and nothing is staged.
 */
export function stageRenameBatchAcross(ctx: ServiceContext, input: RenameBatchInput): { batch: string; changeSets: ChangeSet[] } {
  const names = [...new Set(input.connections.map((c) => c.trim()).filter(Boolean))];
  if (names.length === 0) throw badInput('missing_option', 'name at least one connection');
  for (const name of names) requireConnection(ctx, name);
  if (input.renames.length === 0) throw badInput('empty_batch', `${input.source}: the batch has no renames`);
  if (names.length === 1) return { batch: '', changeSets: [stageRenamesFor(ctx, { ...input, connection: names[0]! })] };

  const held = new Map(names.map((n) => [n, heldIds(ctx, n)]));
  const heldAnywhere = (r: Rename) => names.some((n) => held.get(n)!.has(r.current_external_id.trim()));
  const rowsFor = new Map(names.map((n) => [n, input.renames.filter((r) => held.get(n)!.has(r.current_external_id.trim()) || !heldAnywhere(r))]));
  for (const name of names) {
    if (!rowsFor.get(name)!.some((r) => held.get(name)!.has(r.current_external_id.trim()))) {
      throw badInput('nothing_held', `${input.source}: connection ${name} holds none of these external ids; leave it out of the list`);
    }
  }
  const batch: BatchLink = { key: `batch-${randomUUID()}`, connections: names };
  const changeSets = ctx.workspace.transaction(() =>
    names.map((name) => stageRenamesFor(ctx, { ...input, connection: name, renames: rowsFor.get(name)!, batch, title: `${input.title ?? `Rename ${input.renames.length} external ids`} (batch of ${names.length})` })),
  );
  return { batch: batch.key, changeSets };
}

/** A pattern rename (`legacy-{n}` → `usr_{n}`) for one connection or a batch of several. */
export function stagePatternAcross(ctx: ServiceContext, input: Omit<RenameBatchInput, 'renames' | 'source'> & { from: string; to: string }): { batch: string; changeSets: ChangeSet[] } {
  const { from, to, ...rest } = input;
  // One Braze-style connection: as before, ids in use counted with their deprecated ones.
  if (input.connections.length === 1 && requireConnection(ctx, input.connections[0]!).kind === 'braze') {
    return { batch: '', changeSets: [stagePatternRename(ctx, { connection: input.connections[0]!, from, to, windowDays: input.windowDays })] };
  }
  return stageRenameBatchAcross(ctx, { ...rest, renames: patternRenamesAcross(ctx, input.connections, from, to), source: `${from} → ${to}`, title: `Rename ${from} → ${to}` });
}

/** Renames by pattern across connections: every id any of them holds that fits `from`. */
export function patternRenamesAcross(ctx: ServiceContext, connections: string[], from: string, to: string): Rename[] {
  const all = new Set<string>();
  for (const name of connections) for (const id of heldIds(ctx, name)) all.add(id);
  const result = renamesFromPattern(from, to, [...all].sort(), (id) => all.has(id));
  if (!result.ok) throw badInput('bad_pattern', result.message);
  return result.renames;
}

const linkOf = (cs: ChangeSet) => cs.plan.batch as BatchLink | undefined;

/** The change sets of a batch, in the order their connections were named. */
export function batchChangeSets(ctx: ServiceContext, key: string): ChangeSet[] {
  const sets = ctx.workspace.changeSets.list().filter((cs) => linkOf(cs)?.key === key);
  if (sets.length === 0) throw failed('not_found', `no rename batch ${key}`);
  const order = linkOf(sets[0]!)!.connections;
  return sets.sort((a, b) => order.indexOf(a.connection) - order.indexOf(b.connection));
}

/** What a Braze-style row keeps working, from its change set's window. */
function brazeKeeps(cs: ChangeSet, current: string): string {
  return `${current} keeps working as a deprecated id for ${cs.windowDays ?? 30} days (the migration window), then is removed when the window is closed`;
}

/**
 * The batch side by side (issue 19): each person's rename in every system of the batch,
 * what each system keeps working, and what is left to do by hand.
 */
export function renameBatchView(ctx: ServiceContext, key: string): RenameBatchView {
  const sets = batchChangeSets(ctx, key);
  const persons = new Map<string, RenameBatchView['persons'][number]>();
  const checklist: RenameBatchView['checklist'] = [];
  const connections = sets.map((cs) => {
    const connection = requireConnection(ctx, cs.connection);
    const rows = ctx.workspace.changeSets.rows(cs.id);
    for (const row of rows) {
      const current = String(row.payload.current_external_id);
      const next = String(row.payload.new_external_id);
      const person = persons.get(`${current}\u0000${next}`) ?? { current, next, cells: {} };
      persons.set(`${current}\u0000${next}`, person);
      const steps = (row.plan.steps as MergeStep[] | undefined) ?? [];
      const error = typeof row.plan.error === 'string' ? row.plan.error : null;
      const cell: RenameBatchCell = {
        changeSetId: cs.id,
        idx: row.idx,
        action: error ? null : String(row.plan.action ?? 'rename'),
        error,
        says: error
          ? [String(row.plan.message ?? error)]
          : steps.length
            ? steps.map((s) => (s.request ? s.says : `By hand: ${s.says}`))
            : [row.plan.action === 'swap' ? `Swap ${current} and ${next} through a temporary id (rename and remove steps)` : `Rename ${current} to ${next} (/users/external_ids/rename)`],
        keeps: error ? '' : connection.kind === 'braze' ? brazeKeeps(cs, current) : String(row.plan.keeps ?? ''),
        review: row.review,
        result: row.result,
        resultDetail: row.resultDetail,
      };
      person.cells[cs.connection] = cell;
    }
    for (const step of (cs.plan.checklistSteps as string[] | undefined) ?? []) checklist.push({ connection: cs.connection, step });
    if (connection.kind === 'braze') checklist.push({ connection: cs.connection, step: `After ${cs.windowDays ?? 30} days, close the migration windows (rekey windows close --due) to remove the old ids` });
    return { name: cs.connection, kind: connection.kind, changeSetId: cs.id, state: cs.state, windowDays: cs.windowDays, rows: rows.length };
  });
  for (const person of persons.values()) for (const c of connections) person.cells[c.name] ??= null;
  return { key, connections, persons: [...persons.values()], checklist };
}

/**
 * Pushes every approved change set of a batch side by side: each system under its own
 * rate limit, so the batch takes about as long as its slowest system, not their sum.
 */
export async function pushRenameBatch(ctx: ServiceContext, key: string, options: PushServiceOptions = {}): Promise<{ connection: string; result?: PushResult; error?: string }[]> {
  const sets = batchChangeSets(ctx, key).filter((cs) => cs.state === 'approved' || cs.state === 'pushing');
  if (sets.length === 0) throw failed('nothing_to_push', `no change set of batch ${key} is approved`);
  const settled = await Promise.allSettled(sets.map((cs) => pushChangeSet(ctx, cs.id, options)));
  return settled.map((s, i) => (s.status === 'fulfilled' ? { connection: sets[i]!.connection, result: s.value } : { connection: sets[i]!.connection, error: (s.reason as Error).message }));
}
