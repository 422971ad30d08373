/**
 * An import previewed into several systems (issue 19 item 4): what each kind of system
 * does with the rows it takes, and which planned rows its API cannot carry out, so they
 * are left to a person. Said in words a client reads; the codes go to the plan CSV.
 */
import type { ConnectionKind } from './model/connection';

/** A row the push will not carry out, and why. */
export type ByHandCode = 'refused' | 'sticky_attachment' | 'needs_identify' | 'scim_needs_email' | 'track_needs_external_id';

/** The step left to a person, per code. */
export const BY_HAND_SENTENCES: Record<ByHandCode, string> = {
  refused: 'Refused: correct the row (or the user already there) and import it again.',
  sticky_attachment: 'The external user stays on the user it is attached to; move it to the user with this email by hand.',
  needs_identify: 'A profile with this email but no external id exists; giving it the external id is a step by hand in the engagement platform, so the push leaves this row out.',
  scim_needs_email: 'The directory needs an email as the user name of a new user; add one to the row, or create the user by hand.',
  track_needs_external_id: 'The engagement platform creates profiles by external id, and this row has none; add one to the row, or create the profile by hand.',
};

/** How each kind of system takes an import, in a sentence or two. */
export const SYSTEM_IMPORT_SENTENCES: Record<ConnectionKind, string> = {
  productboard: 'Productboard creates each new user, and fills in the external id of a user it already holds by that email. It keeps no old external ids.',
  'productboard-scim': 'The SCIM directory provisions each new user with the email as user name, and sets the external id on a user it already holds by that email. A user name already taken refuses only its row.',
  uservoice: 'UserVoice imports each external user and attaches it to the UserVoice user with the same email, creating that user when there is none. An external user already attached elsewhere stays where it is.',
  braze: 'The engagement platform creates or updates each profile by its external id, 75 to a request. A profile known only by its email cannot be given an external id this way.',
};

/** A short name for each kind of system, for headings. */
export const SYSTEM_KIND_LABELS: Record<ConnectionKind, string> = {
  productboard: 'Productboard',
  'productboard-scim': 'Productboard SCIM directory',
  uservoice: 'UserVoice',
  braze: 'Braze-style engagement platform',
};

/**
 * The step a planned import row leaves to a person in a system of this kind, or none.
 * Takes the action and which ids the row has, not the row, so a million rows are
 * checked without making an object of each.
 */
export function importStepByHand(kind: string, action: string, row: { hasEmail: boolean; hasExternalId: boolean }): ByHandCode | undefined {
  if (action === 'fail') return 'refused';
  if (action === 'kept_attachment') return 'sticky_attachment';
  // The push adapters refuse these rows without a request (braze-track-import.ts, scim-import.ts).
  const creates = action === 'create' || action === 'create-detached';
  if (kind === 'braze' && action === 'backfill') return 'needs_identify';
  if (kind === 'braze' && creates && !row.hasExternalId) return 'track_needs_external_id';
  if (kind === 'productboard-scim' && creates && !row.hasEmail) return 'scim_needs_email';
  return undefined;
}
