import type { MergeStep } from '../merges/merge-plan';
import type { Rename } from '../resolver';

const SCIM_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const UV = '/api/v2/admin';

/** A pulled user as a rename plan needs it. */
export interface RenameHolder {
  remoteId: string;
  email: string | null;
  externalId: string | null;
  name: string | null;
  /** SCIM: the userName, which may carry the external id too. */
  userName?: string | null;
  /** UserVoice: the external users this UserVoice user holds. */
  externalUsers?: { id: string; email: string | null; name?: string | null }[];
}

/** The systems whose renames are planned here; Braze-style renames keep their own planner (SPEC §4). */
export type RenameSystem = 'productboard' | 'productboard-scim' | 'uservoice';

export interface RenameOptions {
  /** SCIM: also rename userName where it carries the old external id (the user's choice). */
  scimUserName?: boolean;
}

/** One row's plan: the steps that rename it in this system, or why it cannot. */
export type SystemRenamePlan =
  | {
      action: 'rename';
      userId: string;
      /** What still works with the old id after the push, in plain words. */
      keeps: string;
      /** Whether the old id keeps working for a while (only Braze-style has a migration window). */
      window: false;
      userNameCarriesId?: boolean;
      alsoUserName?: boolean;
      steps: MergeStep[];
    }
  | { error: string; message: string };

/**
 * Plans a rename batch for a system that is not Braze-style, by what that system really
 * does (issue 19): Productboard REST PATCHes the user's externalId and keeps no deprecated
 * id; SCIM PATCHes externalId (and userName, when it carries the id and the user chose
 * so), reversibly; UserVoice cannot rename an external user, so a new one with the new id
 * is imported onto the same UserVoice user and the old one is left to remove by hand.
 * Rows are checked in order against the users as the earlier rows leave them.
 */
export function planSystemRenames(system: RenameSystem, holders: readonly RenameHolder[], renames: readonly Rename[], options: RenameOptions = {}): SystemRenamePlan[] {
  if (system === 'uservoice') return planUserVoice(holders, renames);
  const byId = new Map<string, RenameHolder>();
  const userNames = new Map<string, string>();
  for (const h of holders) {
    if (h.externalId) byId.set(h.externalId, h);
    if (h.userName) userNames.set(h.userName.toLowerCase(), h.remoteId);
  }
  return renames.map((r) => {
    const current = r.current_external_id.trim();
    const next = r.new_external_id.trim();
    const problem = basicProblem(current, next);
    if (problem) return problem;
    const holder = byId.get(current);
    if (!holder) return { error: 'current_not_found', message: `no user here has external id ${current}` };
    const other = byId.get(next);
    if (other) return { error: 'new_in_use', message: `${next} is already the external id of user ${other.remoteId}` };
    const plan = system === 'productboard' ? productboardRename(holder, current, next) : scimRename(holder, current, next, options, userNames);
    if ('error' in plan) return plan;
    byId.delete(current);
    byId.set(next, holder);
    return plan;
  });
}

function basicProblem(current: string, next: string): SystemRenamePlan | undefined {
  if (!current || !next) return { error: 'missing_id', message: 'both the current and the new external id are needed' };
  if (current === next) return { error: 'same_id', message: `${current} is renamed to itself` };
  return undefined;
}

function productboardRename(holder: RenameHolder, current: string, next: string): SystemRenamePlan {
  const request = { method: 'PATCH' as const, path: `/users/${holder.remoteId}`, body: { data: { externalId: next } } };
  return {
    action: 'rename',
    userId: holder.remoteId,
    keeps: `nothing: Productboard keeps no old id, so ${current} stops matching the moment the rename is pushed`,
    window: false,
    steps: [
      {
        action: 'productboard.update',
        says: `Set user ${holder.remoteId}'s external id to ${next} (PATCH /users/{id}); ${current} stops matching at once`,
        request,
        target: { remoteId: holder.remoteId, externalId: next },
        reversible: true,
        undo: { says: `Set it back to ${current}`, request: { ...request, body: { data: { externalId: current } } } },
      },
    ],
  };
}

