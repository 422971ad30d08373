import { createHash } from 'node:crypto';
import { badInput } from '../../src-shared/errors';
import type { ChangeSet } from '../../src-shared/model/change-set';
import type { BatchLink } from '../../src-shared/model/rename-batch';
import { checkRenames, IdentityIndex, renamesFromPattern, type IdentityIndexOptions, type IdentityUser, type Rename } from '../../src-shared/resolver';
import { parseCsv, readTable, requireColumns } from '../csv/read-csv';
import type { NewChangeRow } from '../store/repos/change-sets';
import { stageChangeSet } from './change-sets';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';

/** The connection's pulled users as the resolver sees them (live records only). */
export function identityUsers(ctx: ServiceContext, connection: string): IdentityUser[] {
  return identityIndex(ctx, connection).users();
}

/**
 * The pulled users of a connection, indexed by the shared resolver. A workspace copy can
 * hold what a remote no longer would (two pulls apart): the first holder of an email or
 * an external id keeps it.
 */
export function identityIndex(ctx: ServiceContext, connection: string, options: IdentityIndexOptions = {}): IdentityIndex {
  const index = new IdentityIndex([], options);
  ctx.workspace.records.eachIdentity(requireConnection(ctx, connection).id, (id, email, externalId, deprecated) => index.insertKeepingFirst(id, email, externalId, deprecated));
  return index;
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * Stages a rename batch (SPEC §4, §7.3): every row checked in order against the pulled
 * users, the batch analysed for chains, collisions and swaps; swap rows carry the step
 * plan that performs them. Nothing is sent; the batch goes to review as a draft.
 */
export function stageRenameBatch(
  ctx: ServiceContext,
  input: { connection: string; renames: Rename[]; source: string; sourceSha256?: string; windowDays?: number; title?: string; batch?: BatchLink },
): ChangeSet {
  const connection = requireConnection(ctx, input.connection);
  if (input.renames.length === 0) throw badInput('empty_batch', `${input.source}: the batch has no renames`);
  const windowDays = input.windowDays ?? 30;
  if (!Number.isInteger(windowDays) || windowDays < 0 || windowDays > 3650) throw badInput('bad_window', 'the migration window is 0–3650 days');
  const check = checkRenames(identityUsers(ctx, connection.name), input.renames);
  const swapOf = new Map<number, number>();
  check.plan.forEach((swap, k) => swap.rows.forEach((row) => swapOf.set(row, k)));
  const errors = new Map(check.rename_errors.map((e) => [e.index, e]));
  const rows: NewChangeRow[] = input.renames.map((r, i) => {
    const payload = { current_external_id: r.current_external_id, new_external_id: r.new_external_id };
    const swap = swapOf.get(i);
    if (swap !== undefined) return { payload, plan: { action: 'swap', swap, steps: check.plan[swap]!.steps.length } };
    const error = errors.get(i);
    return { payload, plan: error ? { error: error.code, message: error.message } : { action: 'rename' } };
  });
  const counts = {
    renames: rows.filter((r) => r.plan.action === 'rename').length,
    swaps: check.plan.length,
    errors: rows.filter((r) => r.plan.error).length,
  };
  return stageChangeSet(
    ctx,
    {
      kind: 'rename',
      connectionId: connection.id,
      title: input.title ?? `Rename ${input.renames.length} external ids`,
      windowDays,
      source: input.source,
      sourceSha256: input.sourceSha256 ?? null,
      plan: { swaps: check.plan, chains: check.analysis.chains, collisions: check.analysis.collisions, counts, ...(input.batch ? { batch: input.batch } : {}) },
    },
    rows,
  );
}

/**
 * The renames of a CSV's text or an .xlsx's bytes (current_external_id,new_external_id), and
 * the file's checksum: the app reads the file, since browser mode has no path to give.
 */
export function renamesFromFile(file: string | Uint8Array, fileName: string): { renames: Rename[]; sourceSha256: string } {
  const required = ['current_external_id', 'new_external_id'];
  const table = typeof file === 'string' ? parseCsv(file.replace(/^\uFEFF/, ''), fileName, { required }) : readTable(file, fileName, { required });
  const [c, n] = requireColumns(table, ['current_external_id', 'new_external_id']) as [number, number];
  return { renames: table.rows.map((r) => ({ current_external_id: r.cells[c]!, new_external_id: r.cells[n]! })), sourceSha256: sha256(file) };
}

/** A pattern rename (`legacy-{n}` → `usr_{n}`) over the connection's known ids. */
export function stagePatternRename(ctx: ServiceContext, input: { connection: string; from: string; to: string; windowDays?: number }): ChangeSet {
  const users = identityUsers(ctx, requireConnection(ctx, input.connection).name);
  const index = new IdentityIndex(users);
  const result = renamesFromPattern(input.from, input.to, users.map((u) => u.externalId).filter((x): x is string => Boolean(x)), (id) => index.isExternalIdInUse(id));
  if (!result.ok) throw badInput('bad_pattern', result.message);
  return stageRenameBatch(ctx, { connection: input.connection, renames: result.renames, source: `${input.from} → ${input.to}`, windowDays: input.windowDays, title: `Rename ${input.from} → ${input.to}` });
}

/** A removal batch from a list of deprecated ids (SPEC §4 removals). */
export function stageRemovalBatch(ctx: ServiceContext, input: { connection: string; ids: string[]; source: string; sourceSha256?: string }): ChangeSet {
  const connection = requireConnection(ctx, input.connection);
  if (input.ids.length === 0) throw badInput('empty_batch', `${input.source}: the batch has no ids`);
  const index = identityIndex(ctx, connection.name);
  const rows: NewChangeRow[] = input.ids.map((id) => {
    const outcome = index.remove(id);
    return { payload: { external_id: id }, plan: outcome.ok ? { action: 'remove', userId: outcome.userId } : { error: outcome.code, message: outcome.message } };
  });
  return stageChangeSet(ctx, { kind: 'removal', connectionId: connection.id, title: `Remove ${input.ids.length} deprecated ids`, source: input.source, sourceSha256: input.sourceSha256 ?? null, plan: {} }, rows);
}
