/**
 * The shared resolver's vocabulary (SPEC §3, §4, §9). The renderer, the main process,
 * the CLI and the sandbox servers all speak it, so they cannot disagree.
 */

export type ResolveMode = 'strict' | 'lenient';

/** A user as the resolver sees one (the USERS.json shape of `rekey resolve`). */
export interface IdentityUser {
  id: string;
  email?: string;
  externalId?: string;
  /** Always present on output; an empty list when none (SPEC §4 "Output"). */
  deprecatedExternalIds: string[];
  companyId?: string;
}

/** One incoming row: an identity, before normalisation (SPEC §3). */
export interface IncomingIdentity {
  externalId?: string | null;
  email?: string | null;
}

export type MatchedBy = 'external_id' | 'deprecated_external_id' | 'email';

export type DecisionAction = 'match' | 'backfill' | 'create' | 'create-detached' | 'fail';

/** Why a row failed (SPEC §3). */
export type ResolveFailureCode = 'no_identity' | 'email_taken_by_other_external_id';

/** The resolver's verdict on one incoming row. */
export interface Decision {
  /** 0-based among data rows. */
  index: number;
  action: DecisionAction;
  userId?: string;
  /** On every match and backfill (a backfill reports `email`). */
  matchedBy?: MatchedBy;
  /** On every fail: a ResolveFailureCode. May be on create-detached too. */
  reason?: string;
}

/** Explicit user updates in strict mode (Users API) fail with these. */
export type UpdateErrorCode = 'email_taken' | 'external_id_taken' | 'not_found';

/** SPEC §4 rename error codes, reported in precedence N4, N3, N1, N2. */
export type RenameErrorCode = 'invalid_id' | 'same_id' | 'current_not_found' | 'current_is_deprecated' | 'new_in_use';

/** SPEC §4 removal error codes, reported in precedence invalid_id, is_primary, not_found. */
export type RemovalErrorCode = 'invalid_id' | 'is_primary' | 'not_found';

export interface Rename {
  current_external_id: string;
  new_external_id: string;
}

/** An error tied to the index of the request row it concerns (Braze-style). */
export interface IndexedError<C extends string = string> {
  index: number;
  code: C;
  message: string;
}
