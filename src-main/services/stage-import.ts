import { badInput } from '../../src-shared/errors';
import type { ChangeSet } from '../../src-shared/model/change-set';
import type { ResolveMode } from '../../src-shared/resolver';
import type { NewChangeRow } from '../store/repos/change-sets';
import { stageChangeSet } from './change-sets';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import type { IncomingRow } from './import-columns';
import { identityIndex } from './stage-rename';

/**
 * The plan of an import (SPEC §3, §5): for each row, in order, what the target will do.
 * UserVoice follows its own rules: attach by email, create when missing, keep a sticky
 * attachment; every other kind follows the shared resolver in the chosen mode.
 */
export function planImport(ctx: ServiceContext, connectionName: string, rows: readonly IncomingRow[], mode: ResolveMode): Record<string, unknown>[] {
  const connection = requireConnection(ctx, connectionName);
  if (connection.kind === 'uservoice') return planUserVoice(ctx, connectionName, rows);
  // Users a plan creates get placeholder ids (new-1, new-2…) until the remote assigns real ones.
  let planned = 0;
  const newId = (used: (id: string) => boolean) => {
    let id: string;
    do id = `new-${++planned}`;
    while (used(id));
    return id;
  };
  const index = identityIndex(ctx, connectionName, { newId });
  return rows.map((row, i) => {
    const { index: _index, ...decision } = index.resolve({ email: row.email, externalId: row.externalId }, mode, i);
    return decision.action === 'fail' ? { ...decision, error: decision.reason } : decision;
  });
}

function planUserVoice(ctx: ServiceContext, connection: string, rows: readonly IncomingRow[]): Record<string, unknown>[] {
  const byEmail = new Map<string, string>();
  const externalOwner = new Map<string, string>();
  for (const r of ctx.workspace.records.list({ connection })) {
    if (r.vanishedAt) continue;
    if (r.email) byEmail.set(r.email.toLowerCase(), r.remoteId);
    if (r.externalId) externalOwner.set(r.externalId, r.remoteId);
  }
  return rows.map((row) => {
    const id = row.externalId ?? row.email;
    if (!id) return { action: 'fail', error: 'missing_identity', reason: 'an external user needs an id or an email' };
    const owner = externalOwner.get(id);
    const emailUser = row.email ? byEmail.get(row.email.toLowerCase()) : undefined;
    if (owner) {
      // SPEC §5: a changed email does not move the external user.
      if (emailUser && emailUser !== owner) return { action: 'kept_attachment', userId: owner, reason: 'sticky: the email now belongs to another UserVoice user; re-attach explicitly to move it' };
      return { action: 'update', userId: owner };
    }
    if (!row.email) return { action: 'fail', error: 'missing_identity', reason: `external user ${id} is new and has no email to attach it by` };
    externalOwner.set(id, emailUser ?? `new:${row.email.toLowerCase()}`);
    if (emailUser) return { action: 'attach', userId: emailUser };
    byEmail.set(row.email.toLowerCase(), `new:${row.email.toLowerCase()}`);
    return { action: 'create', userId: null };
  });
}

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