function scimRename(holder: RenameHolder, current: string, next: string, options: RenameOptions, userNames: Map<string, string>): SystemRenamePlan {
  const carries = holder.userName === current;
  const alsoUserName = carries && options.scimUserName === true;
  if (alsoUserName) {
    const taken = userNames.get(next.toLowerCase());
    if (taken && taken !== holder.remoteId) return { error: 'username_in_use', message: `${next} is already the userName of user ${taken}` };
    userNames.delete(current.toLowerCase());
    userNames.set(next.toLowerCase(), holder.remoteId);
  }
  const ops = (id: string) => [{ op: 'replace', path: 'externalId', value: id }, ...(alsoUserName ? [{ op: 'replace', path: 'userName', value: id }] : [])];
  const path = `/Users/${holder.remoteId}`;
  const what = alsoUserName ? 'external id and userName' : 'external id';
  return {
    action: 'rename',
    userId: holder.remoteId,
    keeps: carries && !alsoUserName ? `userName ${current} (you chose to keep it); the old external id stops matching at once` : 'nothing: the old id stops matching at once; the rename can be undone',
    window: false,
    userNameCarriesId: carries,
    alsoUserName,
    steps: [
      {
        action: 'scim.update',
        says: `Set user ${holder.remoteId}'s ${what} to ${next} (PATCH /Users/{id})${carries && !alsoUserName ? `; its userName stays ${current}` : ''}`,
        request: { method: 'PATCH', path, body: { schemas: [SCIM_PATCH], Operations: ops(next) } },
        target: { remoteId: holder.remoteId, externalId: next },
        reversible: true,
        undo: { says: `Set its ${what} back to ${current}`, request: { method: 'PATCH', path, body: { schemas: [SCIM_PATCH], Operations: ops(current) } } },
      },
    ],
  };
}

function planUserVoice(holders: readonly RenameHolder[], renames: readonly Rename[]): SystemRenamePlan[] {
  const owner = new Map<string, { holder: RenameHolder; external: { id: string; email: string | null; name?: string | null } }>();
  for (const h of holders) for (const e of h.externalUsers ?? []) owner.set(e.id, { holder: h, external: e });
  return renames.map((r) => {
    const current = r.current_external_id.trim();
    const next = r.new_external_id.trim();
    const problem = basicProblem(current, next);
    if (problem) return problem;
    const found = owner.get(current);
    if (!found) return { error: 'current_not_found', message: `no UserVoice user holds external user ${current}` };
    const other = owner.get(next);
    if (other) return { error: 'new_in_use', message: `external user ${next} already exists, on UserVoice user ${other.holder.remoteId}` };
    const { holder, external } = found;
    const userEmail = holder.email;
    const email = external.email ?? userEmail;
    if (!email) return { error: 'no_email', message: `neither external user ${current} nor UserVoice user ${holder.remoteId} has an email to import the new one by` };
    const sameEmail = email.toLowerCase() === userEmail?.toLowerCase();
    const userId = Number(holder.remoteId);
    const reattach = `${UV}/external_users/${encodeURIComponent(next)}/reattach`;
    const steps: MergeStep[] = [
      {
        action: 'uservoice.import',
        says: sameEmail
          ? `Import external user ${next} with email ${email}: it attaches to UserVoice user ${holder.remoteId}, who has that email`
          : `Import external user ${next} with its email ${email} (UserVoice attaches it to whoever has that email, or a new user)`,
        request: { method: 'POST', path: `${UV}/external_users/import`, body: { external_users: [{ id: next, email, ...(external.name ?? holder.name ? { name: external.name ?? holder.name } : {}) }] } },
        target: { remoteId: holder.remoteId, externalId: next },
        reversible: false,
        undo: { says: `Remove external user ${next} by hand in UserVoice: the admin API cannot delete external users` },
      },
    ];
    if (!sameEmail) {
      steps.push({
        action: 'uservoice.reattach',
        says: `Re-attach external user ${next} to UserVoice user ${holder.remoteId} by id (its email differs from the user's)`,
        request: { method: 'POST', path: reattach, body: { user_id: userId } },
        target: { remoteId: holder.remoteId, externalId: next },
        reversible: true,
        undo: { says: `Remove external user ${next} by hand` },
      });
    }
    steps.push({
      action: 'manual',
      says: `In UserVoice, remove the old external user ${current} from user ${holder.remoteId}${userEmail ? ` (${userEmail})` : ''}: external users cannot be renamed or deleted through the admin API`,
      reversible: true,
      undo: { says: `Nothing to undo until it is removed; once removed, re-import ${current}` },
    });
    owner.delete(current);
    owner.set(next, { holder, external: { id: next, email } });
    return {
      action: 'rename',
      userId: holder.remoteId,
      keeps: `${current}: the old external user stays on UserVoice user ${holder.remoteId} until it is removed by hand`,
      window: false,
      steps,
    };
  });
}
