/**
 * One duplicate candidate by its key, without finding every other (issue 22): opening a
 * candidate, planning or staging its merge and dismissing it read only the records the
 * candidate involves, and the shared finder re-checks its evidence over just those.
 */
import { findDuplicates, type DuplicateCandidate, type MergeSource } from './find-duplicates';

/**
 * What a candidate's re-check reads: the record that can start it (a detached user, a
 * UserVoice user holding a moved external user), the records sharing one record's folded
 * email, or the records sharing an external id.
 */
export type CandidateFocus =
  | { kind: 'suspect'; connection: string; remoteId: string }
  | { kind: 'email'; connection: string; remoteId: string }
  | { kind: 'externalId'; externalId: string };

/**
 * Every way a candidate key can be read, most likely first. Connection names hold no ":"
 * or "/" (connection-schemas.ts), but remote ids may: every split is tried, and only the
 * one that rebuilds the very same key counts.
 */
export function candidateFocuses(key: string): CandidateFocus[] {
  const colon = key.indexOf(':');
  if (colon < 0) return [];
  const kind = key.slice(0, colon);
  const rest = key.slice(colon + 1);
  if (kind === 'diverging_fields') return rest ? [{ kind: 'externalId', externalId: rest }] : [];
  if (kind === 'detached_user' || kind === 'stale_attachment') {
    // detached_user:CONNECTION:TARGET:DETACHED (the detached user starts it);
    // stale_attachment:CONNECTION:USER:EXTERNAL_USER (the UserVoice user starts it).
    const at = rest.indexOf(':');
    if (at <= 0) return [];
    const connection = rest.slice(0, at);
    const ids = rest.slice(at + 1);
    const splits = colonsIn(ids).map((i) => (kind === 'detached_user' ? ids.slice(i + 1) : ids.slice(0, i)));
    return splits.filter(Boolean).map((remoteId) => ({ kind: 'suspect', connection, remoteId }));
  }
  if (kind === 'case_variant_email') {
    // case_variant_email:CONNECTION/ID:CONNECTION/ID…: the first record names the email.
    const slash = rest.indexOf('/');
    if (slash <= 0) return [];
    const connection = rest.slice(0, slash);
    const ids = rest.slice(slash + 1);
    return [...colonsIn(ids).map((i) => ids.slice(0, i)), ids].filter(Boolean).map((remoteId) => ({ kind: 'email', connection, remoteId }));
  }
  return [];
}

function colonsIn(text: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) at.push(i);
  return at;
}

/**
 * The candidate with this key as the finder would find it now, or undefined. `sourceFor`
 * hands the finder only what one focus needs (src-main/store/repos/records.ts reads it
 * through indexes), so the cost is that of the candidate, not of the workspace.
 */
export function recheckCandidate(key: string, sourceFor: (focus: CandidateFocus) => MergeSource): DuplicateCandidate | undefined {
  for (const focus of candidateFocuses(key)) {
    const found = findDuplicates(sourceFor(focus)).find((c) => c.key === key);
    if (found) return found;
  }
  return undefined;
}
