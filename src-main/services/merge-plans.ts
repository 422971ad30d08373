import { badInput } from '../../src-shared/errors';
import type { MergeRecord } from '../../src-shared/merges/find-duplicates';
import { checklistMarkdown, MERGE_FIELDS, planMerge, type MergeField, type MergePlan, type MergeSide, type MergeStep, type MergeSystem } from '../../src-shared/merges/merge-plan';
import type { ChangeSet } from '../../src-shared/model/change-set';
import type { MergeChoice, MergePlanView } from '../../src-shared/model/merge';
import { IdentityIndex } from '../../src-shared/resolver';
import type { NewChangeRow } from '../store/repos/change-sets';
import { stageChangeSet } from './change-sets';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import { requireCandidate } from './merges';

/**
 * Merges as change sets (issue 9): a choice (survivor, the records merged into it, the
 * chosen values) becomes a per-system plan, and plans for one connection become a merge
 * change set that goes through review and push like every other.
 */

const side = (r: MergeRecord): MergeSide => ({ remoteId: r.remoteId, email: r.email, externalId: r.externalId, name: r.name, ...(r.externalUsers ? { externalUsers: r.externalUsers } : {}) });

/**
 * Finds a record of a connection by remote id, or else — as a person would write it in
 * a merge file — by email or external id through the shared resolver's lookups, over the
 * few records the reference can name (read through indexes: a candidate's merge, or a
 * merges file of thousands of rows, never reads the whole connection).
 */
function recordFinder(ctx: ServiceContext, connection: string) {
  return (ref: string): MergeRecord | undefined => {
    const records = ctx.workspace.records.mergeRecordsByRef(connection, ref);
    const byId = new Map(records.map((r) => [r.remoteId, r]));
    if (byId.has(ref)) return byId.get(ref);
    // A workspace copy can hold what a remote would not (two pulls apart): the first holder, in id order, of an email or id wins.
    const index = new IdentityIndex();
    for (const r of records) index.insertKeepingFirst(r.remoteId, r.email, r.externalId, r.deprecatedExternalIds);
    const user = index.byExternalId(ref)?.user ?? (ref.includes('@') ? index.byEmailAddress(ref) : undefined);
    return user ? byId.get(user.id) : undefined;
  };
}

/** Plans merges in one connection against its pulled records. */
function plannerFor(ctx: ServiceContext, connectionName: string) {
  const connection = requireConnection(ctx, connectionName);
  const find = recordFinder(ctx, connection.name);
  // Productboard: the merged users' notes, as the last pull listed them, are re-pointed.
  const withNotes = (r: MergeRecord): MergeSide =>
    connection.kind === 'productboard' ? { ...side(r), notes: ctx.workspace.noteLinks.forUser(connection.id, r.remoteId).map((n) => ({ id: n.noteId, title: n.title })) } : side(r);
  return (choice: MergeChoice, where = ''): { plan: MergePlan; choice: MergeChoice } => {
    const need = (ref: string, role: string) => {
      const r = find(ref);
      if (!r) throw badInput('unknown_user', `${where}${role} "${ref}" is not a pulled user of ${connection.name} (by remote id, external id or email)`);
      return r;
    };
    const survivor = need(choice.survivor, 'survivor');
    const losers = choice.losers.map((l) => need(l, 'merged user'));
    if (losers.some((l) => l.remoteId === survivor.remoteId)) throw badInput('bad_merge', `${where}the survivor ${survivor.remoteId} cannot also be merged into itself`);
    const plan = planMerge({
      kind: connection.kind as MergeSystem,
      survivor: side(survivor),
      losers: losers.map(withNotes),
      values: choice.values,
      ...(choice.moveExternalUsers ? { moveExternalUsers: choice.moveExternalUsers } : {}),
    });
    return { plan, choice: { ...choice, connection: connection.name, survivor: survivor.remoteId, losers: losers.map((l) => l.remoteId) } };
  };
}

/** One merge planned against the pulled records of its connection. */
export function planChoice(ctx: ServiceContext, choice: MergeChoice, where = ''): { plan: MergePlan; choice: MergeChoice } {
  return plannerFor(ctx, choice.connection)(choice, where);
}

/**
 * A candidate's merge, one choice per connection it spans: in a connection holding
 * several of its records, the chosen survivor (or the first) keeps them; in one holding
 * a single record, that record only takes the chosen values.
 */
