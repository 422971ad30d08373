/**
 * The per-system plan of a merge (issue 9, SPEC §7.4): given the survivor, the records
 * merged into it and the chosen field values, what each API can do — as exact
 * requests, each with the read that tells whether it was applied — and what must be
 * done by hand. Every step says whether it can be taken back, and how.
 */

export type MergeSystem = 'productboard' | 'productboard-scim' | 'uservoice' | 'braze';

/** The fields a merge chooses a value for. */
export const MERGE_FIELDS = ['email', 'externalId', 'name'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export interface MergeSide {
  remoteId: string;
  email: string | null;
  externalId: string | null;
  name: string | null;
  /** UserVoice: the external users attached to this user. */
  externalUsers?: readonly { id: string; email: string | null }[];
  /** Productboard: the notes of this user, as the last pull saw them. */
  notes?: readonly { id: string; title: string | null }[];
}

export interface MergeInput {
  kind: MergeSystem;
  survivor: MergeSide;
  /** The records merged into the survivor (none when a merge only aligns fields). */
  losers: readonly MergeSide[];
  /** The survivor's values after the merge; a field left out keeps the survivor's. */
  values: Partial<Record<MergeField, string | null>>;
  /** UserVoice: which external users move to the survivor (default: every loser's). */
  moveExternalUsers?: readonly string[];
}

export interface MergeRequest {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

export type MergeAction =
  | 'braze.merge'
  | 'braze.track'
  | 'braze.rename'
  | 'scim.deactivate'
  | 'scim.update'
  | 'productboard.repoint_note'
  | 'productboard.delete'
  | 'productboard.update'
  | 'uservoice.reattach'
  /** A rename in UserVoice: a new external user with the new id (src-shared/renames). */
  | 'uservoice.import'
  /** A step of a merge's undo: its request is whatever the stored undo says. */
  | 'undo'
  | 'manual';

export interface MergeStep {
  action: MergeAction;
  /** The step in plain words, as the checklist prints it. */
  says: string;
  /** Automatic steps: the exact request. Manual steps have none. */
  request?: MergeRequest;
  /** Manual steps that must be done before the change set is pushed. */
  beforePush?: boolean;
  /** For reading the remote back after an interruption (which record, which values). */
  target?: { remoteId: string; externalId?: string | null; expect?: Record<string, string | null | boolean> };
  reversible: boolean;
  /** How to take it back: for an irreversible step, what can still be rebuilt. */
  undo: { says: string; request?: MergeRequest };
}

export interface MergePlan {
  kind: MergeSystem;
  survivor: string;
  losers: string[];
  /** The survivor's values after the merge. */
  result: Record<MergeField, string | null>;
  steps: MergeStep[];
}

const SCIM_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** "Ada Lovelace" → given "Ada", family "Lovelace" (what SCIM and Braze store apart). */
export function splitName(name: string | null): { given: string | null; family: string | null } {
  if (!name?.trim()) return { given: null, family: null };
  const [given, ...rest] = name.trim().split(/\s+/);
  return { given: given ?? null, family: rest.length ? rest.join(' ') : null };
}

/** What changes on the survivor: chosen values that differ from its own. */
function changes(survivor: MergeSide, result: Record<MergeField, string | null>): MergeField[] {
  return MERGE_FIELDS.filter((f) => (result[f] ?? null) !== (survivor[f] ?? null));
}

const describe = (side: MergeSide) => `${side.remoteId} (${[side.email, side.externalId].filter(Boolean).join(', ') || 'no email, no external id'})`;
const fieldList = (fields: readonly MergeField[], result: Record<MergeField, string | null>) =>
  fields.map((f) => `${f} ${result[f] === null ? 'cleared' : `"${result[f]}"`}`).join(', ');

export function planMerge(input: MergeInput): MergePlan {
  const { survivor, losers } = input;
  const result = Object.fromEntries(MERGE_FIELDS.map((f) => [f, f in input.values ? (input.values[f] ?? null) : survivor[f]])) as Record<MergeField, string | null>;
  const changed = changes(survivor, result);
  const steps =
    input.kind === 'braze'
      ? brazeSteps(survivor, losers, result, changed)
      : input.kind === 'productboard-scim'
        ? scimSteps(survivor, losers, result, changed)
        : input.kind === 'productboard'
          ? productboardSteps(survivor, losers, result, changed)
          : uservoiceSteps(survivor, losers, result, changed, input.moveExternalUsers);
  return { kind: input.kind, survivor: survivor.remoteId, losers: losers.map((l) => l.remoteId), result, steps };
}

function brazeSteps(survivor: MergeSide, losers: readonly MergeSide[], result: Record<MergeField, string | null>, changed: MergeField[]): MergeStep[] {
  const steps: MergeStep[] = [];
  for (const loser of losers) {
    const recreate = { attributes: [{ external_id: loser.externalId, email: loser.email, ...names(loser.name) }] };
    if (!loser.externalId || !survivor.externalId) {
      steps.push({
        action: 'manual',
        says: `In the Braze dashboard, merge profile ${describe(loser)} into ${describe(survivor)}: /users/merge identifies users by external id, and one of them has none`,
        reversible: false,
        undo: { says: `Re-create ${describe(loser)} with its old attributes; its events and history cannot be restored` },
      });
      continue;
    }
    steps.push({
      action: 'braze.merge',
      says: `Merge Braze profile ${describe(loser)} into ${describe(survivor)} (asynchronous; the merged profile is deleted, its attributes fill the survivor's gaps)`,
      request: { method: 'POST', path: '/users/merge', body: { merge_updates: [{ identifier_to_merge: { external_id: loser.externalId }, identifier_to_keep: { external_id: survivor.externalId } }] } },
      target: { remoteId: loser.remoteId, externalId: loser.externalId },
      reversible: false,
      undo: { says: `Re-create ${describe(loser)} through /users/track with its old attributes; its events, purchases and history stay with the survivor`, request: { method: 'POST', path: '/users/track', body: recreate } },
    });
  }
  const attributes = changed.filter((f) => f !== 'externalId');
  if (attributes.length && survivor.externalId) {
    const old = { external_id: survivor.externalId, ...(attributes.includes('email') ? { email: survivor.email } : {}), ...(attributes.includes('name') ? names(survivor.name) : {}) };
    steps.push({
      action: 'braze.track',
      says: `Set ${fieldList(attributes, result)} on Braze profile ${describe(survivor)}`,
      request: { method: 'POST', path: '/users/track', body: { attributes: [{ external_id: survivor.externalId, ...(attributes.includes('email') ? { email: result.email } : {}), ...(attributes.includes('name') ? names(result.name) : {}) }] } },
      target: { remoteId: survivor.remoteId, externalId: survivor.externalId, expect: { ...(attributes.includes('email') ? { email: result.email } : {}), ...(attributes.includes('name') ? names(result.name) : {}) } },
      reversible: true,
      undo: { says: `Set the old values back on ${describe(survivor)}`, request: { method: 'POST', path: '/users/track', body: { attributes: [old] } } },
    });
  }
  if (changed.includes('externalId') && survivor.externalId && result.externalId) {
    steps.push({
      action: 'braze.rename',
      says: `Rename the survivor's external id ${survivor.externalId} to ${result.externalId} (the old id keeps working as a deprecated id during the migration window)`,
      request: { method: 'POST', path: '/users/external_ids/rename', body: { external_id_renames: [{ current_external_id: survivor.externalId, new_external_id: result.externalId }] } },
      target: { remoteId: survivor.remoteId, externalId: result.externalId },
      reversible: true,
      undo: { says: `Rename ${result.externalId} back to ${survivor.externalId}`, request: { method: 'POST', path: '/users/external_ids/rename', body: { external_id_renames: [{ current_external_id: result.externalId, new_external_id: survivor.externalId }] } } },
    });
  }
  return steps;
}

const names = (name: string | null) => {
  const { given, family } = splitName(name);
  return { first_name: given, last_name: family };
};

function scimSteps(survivor: MergeSide, losers: readonly MergeSide[], result: Record<MergeField, string | null>, changed: MergeField[]): MergeStep[] {
  const steps: MergeStep[] = [];
  for (const loser of losers) {
    // A deprovisioned user still holds its userName and externalId; free what the survivor takes.
    const frees = (result.email && loser.email?.toLowerCase() === result.email.toLowerCase()) || (result.externalId && loser.externalId === result.externalId);
    const ops: unknown[] = [{ op: 'replace', path: 'active', value: false }];
    const back: unknown[] = [{ op: 'replace', path: 'active', value: true }];
    if (frees) {
      ops.push({ op: 'replace', path: 'userName', value: `merged.${loser.remoteId}.${loser.email ?? 'user'}` }, { op: 'remove', path: 'externalId' });
      back.push({ op: 'replace', path: 'userName', value: loser.email }, ...(loser.externalId ? [{ op: 'replace', path: 'externalId', value: loser.externalId }] : []));
    }
    steps.push({
      action: 'scim.deactivate',
      says: `Deprovision SCIM user ${describe(loser)} (active=false; SCIM never deletes)${frees ? ', renaming its userName and removing its externalId so the survivor can take them' : ''}`,
      request: { method: 'PATCH', path: `/Users/${loser.remoteId}`, body: { schemas: [SCIM_PATCH], Operations: ops } },
      target: { remoteId: loser.remoteId, expect: { active: false } },
      reversible: true,
      undo: { says: `Reactivate ${describe(loser)} with its old userName and externalId`, request: { method: 'PATCH', path: `/Users/${loser.remoteId}`, body: { schemas: [SCIM_PATCH], Operations: back } } },
    });
  }
  if (changed.length) {
    const opsFor = (values: Record<MergeField, string | null>, fields: MergeField[]) =>
      fields.flatMap((f): { op: string; path: string; value?: string | null }[] => {
        if (f === 'email') return [{ op: 'replace', path: 'userName', value: values.email }];
        if (f === 'externalId') return [values.externalId === null ? { op: 'remove', path: 'externalId' } : { op: 'replace', path: 'externalId', value: values.externalId }];
        const { given, family } = splitName(values.name);
        return [{ op: 'replace', path: 'name.givenName', value: given }, { op: 'replace', path: 'name.familyName', value: family }];
      });
    const old = { email: survivor.email, externalId: survivor.externalId, name: survivor.name };
    steps.push({
      action: 'scim.update',
      says: `Update SCIM user ${describe(survivor)}: ${fieldList(changed, result)}`,
      request: { method: 'PATCH', path: `/Users/${survivor.remoteId}`, body: { schemas: [SCIM_PATCH], Operations: opsFor(result, changed) } },
      target: { remoteId: survivor.remoteId, expect: Object.fromEntries(changed.map((f) => [f, result[f]])) },
      reversible: true,
      undo: { says: `Set ${fieldList(changed, old)} back on ${survivor.remoteId}`, request: { method: 'PATCH', path: `/Users/${survivor.remoteId}`, body: { schemas: [SCIM_PATCH], Operations: opsFor(old, changed) } } },
    });
  }
  return steps;
}

function productboardSteps(survivor: MergeSide, losers: readonly MergeSide[], result: Record<MergeField, string | null>, changed: MergeField[]): MergeStep[] {
  const steps: MergeStep[] = [];
  // A note names its user by email or external id, resolved strictly (SPEC §3).
  const identity = (side: MergeSide) => (side.email ? { email: side.email } : side.externalId ? { external_id: side.externalId } : undefined);
  for (const loser of losers) {
    const to = identity(survivor);
    const back = identity(loser);
    for (const note of loser.notes ?? []) {
      const label = `note ${note.id}${note.title ? ` "${note.title}"` : ''}`;
      if (!to) {
        steps.push({ action: 'manual', says: `Before pushing: in Productboard, move ${label} to ${describe(survivor)} (it has no email or external id a note can name)`, beforePush: true, reversible: true, undo: { says: `Move ${label} back to ${describe(loser)}` } });
        continue;
      }
      steps.push({
        action: 'productboard.repoint_note',
        says: `Re-point ${label} from ${describe(loser)} to ${describe(survivor)}`,
        request: { method: 'PATCH', path: `/notes/${note.id}`, body: { data: { user: to } } },
        target: { remoteId: survivor.remoteId },
        reversible: true,
        undo: back
          ? { says: `Re-point ${label} back to ${describe(loser)}`, request: { method: 'PATCH', path: `/notes/${note.id}`, body: { data: { user: back } } } }
          : { says: `Move ${label} back by hand: ${describe(loser)} has no email or external id a note can name` },
      });
    }
    steps.push({
      action: 'productboard.delete',
      says: `Delete Productboard user ${describe(loser)} (notes it got after the last pull are not re-pointed: pull first)`,
      request: { method: 'DELETE', path: `/users/${loser.remoteId}` },
      target: { remoteId: loser.remoteId },
      reversible: false,
      undo: {
        says: `Re-create a user with ${[loser.email && `email ${loser.email}`, loser.externalId && `external id ${loser.externalId}`, loser.name && `name ${loser.name}`].filter(Boolean).join(', ')}; it gets a new id, and its notes come back with the undo of their re-pointing`,
        request: { method: 'POST', path: '/users', body: { data: { ...(loser.email ? { email: loser.email } : {}), ...(loser.externalId ? { externalId: loser.externalId } : {}), ...(loser.name ? { name: loser.name } : {}) } } },
      },
    });
  }
  if (changed.length) {
    const data = (values: Record<MergeField, string | null>) => Object.fromEntries(changed.map((f) => [f, values[f]]));
    const old = { email: survivor.email, externalId: survivor.externalId, name: survivor.name };
    steps.push({
      action: 'productboard.update',
      says: `Update Productboard user ${describe(survivor)}: ${fieldList(changed, result)}`,
      request: { method: 'PATCH', path: `/users/${survivor.remoteId}`, body: { data: data(result) } },
      target: { remoteId: survivor.remoteId, expect: data(result) },
      reversible: true,
      undo: { says: `Set ${fieldList(changed, old)} back on ${survivor.remoteId}`, request: { method: 'PATCH', path: `/users/${survivor.remoteId}`, body: { data: data(old) } } },
    });
  }
  return steps;
}

function uservoiceSteps(
  survivor: MergeSide,
  losers: readonly MergeSide[],
  result: Record<MergeField, string | null>,
  changed: MergeField[],
  only: readonly string[] | undefined,
): MergeStep[] {
  const steps: MergeStep[] = [];
  for (const loser of losers) {
    const attached = loser.externalUsers ?? [];
    const moving = attached.filter((e) => !only || only.includes(e.id));
    for (const ext of moving) {
      // SPEC §5: an external user moves only when re-attached explicitly.
      steps.push({
        action: 'uservoice.reattach',
        says: `Re-attach UserVoice external user ${ext.id} from user ${describe(loser)} to ${describe(survivor)}`,
        request: { method: 'POST', path: `/api/v2/admin/external_users/${encodeURIComponent(ext.id)}/reattach`, body: { user_id: Number(survivor.remoteId) } },
        target: { remoteId: survivor.remoteId, externalId: ext.id },
        reversible: true,
        undo: { says: `Re-attach ${ext.id} back to ${loser.remoteId}`, request: { method: 'POST', path: `/api/v2/admin/external_users/${encodeURIComponent(ext.id)}/reattach`, body: { user_id: Number(loser.remoteId) } } },
      });
    }
    if (moving.length === attached.length && !only) {
      steps.push({
        action: 'manual',
        says: `After pushing: in UserVoice Admin → Users, merge ${describe(loser)} into ${describe(survivor)} (the API has no user merge); its votes and comments move with it`,
        reversible: false,
        undo: { says: `Re-create a user with email ${loser.email ?? '(none)'} and re-attach its external users (${attached.map((e) => e.id).join(', ') || 'none'}); moved votes stay on the survivor` },
      });
    }
  }
  if (changed.length) {
    steps.push({
      action: 'manual',
      says: `After pushing: in UserVoice Admin → Users → ${describe(survivor)}, set ${fieldList(changed, result)} (the admin API does not update users)`,
      reversible: true,
      undo: { says: `Set ${fieldList(changed, { email: survivor.email, externalId: survivor.externalId, name: survivor.name })} back by hand` },
    });
  }
  return steps;
}

/** The manual steps of some plans, numbered, as a checklist a person can follow. */
export function checklistMarkdown(title: string, plans: readonly { connection: string; plan: MergePlan }[]): string {
  const lines = [`# ${title}`, ''];
  let n = 0;
  for (const { connection, plan } of plans) {
    lines.push(`## ${connection} (${plan.kind}): ${plan.survivor} survives${plan.losers.length ? `, ${plan.losers.join(', ')} merged into it` : ''}`, '');
    for (const step of plan.steps) {
      n++;
      const how = step.request ? `Rekey pushes \`${step.request.method} ${step.request.path}\`` : step.beforePush ? 'by hand, **before the push**' : 'by hand';
      lines.push(`${n}. [ ] ${step.says} — ${how}. ${step.reversible ? 'Reversible' : '**Not reversible**'}: ${step.undo.says}.`);
    }
    if (!plan.steps.length) lines.push('Nothing to change: the survivor already has the chosen values.');
    lines.push('');
  }
  return lines.join('\n');
}
