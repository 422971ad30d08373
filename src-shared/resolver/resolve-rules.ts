import type { DecisionAction, MatchedBy, ResolveFailureCode, ResolveMode } from './types';

/**
 * What the matching rules need of the users they resolve against. Two indexes provide
 * it: IdentityIndex (objects, mutable in every way; the sandbox, renames, merges) and
 * PackedIdentityIndex (typed arrays; a million-row import preview). Both run the rules
 * below, so there is one copy of SPEC §3 however the users and rows are held.
 *
 * `R` is how a row is named: an object of strings, or a row number in columns of code
 * units. Lookups use the row's external id and email, already trimmed (and present when
 * the rules ask); the target compares emails case-insensitively.
 */
export interface IdentityTarget<U, R> {
  /** The user whose primary external id is the row's. */
  primaryHolder(row: R): U | undefined;
  /** The user who keeps the row's external id as a deprecated one (SPEC §4). */
  deprecatedHolder(row: R): U | undefined;
  /** The user with the row's email. */
  emailHolder(row: R): U | undefined;
  hasExternalId(user: U): boolean;
  /** M3: gives a user without an external id the row's. */
  backfill(user: U, row: R): void;
  /** M4 lenient and M6: a new user with the row's external id (if any), its email if `withEmail`, in `companyOf`'s company. */
  create(row: R, withEmail: boolean, companyOf?: U): U;
}

/** One row's verdict. Reused between rows by callers that resolve millions of them. */
export interface Verdict<U> {
  action: DecisionAction;
  user: U | undefined;
  matchedBy: MatchedBy | undefined;
  reason: ResolveFailureCode | undefined;
}

export const emptyVerdict = <U>(): Verdict<U> => ({ action: 'fail', user: undefined, matchedBy: undefined, reason: undefined });

function set<U>(out: Verdict<U>, action: DecisionAction, user: U | undefined, matchedBy?: MatchedBy, reason?: ResolveFailureCode): Verdict<U> {
  out.action = action;
  out.user = user;
  out.matchedBy = matchedBy;
  out.reason = reason;
  return out;
}

/**
 * SPEC §3 M1–M7: resolves one incoming row against the current state, changing it as
 * the remote would (backfill, create), so rows resolved in order see each other's
 * effects. `hasExternalId` / `hasEmail` say which values the row has after trimming
 * (M7: neither). Writes into `out` and returns it.
 */
export function decide<U, R>(target: IdentityTarget<U, R>, row: R, hasExternalId: boolean, hasEmail: boolean, mode: ResolveMode, out: Verdict<U>): Verdict<U> {
  if (!hasExternalId && !hasEmail) return set(out, 'fail', undefined, undefined, 'no_identity'); // M7
  if (hasExternalId) {
    // M1 / M2: the external id is the strongest match; an email mismatch is ignored.
    const primary = target.primaryHolder(row);
    if (primary !== undefined) return set(out, 'match', primary, 'external_id');
    const old = target.deprecatedHolder(row);
    if (old !== undefined) return set(out, 'match', old, 'deprecated_external_id');
    const holder = hasEmail ? target.emailHolder(row) : undefined;
    if (holder === undefined) return set(out, 'create', target.create(row, hasEmail)); // M6
    if (!target.hasExternalId(holder)) {
      // M3: "missing external ID" — backfill it from the email match.
      target.backfill(holder, row);
      return set(out, 'backfill', holder, 'email');
    }
    // M4: the email belongs to a user with another external id.
    if (mode === 'strict') return set(out, 'fail', undefined, undefined, 'email_taken_by_other_external_id');
    return set(out, 'create-detached', target.create(row, false, holder), undefined, 'email_taken_by_other_external_id');
  }
  const holder = target.emailHolder(row);
  if (holder !== undefined) return set(out, 'match', holder, 'email'); // M5
  return set(out, 'create', target.create(row, true)); // M6
}
