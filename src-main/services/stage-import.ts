import { badInput } from '../../src-shared/errors';
import type { ChangeSet } from '../../src-shared/model/change-set';
import type { RenamedId } from '../../src-shared/model/renamed-id';
import { importStepByHand } from '../../src-shared/import-by-hand';
import { RENAMED_ID_CODE, RENAMED_ID_REWRITTEN_CODE } from '../../src-shared/plain-words';
import type { ResolveMode } from '../../src-shared/resolver';
import type { NewChangeRow } from '../store/repos/change-sets';
import { stageChangeSet } from './change-sets';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import type { IncomingRow } from './import-columns';
import { planImport } from './import-plan';
import { renamedIdOf, renamedIdsOf, rewriteRenamedRows } from './renamed-ids';

/** What a change row keeps of a rewrite: the id in the file, the id planned, the rename that replaced it. */
const rewriteRecord = (r: RenamedId) => ({ from: r.from, to: r.to, on: r.on, changeSet: r.changeSet, steps: r.steps });

/**
 * Stages an import change set (SPEC §7.2 "stage this import"): the mapped rows and their
 * plan. With `rewriteRenamed`, rows naming an external id that a pushed rename replaced
 * are planned with the new id (rows a preview already rewrote carry `renamedFrom`); each
 * such row keeps the mapping in its payload, so review, push and the audit show it.
 * Rows left with an old id are flagged in their plan.
 */
export function stageImport(
  ctx: ServiceContext,
  input: { connection: string; rows: IncomingRow[]; mode: ResolveMode; source: string; sourceSha256?: string; via?: 'bulk_identify'; rewriteRenamed?: boolean },
): ChangeSet {
  if (input.via && requireConnection(ctx, input.connection).kind !== 'uservoice') throw badInput('bad_option', '--via bulk_identify is for UserVoice connections');
  const connection = requireConnection(ctx, input.connection);
  if (input.rows.length === 0) throw badInput('empty_batch', `${input.source}: the file has no rows`);
  const renamedIds = renamedIdsOf(ctx, connection.name);
  const incoming = input.rewriteRenamed ? rewriteRenamedRows(renamedIds, input.rows) : input.rows;
  const plans = planImport(ctx, input.connection, incoming, input.mode);
  const rewrites: (ReturnType<typeof rewriteRecord> & { line: number })[] = [];
  let flagged = 0;
  let byHand = 0;
  const rows: NewChangeRow[] = incoming.map((r, i) => {
    const payload: Record<string, unknown> = { email: r.email, externalId: r.externalId, name: r.name, company: r.company, line: r.line };
    // A row this system's push will not carry out says so in its plan, so review shows it before the push fails it.
    const step = importStepByHand(connection.kind, String(plans[i]!.action), { hasEmail: Boolean(r.email?.trim()), hasExternalId: Boolean(r.externalId?.trim()) });
    if (step) byHand++;
    const plan = step ? { ...plans[i]!, byHand: step } : plans[i]!;
    if (r.renamedFrom) {
      payload.renamedFrom = rewriteRecord(r.renamedFrom);
      rewrites.push({ line: r.line, ...rewriteRecord(r.renamedFrom) });
      return { payload, plan: { ...plan, renamedId: { code: RENAMED_ID_REWRITTEN_CODE, ...r.renamedFrom, rewritten: true } } };
    } else {
      const stale = renamedIdOf(renamedIds, r.externalId);
      if (stale) {
        flagged++;
        return { payload, plan: { ...plan, renamedId: { code: RENAMED_ID_CODE, ...stale, rewritten: false } } };
      }
    }
    return { payload, plan };
  });
  const counts: Record<string, number> = {};
  for (const p of plans) counts[String(p.action)] = (counts[String(p.action)] ?? 0) + 1;
  const renamedSummary = rewrites.length || flagged ? { renamedIds: { rewritten: rewrites.length, left: flagged } } : {};
  return stageChangeSet(
    ctx,
    {
      kind: 'import',
      connectionId: connection.id,
      title: `Import ${input.rows.length} rows from ${input.source.split('/').pop()}`,
      mode: input.mode,
      source: input.source,
      sourceSha256: input.sourceSha256 ?? null,
      plan: { counts, ...(byHand ? { byHand } : {}), ...renamedSummary, ...(input.via ? { via: input.via } : {}) },
    },
    rows,
    // The audit keeps every mapping made, so an export shows which old id became which.
    rewrites.length ? { rewrittenIds: rewrites } : {},
  );
}

/**
 * One file staged as an import into several connections (issue 19 item 4): one change
 * set (draft) per connection, each planned by its own system, all or none.
 */
export function stageImportInto(
  ctx: ServiceContext,
  input: { connections: readonly string[]; rows: IncomingRow[]; mode: ResolveMode; source: string; sourceSha256?: string; via?: 'bulk_identify'; rewriteRenamed?: boolean },
): ChangeSet[] {
  // Old ids are rewritten per connection, by the renames pushed to that connection.
  const names = [...new Set(input.connections.map((c) => c.trim()).filter(Boolean))];
  if (names.length === 0) throw badInput('missing_option', 'name at least one connection');
  for (const name of names) requireConnection(ctx, name);
  return ctx.workspace.transaction(() => names.map((connection) => stageImport(ctx, { ...input, connection })));
}
