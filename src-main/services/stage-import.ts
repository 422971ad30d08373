import { badInput } from '../../src-shared/errors';
import type { ChangeSet } from '../../src-shared/model/change-set';
import type { ResolveMode } from '../../src-shared/resolver';
import type { NewChangeRow } from '../store/repos/change-sets';
import { stageChangeSet } from './change-sets';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import type { IncomingRow } from './import-columns';
import { planImport } from './import-plan';

/** Stages an import change set (SPEC §7.2 "stage this import"): the mapped rows and their plan. */
export function stageImport(
  ctx: ServiceContext,
  input: { connection: string; rows: IncomingRow[]; mode: ResolveMode; source: string; sourceSha256?: string; via?: 'bulk_identify' },
): ChangeSet {
  if (input.via && requireConnection(ctx, input.connection).kind !== 'uservoice') throw badInput('bad_option', '--via bulk_identify is for UserVoice connections');
  const connection = requireConnection(ctx, input.connection);
  if (input.rows.length === 0) throw badInput('empty_batch', `${input.source}: the file has no rows`);
  const plans = planImport(ctx, input.connection, input.rows, input.mode);
  const rows: NewChangeRow[] = input.rows.map((r, i) => ({
    payload: { email: r.email, externalId: r.externalId, name: r.name, company: r.company, line: r.line },
    plan: plans[i]!,
  }));
  const counts: Record<string, number> = {};
  for (const p of plans) counts[String(p.action)] = (counts[String(p.action)] ?? 0) + 1;
  return stageChangeSet(
    ctx,
    { kind: 'import', connectionId: connection.id, title: `Import ${input.rows.length} rows from ${input.source.split('/').pop()}`, mode: input.mode, source: input.source, sourceSha256: input.sourceSha256 ?? null, plan: { counts, ...(input.via ? { via: input.via } : {}) } },
    rows,
  );
}

/**
 * One file staged as an import into several connections (issue 19 item 4): one change
 * set (draft) per connection, each planned by its own system, all or none.
 */
export function stageImportInto(ctx: ServiceContext, input: { connections: readonly string[]; rows: IncomingRow[]; mode: ResolveMode; source: string; sourceSha256?: string; via?: 'bulk_identify' }): ChangeSet[] {
  const names = [...new Set(input.connections.map((c) => c.trim()).filter(Boolean))];
  if (names.length === 0) throw badInput('missing_option', 'name at least one connection');
  for (const name of names) requireConnection(ctx, name);
  return ctx.workspace.transaction(() => names.map((connection) => stageImport(ctx, { ...input, connection })));
}
