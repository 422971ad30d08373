import { removalErrorMessage, invalidIdReason, renameErrorMessage } from './external-id-rules';
import { emailKey, externalIdKey, present } from './normalise';
import { decide, emptyVerdict, type IdentityTarget } from './resolve-rules';
import type {
  Decision,
  IdentityUser,
  IncomingIdentity,
  RemovalErrorCode,
  RenameErrorCode,
  ResolveMode,
  UpdateErrorCode,
} from './types';

export type RenameOutcome = { ok: true; userId: string } | { ok: false; code: RenameErrorCode; message: string };
export type RemovalOutcome = { ok: true; userId: string } | { ok: false; code: RemovalErrorCode; message: string };
export type UpdateOutcome = { ok: true; user: IdentityUser } | { ok: false; code: UpdateErrorCode };

/**
 * Stored users with no deprecated id share this one frozen array (most users have none,
 * and a million empty arrays were a million objects for the collector to walk); every
 * change to a user's list makes a new array, never a push.
 */
const NO_IDS: string[] = Object.freeze([]) as unknown as string[];

/** A detached copy with keys in the USERS.json order of SPEC §9. */
function copyUser(u: IdentityUser): IdentityUser {
  // Field by field rather than with spreads: `rekey resolve` copies a million of these.
  const copy: IdentityUser = { id: u.id } as IdentityUser;
  if (u.email !== undefined) copy.email = u.email;
  if (u.externalId !== undefined) copy.externalId = u.externalId;
  copy.deprecatedExternalIds = u.deprecatedExternalIds.length === 0 ? [] : [...u.deprecatedExternalIds];
  if (u.companyId !== undefined) copy.companyId = u.companyId;
  return copy;
}

/** An incoming row as the rules see it: trimmed, absent when empty. */
interface TrimmedRow {
  externalId: string | undefined;
  email: string | undefined;
}

export interface IdentityIndexOptions {
  /** Makes ids for created users; must never return an id in use. Default: u-1, u-2… skipping used ones. */
  newId?: (isUsed: (id: string) => boolean) => string;
}

/**
 * The users of one remote system, indexed by id, email (folded), primary and
 * deprecated external id: every lookup is a Map hit, so resolving a million rows
 * against a million users is linear (issue 4). It is mutable and long-lived: the
 * sandbox keeps one per system; the resolver's pure entry points build one per call.
 */
export class IdentityIndex {
  private readonly byId = new Map<string, IdentityUser>();
  private readonly byEmail = new Map<string, string>();
  private readonly byPrimary = new Map<string, string>();
  private readonly byDeprecated = new Map<string, string>();
  private counter = 0;
  private readonly newIdFn: (isUsed: (id: string) => boolean) => string;

  constructor(users: Iterable<IdentityUser> = [], options: IdentityIndexOptions = {}) {
    this.newIdFn =
      options.newId ??
      ((isUsed) => {
        let id: string;
        do id = `u-${++this.counter}`;
        while (isUsed(id));
        return id;
      });
    for (const user of users) this.insert(user);
  }

  /** Adds a user as given (trimmed). Throws if it breaks uniqueness: input data is wrong. */
  insert(user: IdentityUser): IdentityUser {
    if (this.byId.has(user.id)) throw new Error(`duplicate user id ${user.id}`);
    const stored: IdentityUser = { id: user.id, deprecatedExternalIds: NO_IDS };
    const email = present(user.email);
    const ext = present(user.externalId);
    if (email !== undefined) stored.email = email;
    if (ext !== undefined) stored.externalId = ext;
    if (user.companyId !== undefined) stored.companyId = user.companyId;
    const deprecated: string[] = [];
    for (const d of user.deprecatedExternalIds ?? []) {
      const value = present(d);
      if (value !== undefined) deprecated.push(value);
    }
    const eKey = emailKey(email);
    if (eKey !== undefined && this.byEmail.has(eKey)) throw new Error(`users ${this.byEmail.get(eKey)} and ${user.id} share the email ${email}`);
    if (ext !== undefined && this.isExternalIdInUse(ext)) throw new Error(`external id ${ext} is used twice (user ${user.id})`);
    for (const x of deprecated) if (this.isExternalIdInUse(x)) throw new Error(`external id ${x} is used twice (user ${user.id})`);
    stored.deprecatedExternalIds = deprecated.length === 0 ? NO_IDS : deprecated;
    this.add(stored, eKey);
    return stored;
  }