export function candidateChoices(ctx: ServiceContext, input: { key: string; survivor?: { connection: string; remoteId: string }; values?: Partial<Record<MergeField, string | null>> }): MergeChoice[] {
  const candidate = requireCandidate(ctx, input.key);
  const connections = [...new Set(candidate.records.map((r) => r.connection))];
  const stale = candidate.kind === 'stale_attachment' ? candidate.key.split(':').slice(3).join(':') : undefined;
  return connections.map((connection) => {
    const here = candidate.records.filter((r) => r.connection === connection).map((r) => r.remoteId);
    // A stale attachment moves to the user who now owns the email (the candidate's second record).
    const fallback = stale ? here[here.length - 1]! : here[0]!;
    const survivor = input.survivor?.connection === connection && here.includes(input.survivor.remoteId) ? input.survivor.remoteId : fallback;
    return {
      connection,
      survivor,
      losers: here.filter((id) => id !== survivor),
      values: input.values ?? {},
      candidate: candidate.key,
      ...(stale ? { moveExternalUsers: [stale] } : {}),
    };
  });
}

/** The plan of a candidate's merge in every system it spans, with the checklist. */
export function planCandidate(ctx: ServiceContext, input: Parameters<typeof candidateChoices>[1]): MergePlanView {
  const plans = candidateChoices(ctx, input).map((c) => {
    const { plan, choice } = planChoice(ctx, c);
    return { connection: c.connection, choice, plan };
  });
  return { key: input.key, plans, checklist: checklistMarkdown(`Merge checklist: ${input.key}`, plans) };
}

/** Stages merges into one connection as a merge change set (draft). */
export function stageMerges(ctx: ServiceContext, input: { connection: string; choices: readonly MergeChoice[]; source: string; sourceSha256?: string | null; where?: (i: number) => string; candidate?: { key: string; checklist: string } }): ChangeSet {
  const connection = requireConnection(ctx, input.connection);
  if (input.choices.length === 0) throw badInput('empty_batch', `${input.source}: no merges to stage`);
  const plan = plannerFor(ctx, connection.name);
  const planned = input.choices.map((c, i) => {
    const where = input.where?.(i) ?? '';
    if (c.losers.length === 0 && Object.keys(c.values).length === 0) throw badInput('bad_merge', `${where}name a user to merge into "${c.survivor}" (loser), or values to set on it`);
    return plan({ ...c, connection: connection.name }, where);
  });
  const rows: NewChangeRow[] = planned.map(({ plan, choice }) => ({
    payload: { ...choice },
    plan: { action: 'merge', survivor: plan.survivor, losers: plan.losers, result: plan.result, steps: plan.steps, reversible: plan.steps.every((s) => s.reversible) },
  }));
  const steps = planned.flatMap((p) => p.plan.steps);
  return stageChangeSet(
    ctx,
    {
      kind: 'merge',
      connectionId: connection.id,
      title: `Merge ${planned.length === 1 ? `into ${planned[0]!.plan.survivor}` : `${planned.length} duplicates`} in ${connection.name}`,
      mode: null,
      source: input.source,
      sourceSha256: input.sourceSha256 ?? null,
      plan: {
        counts: { merges: planned.length, automatic: steps.filter((s) => s.request).length, manual: steps.filter((s) => !s.request).length, irreversible: steps.filter((s) => !s.reversible).length },
        // Stored with the change set (issue 9): what to do by hand, and the way back for every step.
        checklist: input.candidate?.checklist ?? checklistMarkdown(`Merge checklist: ${connection.name}`, planned.map((p) => ({ connection: connection.name, plan: p.plan }))),
        ...(input.candidate ? { candidate: input.candidate.key } : {}),
        undo: planned.map((p, row) => ({ row, steps: [...p.plan.steps].reverse().map((s) => ({ ...s.undo, reversible: s.reversible })) })),
      },
    },
    rows,
  );
}

/**
 * "Stage this merge": one merge change set per connection that has something to push;
 * every one carries the candidate's whole checklist (the steps by hand in other systems too).
 */
