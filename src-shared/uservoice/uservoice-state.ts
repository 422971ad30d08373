import { emailKey, present } from '../resolver/normalise';

/**
 * SPEC §5 UserVoice rules as pure functions over one state:
 * - every UserVoice user has a unique email;
 * - an external user (id required; the email when the source has none) belongs to one
 *   UserVoice user: importing attaches it by email, creating the user when missing;
 * - a later email change does NOT move it (sticky); re-attaching is explicit, by id;
 * - accounts relate many-to-many to users through external users; an account embedded
 *   with no id belongs to that external user alone.
 */
export interface UvUser {
  id: number;
  email: string;
  name: string | null;
}

export interface UvExternalUser {
  id: string;
  email: string | null;
  name: string | null;
  userId: number;
  accountIds: string[];
}

export interface UvAccount {
  id: string;
  name: string | null;
  mrr: number | null;
  ltv: number | null;
  custom: Record<string, unknown>;
  /** Set for an account embedded with no id: it belongs to this external user alone. */
  ownerExternalUserId: string | null;
}

export interface UvState {
  users: Map<number, UvUser>;
  /** User ids in the order they were created: a listing page is a slice, not a walk (issue 22). */
  userOrder: number[];
  byEmail: Map<string, number>;
  externalUsers: Map<string, UvExternalUser>;
  /** The external users of each user, so that listing a page never scans them all (issue 22). */
  externalsByUser: Map<number, Set<string>>;
  accounts: Map<string, UvAccount>;
  nextUserId: number;
}

export function emptyUvState(firstUserId = 1): UvState {
  return { users: new Map(), userOrder: [], byEmail: new Map(), externalUsers: new Map(), externalsByUser: new Map(), accounts: new Map(), nextUserId: firstUserId };
}

/** The external users attached to a user, in the order they were attached. */
export function externalUsersOf(state: UvState, userId: number): UvExternalUser[] {
  const ids = state.externalsByUser.get(userId);
  return ids === undefined ? [] : [...ids].map((id) => state.externalUsers.get(id)!);
}

function attach(state: UvState, externalUserId: string, userId: number): void {
  let ids = state.externalsByUser.get(userId);
  if (ids === undefined) state.externalsByUser.set(userId, (ids = new Set()));
  ids.add(externalUserId);
}

export interface ExternalUserRow {
  id?: unknown;
  email?: unknown;
  name?: unknown;
  account?: { id?: unknown; name?: unknown; mrr?: unknown; ltv?: unknown; custom_fields?: unknown } | null;
}

export type ImportAction = 'attached_existing' | 'created_user' | 'updated' | 'kept_attachment';

export type ImportResult =
  | { ok: true; externalUserId: string; userId: number; action: ImportAction; accountId: string | null }
  | { ok: false; code: 'missing_identity' | 'invalid_email' | 'invalid_account'; message: string };

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function userByEmail(state: UvState, email: string): UvUser | undefined {
  const id = state.byEmail.get(emailKey(email)!);
  return id === undefined ? undefined : state.users.get(id);
}

/** Finds the UserVoice user with this email, creating it when none exists. */
export function ensureUser(state: UvState, email: string, name: string | null): { user: UvUser; created: boolean } {
  const existing = userByEmail(state, email);
  if (existing) return { user: existing, created: false };
  const user: UvUser = { id: state.nextUserId++, email, name };
  state.users.set(user.id, user);
  state.userOrder.push(user.id);
  state.byEmail.set(emailKey(email)!, user.id);
  return { user, created: true };
}