  /**
   * Adds a user from a local copy, which can hold what the remote never would at once
   * (two pulls apart, one user's email seen on another): an email or external id that is
   * already indexed stays with its first holder, and is left off this user.
   */
  insertKeepingFirst(id: string, email: string | null, externalId: string | null, deprecatedExternalIds: readonly string[]): void {
    if (this.byId.has(id)) return;
    const e = present(email);
    const eKey = e === undefined ? undefined : e.toLowerCase();
    const ext = present(externalId);
    const user: IdentityUser = { id, deprecatedExternalIds: NO_IDS };
    const freeEmail = eKey !== undefined && !this.byEmail.has(eKey);
    if (freeEmail) user.email = e;
    if (ext !== undefined && !this.isExternalIdInUse(ext)) user.externalId = ext;
    for (const d of deprecatedExternalIds) {
      const value = present(d);
      if (value !== undefined && value !== user.externalId && !this.isExternalIdInUse(value) && !user.deprecatedExternalIds.includes(value)) user.deprecatedExternalIds = [...user.deprecatedExternalIds, value];
    }
    this.add(user, freeEmail ? eKey : undefined);
  }

  /** Indexes a user whose values are already normalised and known to be free. */
  private add(user: IdentityUser, eKey: string | undefined): void {
    this.byId.set(user.id, user);
    if (eKey !== undefined) this.byEmail.set(eKey, user.id);
    if (user.externalId !== undefined) this.byPrimary.set(user.externalId, user.id);
    for (const d of user.deprecatedExternalIds) this.byDeprecated.set(d, user.id);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): IdentityUser | undefined {
    return this.byId.get(id);
  }

