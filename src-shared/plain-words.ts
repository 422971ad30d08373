/**
 * Every code a person can meet — an import outcome, a reason a row fails, how a row was
 * matched, a rename or removal error, the evidence for a duplicate — as a sentence a
 * client understands. The app, the CLI's human output and the client report all say it
 * from here; the codes themselves stay in exports, JSON and tooltips (title attributes).
 */
import { BY_HAND_SENTENCES } from './import-by-hand';
import type { CandidateKind } from './merges/find-duplicates';
import type { RenamedId } from './model/renamed-id';
import type { DecisionAction, MatchedBy, RemovalErrorCode, RenameErrorCode, ResolveFailureCode, UpdateErrorCode } from './resolver/types';

/** Import outcomes: the resolver's actions, and UserVoice's external-user outcomes. */
export type ImportOutcome = DecisionAction | 'attach' | 'update' | 'kept_attachment';

/** A short label for each outcome, for tables and filters. */
export const OUTCOME_LABELS: Record<ImportOutcome, string> = {
  match: 'Matched',
  backfill: 'External id filled in',
  create: 'Created',
  'create-detached': 'Created as a second user',
  fail: 'Refused',
  attach: 'Attached by email',
  update: 'Updated',
  kept_attachment: 'Left on its old user',
};

/** What each outcome means, in one sentence. */
export const OUTCOME_SENTENCES: Record<ImportOutcome, string> = {
  match: 'Already exists and will be matched.',
  backfill: 'Exists with this email; its external id will be filled in.',
  create: 'Will be created.',
  'create-detached': 'Will be created as a second user without an email, because the email belongs to a user with another external id.',
  fail: 'Will be refused.',
  attach: 'Will be attached to the existing user with the same email.',
  update: 'Exists and will be updated.',
  kept_attachment: 'Stays on its current user although its email changed; move it by hand to re-attach it.',
};

export type ReasonCode = ResolveFailureCode | UpdateErrorCode | RenameErrorCode | RemovalErrorCode | 'missing_identity';

/** Why a row cannot go as asked. */
export const REASON_SENTENCES: Record<ReasonCode, string> = {
  no_identity: 'The row has neither an email nor an external id.',
  missing_identity: 'The row has neither an external id nor an email.',
  email_taken_by_other_external_id: 'This email already belongs to another user with a different external id.',
  email_taken: 'This email already belongs to another user.',
  external_id_taken: 'This external id already belongs to another user.',
  not_found: 'No user has this id.',
  invalid_id: 'This is not a valid external id: it is empty, too long or holds a control character.',
  same_id: 'The current and the new external id are the same.',
  current_not_found: 'No user has this current external id.',
  current_is_deprecated: 'This is an old (deprecated) external id; rename from the user’s current one.',
  new_in_use: 'The new external id is already in use, as a current or an old id.',
  is_primary: 'This is a user’s current external id; only old (deprecated) ids can be removed.',
};

export const MATCHED_BY_SENTENCES: Record<MatchedBy, string> = {
  external_id: 'Found by its external id.',
  deprecated_external_id: 'Found by an external id the user had before a rename.',
  email: 'Found by its email.',
};

/** The kinds of duplicate candidate, as the Merges page names them. */
export const CANDIDATE_KIND_LABELS: Record<CandidateKind, string> = {
  detached_user: 'Detached by lenient matching',
  case_variant_email: 'Same email, different case',
  stale_attachment: 'UserVoice external user on the wrong user',
  diverging_fields: 'One person, diverging fields',
};

/** A piece of evidence for a duplicate: its code and the values its sentence names. */
export type Evidence =
  | { code: 'no_email_lenient'; user: string; externalId: string }
  | { code: 'external_id_goes_with_email'; externalId: string; email: string; holder: string; holderExternalId: string | null }
  | { code: 'same_company'; company: string }
  | { code: 'external_user_moved'; externalUser: string; email: string; owner: string; user: string; userEmail: string | null }
  | { code: 'same_email_case_folded'; spellings: string[]; email: string }
  | { code: 'names_diverge'; externalId: string; connections: string[]; names: string[] };

export type EvidenceCode = Evidence['code'];