/** `external_users/import`, one row (SPEC §5). */
export function importExternalUser(state: UvState, row: ExternalUserRow): ImportResult {
  const email = typeof row.email === 'string' ? present(row.email) : undefined;
  if (email !== undefined && !EMAIL.test(email)) return { ok: false, code: 'invalid_email', message: `"${email}" is not an email address` };
  // "if the source has none, the email is the id"
  const id = (typeof row.id === 'string' || typeof row.id === 'number' ? present(String(row.id)) : undefined) ?? email;
  if (id === undefined) return { ok: false, code: 'missing_identity', message: 'an external user needs an id or an email' };
  const name = typeof row.name === 'string' ? row.name : null;

  let action: ImportAction;
  let external = state.externalUsers.get(id);
  if (external) {
    // Sticky: a changed email updates the external user but does not move it.
    const moved = email !== undefined && emailKey(email) !== emailKey(external.email);
    external.email = email ?? external.email;
    external.name = name ?? external.name;
    action = moved ? 'kept_attachment' : 'updated';
  } else {
    if (email === undefined) return { ok: false, code: 'missing_identity', message: `external user ${id} is new and has no email to attach it by` };
    const { user, created } = ensureUser(state, email, name);
    external = { id, email, name, userId: user.id, accountIds: [] };
    state.externalUsers.set(id, external);
    attach(state, id, user.id);
    action = created ? 'created_user' : 'attached_existing';
  }

  let accountId: string | null = null;
  if (row.account) {
    const a = row.account;
    const given = typeof a.id === 'string' || typeof a.id === 'number' ? present(String(a.id)) : undefined;
    accountId = given ?? `${id}#account`;
    const current = state.accounts.get(accountId);
    state.accounts.set(accountId, {
      id: accountId,
      name: typeof a.name === 'string' ? a.name : (current?.name ?? null),
      mrr: num(a.mrr) ?? current?.mrr ?? null,
      ltv: num(a.ltv) ?? current?.ltv ?? null,
      custom: { ...(current?.custom ?? {}), ...((a.custom_fields as Record<string, unknown> | undefined) ?? {}) },
      ownerExternalUserId: given === undefined ? id : null,
    });
    if (!external.accountIds.includes(accountId)) external.accountIds.push(accountId);
  }
  return { ok: true, externalUserId: id, userId: external.userId, action, accountId };
}

/** `external_accounts/import`, one row: creates or updates an account by id. */
export function importAccount(state: UvState, row: { id?: unknown; name?: unknown; mrr?: unknown; ltv?: unknown; custom_fields?: unknown }): { ok: true; accountId: string } | { ok: false; code: string; message: string } {
  const id = typeof row.id === 'string' || typeof row.id === 'number' ? present(String(row.id)) : undefined;
  if (id === undefined) return { ok: false, code: 'missing_id', message: 'an external account needs an id' };
  const current = state.accounts.get(id);
  state.accounts.set(id, {
    id,
    name: typeof row.name === 'string' ? row.name : (current?.name ?? null),
    mrr: num(row.mrr) ?? current?.mrr ?? null,
    ltv: num(row.ltv) ?? current?.ltv ?? null,
    custom: { ...(current?.custom ?? {}), ...((row.custom_fields as Record<string, unknown> | undefined) ?? {}) },
    ownerExternalUserId: current?.ownerExternalUserId ?? null,
  });
  return { ok: true, accountId: id };
}

/** The explicit re-attachment SPEC §5 allows: an external user moved to a user by id. */
export function reattach(state: UvState, externalUserId: string, userId: number): { ok: true; from: number } | { ok: false; code: 'external_user_not_found' | 'user_not_found'; message: string } {
  const external = state.externalUsers.get(externalUserId);
  if (!external) return { ok: false, code: 'external_user_not_found', message: `no external user ${externalUserId}` };
  if (!state.users.has(userId)) return { ok: false, code: 'user_not_found', message: `no UserVoice user ${userId}` };
  const from = external.userId;
  state.externalsByUser.get(from)?.delete(externalUserId);
  external.userId = userId;
  attach(state, externalUserId, userId);
  return { ok: true, from };
}

/** The users an account reaches through external users (many-to-many). */
export function usersOfAccount(state: UvState, accountId: string): number[] {
  return [...new Set([...state.externalUsers.values()].filter((e) => e.accountIds.includes(accountId)).map((e) => e.userId))];
}