export function stageCandidate(ctx: ServiceContext, input: Parameters<typeof candidateChoices>[1]): ChangeSet[] {
  const view = planCandidate(ctx, input);
  const pushable = view.plans.filter((p) => p.plan.steps.some((s) => s.request));
  if (!pushable.length) throw badInput('nothing_to_push', `${input.key}: no step can be done through an API; follow the checklist (rekey merges plan ${input.key} --checklist FILE.md)`);
  return pushable.map((p) => stageMerges(ctx, { connection: p.connection, choices: [p.choice], source: `candidate ${input.key}`, candidate: { key: input.key, checklist: view.checklist } }));
}

/** Reads a merges CSV row: survivor, loser (several split by "|"), optional email, external_id, name, external_users. */
export function choiceFromCells(get: (column: string) => string | undefined, connection: string): MergeChoice {
  const values: Partial<Record<MergeField, string | null>> = {};
  const columns: Record<MergeField, string> = { email: 'email', externalId: 'external_id', name: 'name' };
  for (const f of MERGE_FIELDS) {
    const v = get(columns[f])?.trim();
    if (v) values[f] = v;
  }
  const move = get('external_users')?.trim();
  return {
    connection,
    survivor: get('survivor')?.trim() ?? '',
    losers: (get('loser') ?? '').split('|').map((s) => s.trim()).filter(Boolean),
    values,
    ...(move ? { moveExternalUsers: move.split('|').map((s) => s.trim()).filter(Boolean) } : {}),
  };
}

/**
 * The way back (issue 9): a new merge change set that takes an applied merge back, step
 * by step in reverse — the stored undo of every step, sent where an API can do it and
 * listed by hand where not. What an irreversible step destroyed (a merged profile's
 * history) is rebuilt only as far as its undo says.
 */
export function stageMergeUndo(ctx: ServiceContext, id: number): ChangeSet {
  const cs = ctx.workspace.changeSets.get(id);
  if (!cs || cs.kind !== 'merge') throw badInput('not_a_merge', `change set ${id} is not a merge change set`);
  if (cs.state !== 'applied' && cs.state !== 'partially_applied') throw badInput('not_applied', `change set ${id} is ${cs.state}; only an applied merge can be undone`);
  const applied = ctx.workspace.changeSets.rows(id).filter((r) => r.result === 'applied' && r.plan.action === 'merge');
  if (!applied.length) throw badInput('nothing_to_undo', `change set ${id} has no applied merge rows`);
  const rows: NewChangeRow[] = applied.map((r) => {
    const steps = [...(r.plan.steps as MergeStep[])].reverse().map(
      (s): MergeStep => ({
        // Not the original action: an undone Braze merge is a /users/track, not a batched merge.
        action: s.undo.request ? 'undo' : 'manual',
        says: s.undo.says,
        ...(s.undo.request ? { request: s.undo.request } : {}),
        reversible: true,
        undo: { says: `Redo: ${s.says}`, ...(s.request ? { request: s.request } : {}) },
      }),
    );
    return { payload: { undoes: { changeSet: id, row: r.idx } }, plan: { action: 'undo', survivor: r.plan.survivor, losers: r.plan.losers, steps, reversible: true } };
  });
  const steps = rows.flatMap((r) => r.plan.steps as MergeStep[]);
  const undo = stageChangeSet(
    ctx,
    {
      kind: 'merge',
      connectionId: ctx.workspace.connections.byName(cs.connection)!.id,
      title: `Undo #${id}: ${cs.title}`,
      mode: null,
      source: `undo of change set #${id}`,
      sourceSha256: null,
      plan: {
        counts: { undone: rows.length, automatic: steps.filter((s) => s.request).length, manual: steps.filter((s) => !s.request).length },
        checklist: checklistMarkdown(`Undo checklist: change set #${id}`, rows.map((r) => ({ connection: cs.connection, plan: { kind: ctx.workspace.connections.byName(cs.connection)!.kind as MergeSystem, survivor: String(r.plan.survivor), losers: r.plan.losers as string[], result: { email: null, externalId: null, name: null }, steps: r.plan.steps as MergeStep[] } }))),
      },
    },
    rows,
  );
  ctx.workspace.write({ action: 'merge.undo_staged', subject: String(undo.id), detail: { of: id, rows: rows.length } }, () => ctx.workspace.changeSets.setParent(undo.id, id));
  return ctx.workspace.changeSets.get(undo.id)!;
}