const quoted = (values: readonly string[]) => values.map((v) => `“${v}”`).join(' and ');

export const EVIDENCE_SENTENCES: { [C in EvidenceCode]: (e: Extract<Evidence, { code: C }>) => string } = {
  no_email_lenient: (e) => `User ${e.user} has external id ${e.externalId} but no email — the kind of second user lenient matching creates when an email was already taken.`,
  external_id_goes_with_email: (e) => `Elsewhere, ${e.externalId} goes with ${e.email}, which here belongs to user ${e.holder} (external id ${e.holderExternalId ?? 'none'}).`,
  same_company: (e) => `Both are in company ${e.company}.`,
  external_user_moved: (e) =>
    `External user ${e.externalUser} now has email ${e.email}, which is UserVoice user ${e.owner}, but it is still attached to user ${e.user}${e.userEmail ? ` (${e.userEmail})` : ''}; it must be re-attached explicitly.`,
  same_email_case_folded: (e) => `${quoted(e.spellings)} are one address, ${e.email}, once spaces and capitals are ignored.`,
  names_diverge: (e) => `${e.externalId} is one person in ${e.connections.join(', ')}, named ${quoted(e.names)}.`,
};

export function evidenceSentence(e: Evidence): string {
  return (EVIDENCE_SENTENCES[e.code] as (e: Evidence) => string)(e);
}

/** What a staged change row will do, for the change set's rows. */
export const CHANGE_ACTION_SENTENCES: Record<string, string> = {
  rename: 'Will be renamed.',
  swap: 'Part of a swap of ids, done in steps through temporary ids.',
  remove: 'The old id will be removed.',
  merge: 'Will be merged.',
  undo: 'Undoes a merge step.',
};

const sentenceOr = (table: Record<string, string>, code: unknown): string | undefined => (typeof code === 'string' ? table[code] : undefined);

/** An outcome's label, or the code itself for one this table does not know yet. */
export function outcomeLabel(code: string): string {
  return sentenceOr(OUTCOME_LABELS, code) ?? code;
}

/** A reason's sentence, or the code itself for one this table does not know yet. */
export function reasonSentence(code: string): string {
  return sentenceOr(REASON_SENTENCES, code) ?? code;
}

/**
 * One planned row in words: what will happen, how it was found, why it fails — and the
 * codes behind those words, for a tooltip.
 */
export function describePlan(plan: Record<string, unknown> | undefined): { text: string; codes: string } {
  if (!plan) return { text: '', codes: '' };
  const words: string[] = [];
  const codes: string[] = [];
  const action = typeof plan.action === 'string' ? plan.action : undefined;
  const outcome = sentenceOr(OUTCOME_SENTENCES, action) ?? sentenceOr(CHANGE_ACTION_SENTENCES, action);
  if (action) {
    codes.push(action);
    if (outcome && !(action === 'fail' && (plan.reason || plan.error))) words.push(outcome);
  }
  const matched = sentenceOr(MATCHED_BY_SENTENCES, plan.matchedBy);
  if (matched) {
    words.push(matched);
    codes.push(`matched_by=${String(plan.matchedBy)}`);
  }
  for (const key of ['error', 'reason'] as const) {
    const code = plan[key];
    // A row may carry the same code as its error and its reason: said once.
    if (typeof code !== 'string' || (key === 'reason' && code === plan.error)) continue;
    const sentence = sentenceOr(REASON_SENTENCES, code);
    // A reason that is already a sentence (UserVoice's) is shown as it is.
    words.push(sentence ?? (code.includes(' ') ? `${code[0]!.toUpperCase()}${code.slice(1)}.` : code));
    if (sentence || !code.includes(' ')) codes.push(code);
  }
  // The error's own message names the ids involved: kept with the codes, for the tooltip.
  if (typeof plan.message === 'string' && plan.error) codes.push(plan.message);
  // An import row naming an id a pushed rename replaced (issue 19 item 5), mapped or not.
  const renamed = plan.renamedId as (RenamedId & { rewritten?: boolean }) | undefined;
  if (renamed && typeof renamed.from === 'string' && typeof renamed.to === 'string') {
    words.push(renamedIdSentence(renamed));
    codes.push(renamed.rewritten ? RENAMED_ID_REWRITTEN_CODE : RENAMED_ID_CODE);
  }
  // A row the system's push will not carry out (src-shared/import-by-hand.ts): the step left to a person.
  const byHand = sentenceOr(BY_HAND_SENTENCES, plan.byHand);
  if (byHand) {
    words.push(plan.byHand === 'refused' ? byHand : `Left by hand: ${byHand}`);
    codes.push(`by_hand=${String(plan.byHand)}`);
  }
  return { text: words.join(' '), codes: codes.join(' · ') };
}

