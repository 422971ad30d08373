import { badInput } from '../../src-shared/errors';
import type { ChangeSet } from '../../src-shared/model/change-set';
import type { BatchLink } from '../../src-shared/model/rename-batch';
import type { Rename } from '../../src-shared/resolver';
import { planSystemRenames, type RenameHolder, type RenameSystem } from '../../src-shared/renames/system-renames';
import type { NewChangeRow } from '../store/repos/change-sets';
import { stageChangeSet } from './change-sets';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import { stageRenameBatch } from './stage-rename';

export interface RenameInput {
  connection: string;
  renames: Rename[];
  source: string;
  sourceSha256?: string;
  windowDays?: number;
  title?: string;
  /** SCIM: also rename userName where it carries the old id. */
  scimUserName?: boolean;
  batch?: BatchLink;
}

/** A connection's pulled users as rename plans read them (SCIM userName, UserVoice external users from the raw JSON). */
export function renameHolders(ctx: ServiceContext, connection: string): RenameHolder[] {
  const c = requireConnection(ctx, connection);
  return ctx.workspace.records.identitiesWithRaw(c.id).map((r) => {
    const raw = JSON.parse(r.raw) as { userName?: unknown; external_users?: { id: string; email: string | null; name?: string | null }[] };
    return {
      remoteId: r.remoteId,
      email: r.email,
      externalId: r.externalId,
      name: r.name,
      ...(typeof raw.userName === 'string' ? { userName: raw.userName } : {}),
      ...(c.kind === 'uservoice' ? { externalUsers: raw.external_users ?? [] } : {}),
    };
  });
}

/**
 * Stages a rename batch for one connection of any kind (issue 19): Braze-style by its
 * own rules (deprecated ids, windows, swaps; stage-rename.ts), every other kind by what
 * that system does (src-shared/renames/system-renames.ts), each row with its requests
 * and the steps left by hand in the change set's checklist.
 */
export function stageRenamesFor(ctx: ServiceContext, input: RenameInput): ChangeSet {
  const connection = requireConnection(ctx, input.connection);
  if (connection.kind === 'braze') return stageRenameBatch(ctx, input);
  if (input.renames.length === 0) throw badInput('empty_batch', `${input.source}: the batch has no renames`);
  const plans = planSystemRenames(connection.kind as RenameSystem, renameHolders(ctx, connection.name), input.renames, { scimUserName: input.scimUserName === true });
  const rows: NewChangeRow[] = input.renames.map((r, i) => ({ payload: { current_external_id: r.current_external_id, new_external_id: r.new_external_id }, plan: plans[i]! }));
  const checklistSteps = plans.flatMap((p) => ('steps' in p ? p.steps.filter((s) => !s.request).map((s) => s.says) : []));
  // The same steps as a Markdown checklist, the form merges export theirs in.
  const checklist = checklistSteps.length ? `# ${connection.name}: steps by hand\n\n${checklistSteps.map((s) => `- [ ] ${s}`).join('\n')}\n` : undefined;
  const counts = { renames: plans.filter((p) => 'action' in p).length, errors: plans.filter((p) => 'error' in p).length };
  return stageChangeSet(
    ctx,
    {
      kind: 'rename',
      connectionId: connection.id,
      title: input.title ?? `Rename ${input.renames.length} external ids`,
      // No system but Braze-style keeps the old id working: no migration window to open.
      windowDays: null,
      source: input.source,
      sourceSha256: input.sourceSha256 ?? null,
      plan: { counts, checklistSteps, ...(checklist ? { checklist } : {}), ...(connection.kind === 'productboard-scim' ? { scimUserName: input.scimUserName === true } : {}), ...(input.batch ? { batch: input.batch } : {}) },
    },
    rows,
  );
}