  byEmailAddress(email: string | null | undefined): IdentityUser | undefined {
    const key = emailKey(email);
    const id = key === undefined ? undefined : this.byEmail.get(key);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** The user an external id identifies, primary or deprecated (SPEC §3 M1, M2). */
  byExternalId(value: string | null | undefined): { user: IdentityUser; deprecated: boolean } | undefined {
    const key = externalIdKey(value);
    if (key === undefined) return undefined;
    const primary = this.byPrimary.get(key);
    if (primary !== undefined) return { user: this.byId.get(primary)!, deprecated: false };
    const old = this.byDeprecated.get(key);
    if (old !== undefined) return { user: this.byId.get(old)!, deprecated: true };
    return undefined;
  }

  isExternalIdInUse(value: string): boolean {
    return this.byPrimary.has(value) || this.byDeprecated.has(value);
  }

  /** A window of users in insertion order, as copies: one page without copying them all. */
  page(offset: number, limit: number): IdentityUser[] {
    const out: IdentityUser[] = [];
    let i = 0;
    for (const user of this.byId.values()) {
      if (i++ < offset) continue;
      if (out.length >= limit) break;
      out.push(copyUser(user));
    }
    return out;
  }

  /** Every user, in insertion order, as copies (callers cannot bypass the indexes). */
  users(): IdentityUser[] {
    const out: IdentityUser[] = new Array(this.byId.size);
    let i = 0;
    for (const user of this.byId.values()) out[i++] = copyUser(user);
    return out;
  }

  /** A new user from values the caller has normalised and found free (the resolver's hot path). */
  private create(email: string | undefined, externalId: string | undefined, companyId?: string): IdentityUser {
    const user: IdentityUser = { id: this.newIdFn(this.isUsedId), deprecatedExternalIds: NO_IDS };
    if (email !== undefined) user.email = email;
    if (externalId !== undefined) user.externalId = externalId;
    if (companyId !== undefined) user.companyId = companyId;
    this.add(user, email === undefined ? undefined : email.toLowerCase());
    return user;
  }

  private readonly isUsedId = (candidate: string) => this.byId.has(candidate);

  /** The rules' view of this index (resolve-rules.ts): users are the stored objects, rows trimmed strings. */
  private readonly target: IdentityTarget<IdentityUser, TrimmedRow> = {
    primaryHolder: (row) => {
      const id = this.byPrimary.get(row.externalId!);
      return id === undefined ? undefined : this.byId.get(id);
    },
    deprecatedHolder: (row) => {
      const id = this.byDeprecated.get(row.externalId!);
      return id === undefined ? undefined : this.byId.get(id);
    },
    emailHolder: (row) => this.byEmailAddress(row.email),
    hasExternalId: (user) => user.externalId !== undefined,
    backfill: (user, row) => {
      user.externalId = row.externalId;
      this.byPrimary.set(row.externalId!, user.id);
    },
    create: (row, withEmail, companyOf) => this.create(withEmail ? row.email : undefined, row.externalId, companyOf?.companyId),
  };
  private readonly verdict = emptyVerdict<IdentityUser>();
  /** The row being resolved; one object reused, since a million rows pass through here. */
  private readonly trimmed: TrimmedRow = { externalId: undefined, email: undefined };

  /**
   * SPEC §3: resolves one incoming row against the current state, changing it as the
   * remote would (backfill, create). Rows resolved in order see each other's effects.
   */
  resolve(row: IncomingIdentity, mode: ResolveMode, index = 0): Decision {
    const trimmed = this.trimmed;
    trimmed.externalId = present(row.externalId);
    trimmed.email = present(row.email);
    const v = decide(this.target, trimmed, trimmed.externalId !== undefined, trimmed.email !== undefined, mode, this.verdict);
    const decision: Decision = { index, action: v.action };
    if (v.user !== undefined) decision.userId = v.user.id;
    if (v.matchedBy !== undefined) decision.matchedBy = v.matchedBy;
    if (v.reason !== undefined) decision.reason = v.reason;
    return decision;
  }

  /** Users API create (strict): fails rather than sharing an email or an external id. */
  createUser(fields: { email?: string | null; externalId?: string | null; companyId?: string }): UpdateOutcome {
    const email = present(fields.email);
    const ext = present(fields.externalId);
    if (email !== undefined && this.byEmailAddress(email)) return { ok: false, code: 'email_taken' };
    if (ext !== undefined && this.isExternalIdInUse(ext)) return { ok: false, code: 'external_id_taken' };
    const user = this.create(email, ext, fields.companyId);
    return { ok: true, user: copyUser(user) };
  }

  /**
   * Users API update (strict): `email_taken` / `external_id_taken` when another user
   * holds the value. A field left out is not touched; null or empty clears it.
   */
  updateUser(id: string, patch: { email?: string | null; externalId?: string | null; companyId?: string | null }): UpdateOutcome {
    const user = this.byId.get(id);
    if (!user) return { ok: false, code: 'not_found' };
    const email = 'email' in patch ? present(patch.email) : user.email;
    const ext = 'externalId' in patch ? present(patch.externalId) : user.externalId;
    const eKey = emailKey(email);
    if (eKey !== undefined && this.byEmail.has(eKey) && this.byEmail.get(eKey) !== id) return { ok: false, code: 'email_taken' };
    if (ext !== undefined) {
      const holder = this.byPrimary.get(ext) ?? this.byDeprecated.get(ext);
      if (holder !== undefined && holder !== id) return { ok: false, code: 'external_id_taken' };
    }
    const oldKey = emailKey(user.email);
    if (oldKey !== undefined) this.byEmail.delete(oldKey);
    if (user.externalId !== undefined) this.byPrimary.delete(user.externalId);
    if (ext !== undefined && this.byDeprecated.get(ext) === id) {
      // Making one of the user's own deprecated ids primary again.
      this.byDeprecated.delete(ext);
      user.deprecatedExternalIds = user.deprecatedExternalIds.filter((d) => d !== ext);
    }
    if (email === undefined) delete user.email;
    else user.email = email;
    if (ext === undefined) delete user.externalId;
    else user.externalId = ext;
    if ('companyId' in patch) {
      if (patch.companyId === null || patch.companyId === undefined) delete user.companyId;
      else user.companyId = patch.companyId;
    }
    if (eKey !== undefined) this.byEmail.set(eKey, id);
    if (ext !== undefined) this.byPrimary.set(ext, id);
    return { ok: true, user: copyUser(user) };
  }

  /** Deletes a user and frees its email and external ids. */
  deleteUser(id: string): boolean {
    const user = this.byId.get(id);
    if (!user) return false;
    const key = emailKey(user.email);
    if (key !== undefined) this.byEmail.delete(key);
    if (user.externalId !== undefined) this.byPrimary.delete(user.externalId);
    for (const d of user.deprecatedExternalIds) this.byDeprecated.delete(d);
    this.byId.delete(id);
    return true;
  }

  /** The first error a rename would hit, in the order N4, N3, N1, N2 (SPEC §4). */
  renameError(current: unknown, next: unknown): { code: RenameErrorCode; message: string } | undefined {
    const invalid = invalidIdReason(current) ?? invalidIdReason(next);
    if (invalid) {
      const which = invalidIdReason(current) ? `current ${JSON.stringify(current)}` : `new ${JSON.stringify(next)}`;
      return { code: 'invalid_id', message: renameErrorMessage('invalid_id', current, next, `${which} ${invalid}`) };
    }
    const c = (current as string).trim();
    const n = (next as string).trim();
    if (c === n) return { code: 'same_id', message: renameErrorMessage('same_id', c, n) };
    if (!this.byPrimary.has(c)) {
      const code = this.byDeprecated.has(c) ? 'current_is_deprecated' : 'current_not_found';
      return { code, message: renameErrorMessage(code, c, n) };
    }
    if (this.isExternalIdInUse(n)) return { code: 'new_in_use', message: renameErrorMessage('new_in_use', c, n) };
    return undefined;
  }

  /** SPEC §4: a new primary id; the old one stays as a deprecated id of the same user. */
  rename(current: unknown, next: unknown): RenameOutcome {
    const error = this.renameError(current, next);
    if (error) return { ok: false, ...error };
    const c = (current as string).trim();
    const n = (next as string).trim();
    const userId = this.byPrimary.get(c)!;
    const user = this.byId.get(userId)!;
    this.byPrimary.delete(c);
    this.byPrimary.set(n, userId);
    this.byDeprecated.set(c, userId);
    user.externalId = n;
    user.deprecatedExternalIds = [...user.deprecatedExternalIds, c];
    return { ok: true, userId };
  }

  /** SPEC §4 removal: deletes a deprecated id for good (invalid_id, is_primary, not_found). */
  remove(id: unknown): RemovalOutcome {
    const invalid = invalidIdReason(id);
    if (invalid) return { ok: false, code: 'invalid_id', message: removalErrorMessage('invalid_id', id, `${JSON.stringify(id)} ${invalid}`) };
    const x = (id as string).trim();
    if (this.byPrimary.has(x)) return { ok: false, code: 'is_primary', message: removalErrorMessage('is_primary', x) };
    const userId = this.byDeprecated.get(x);
    if (userId === undefined) return { ok: false, code: 'not_found', message: removalErrorMessage('not_found', x) };
    this.byDeprecated.delete(x);
    const user = this.byId.get(userId)!;
    user.deprecatedExternalIds = user.deprecatedExternalIds.filter((d) => d !== x);
    return { ok: true, userId };
  }
}