/** What each audit entry records, in words for the Audit page; the code stays in its tooltip and in the export. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'workspace.created': 'Workspace created',
  'workspace.migrated': 'Workspace upgraded',
  'connection.added': 'Connection added',
  'connection.updated': 'Connection changed',
  'connection.removed': 'Connection removed',
  'connection.tested': 'Connection tested',
  'connection.pulled': 'Users pulled',
  'connection.pull_failed': 'Pull failed',
  'import.previewed': 'Import previewed',
  'changeset.created': 'Change set staged',
  'changeset.submitted': 'Sent for review',
  'changeset.approved': 'Change set approved',
  'changeset.rejected': 'Change set rejected',
  'changeset.push_started': 'Push started',
  'changeset.push_resumed': 'Push resumed',
  'changeset.push_finished': 'Push finished',
  'changeset.retry_staged': 'Failed rows staged again',
  'changeset.row_approved': 'Row approved',
  'changeset.row_rejected': 'Row rejected',
  'changeset.rows_decided': 'Every pending row decided at once',
  'review.exported': 'Review file exported',
  'review.imported': 'Review file imported',
  'merge.dismissed': 'Marked "not a duplicate"',
  'merge.undo_staged': 'Merge undo staged',
  'audit.exported': 'Audit log exported',
  'team.joined': 'Joined a team',
  'team.left': 'Left the team',
  'team.shared': 'Shared with the team',
  'team.decided': 'Team decision',
  'team.commented': 'Team comment',
  'team.policy_set': 'Approval rule changed',
  'team.results_published': 'Push results shared with the team',
};

/** An audit action's label, or the code itself for one this table does not know yet. */
export function auditActionLabel(code: string): string {
  return sentenceOr(AUDIT_ACTION_LABELS, code) ?? code;
}

/** The code a row naming a renamed-away external id carries in JSON, exports and tooltips. */
export const RENAMED_ID_CODE = 'renamed_external_id';
/** The code of a row planned with the new id instead of the old one it named. */
export const RENAMED_ID_REWRITTEN_CODE = 'renamed_external_id_rewritten';

/** What still happens to the old id after a rename was pushed, by what each system really keeps. */
function afterRename(r: RenamedId, today: string): string {
  switch (r.system) {
    case 'productboard':
      return 'Productboard no longer knows it';
    case 'productboard-scim':
      return 'the SCIM directory no longer knows it';
    case 'uservoice':
      return 'its old external user is still on UserVoice until someone removes it by hand, so this row would update that old one';
    case 'braze':
      return r.resolvesUntil && r.resolvesUntil.slice(0, 10) >= today
        ? `the old id still finds the user until ${r.resolvesUntil.slice(0, 10)} (its migration window), and not after`
        : 'its migration window has closed, so the engagement platform no longer knows it';
  }
}

/**
 * A row naming an external id that a pushed rename replaced, in words: "usr_1 was renamed
 * to acct_1 on 2026-11-24; Productboard no longer knows it." With `rewritten`, what the
 * plan did about it instead.
 */
export function renamedIdSentence(r: RenamedId & { rewritten?: boolean }, today = new Date().toISOString().slice(0, 10)): string {
  const chain = r.steps > 1 ? ` (through ${r.steps} renames)` : '';
  const on = r.on.slice(0, 10);
  if (r.rewritten) return `Planned with ${r.to} instead of ${r.from}, which was renamed${chain} on ${on} by change set #${r.changeSet}.`;
  return `${r.from} was renamed to ${r.to}${chain} on ${on}; ${afterRename(r, today)}.`;
}
