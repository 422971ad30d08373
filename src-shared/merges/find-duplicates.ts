/**
 * Duplicate candidates (SPEC §3 M4, §5, §7.4): what lenient matching and email changes
 * leave behind, each with its evidence and a confidence, highest first.
 */
import { evidenceSentence, type Evidence, type EvidenceCode } from '../plain-words';

export interface MergeRecord {
  connection: string;
  kind: string;
  remoteId: string;
  email: string | null;
  externalId: string | null;
  deprecatedExternalIds: readonly string[];
  name: string | null;
  company: string | null;
  /** UserVoice only: the external users attached to this UserVoice user. */
  externalUsers?: readonly { id: string; email: string | null }[];
}

export type CandidateKind = 'detached_user' | 'case_variant_email' | 'stale_attachment' | 'diverging_fields';

export interface DuplicateCandidate {
  /** Stable across pulls: kind, connection and the two remote ids, so a dismissal sticks. */
  key: string;
  kind: CandidateKind;
  connection: string;
  /** The records involved (for diverging fields: one per connection). */
  records: { connection: string; remoteId: string }[];
  confidence: number;
  /** Each piece of evidence as a sentence (plain-words.ts)… */
  evidence: string[];
  /** …and its code, for JSON, exports and tooltips. */
  evidenceCodes: EvidenceCode[];
}

/** The sentences and codes of a candidate's evidence. */
function said(evidence: readonly Evidence[]): { evidence: string[]; evidenceCodes: EvidenceCode[] } {
  return { evidence: evidence.map(evidenceSentence), evidenceCodes: evidence.map((e) => e.code) };
}

/** Candidates at or above this confidence are shown by default. */
export const DEFAULT_CONFIDENCE = 0.6;

const fold = (e: string | null | undefined) => (e ? e.trim().toLowerCase() : undefined);

export function findDuplicates(records: readonly MergeRecord[]): DuplicateCandidate[] {
  const out: DuplicateCandidate[] = [];
  const byConnection = new Map<string, MergeRecord[]>();
  for (const r of records) byConnection.set(r.connection, [...(byConnection.get(r.connection) ?? []), r]);
  // Which email each external id goes with, anywhere in the workspace.
  const emailOfExt = new Map<string, string>();
  for (const r of records) for (const x of [r.externalId, ...r.deprecatedExternalIds]) if (x && fold(r.email)) emailOfExt.set(x, fold(r.email)!);

  for (const [connection, list] of byConnection) {
    // M4 lenient leftovers: a user with no email whose external id belongs, elsewhere, to
    // the email of a user here that carries another external id — same company raises it.
    const byEmail = new Map(list.filter((r) => fold(r.email)).map((r) => [fold(r.email)!, r]));
    for (const d of list) {
      if (d.email || !d.externalId) continue;
      const claimedEmail = emailOfExt.get(d.externalId);
      const holder = claimedEmail ? byEmail.get(claimedEmail) : undefined;
      const sameCompany = list.filter((u) => u !== d && u.email && u.company && u.company === d.company && u.externalId !== d.externalId);
      const target = holder ?? (sameCompany.length === 1 ? sameCompany[0] : undefined);
      if (!target) continue;
      const evidence: Evidence[] = [{ code: 'no_email_lenient', user: d.remoteId, externalId: d.externalId }];
      let confidence = 0.5;
      if (holder) {
        evidence.push({ code: 'external_id_goes_with_email', externalId: d.externalId, email: claimedEmail!, holder: holder.remoteId, holderExternalId: holder.externalId });
        confidence += 0.35;
      }
      if (d.company && d.company === target.company) {
        evidence.push({ code: 'same_company', company: d.company });
        confidence += 0.1;
      }
      out.push({ key: `detached_user:${connection}:${target.remoteId}:${d.remoteId}`, kind: 'detached_user', connection, records: [{ connection, remoteId: target.remoteId }, { connection, remoteId: d.remoteId }], confidence: Math.min(1, confidence), ...said(evidence) });
    }

    // SPEC §5: an external user whose email changed stays on its old UserVoice user.
    for (const u of list) {
      for (const ext of u.externalUsers ?? []) {
        const moved = fold(ext.email);
        if (!moved || moved === fold(u.email)) continue;
        const owner = byEmail.get(moved);
        if (!owner || owner === u) continue;
        out.push({
          key: `stale_attachment:${connection}:${u.remoteId}:${ext.id}`,
          kind: 'stale_attachment',
          connection,
          records: [{ connection, remoteId: u.remoteId }, { connection, remoteId: owner.remoteId }],
          confidence: 0.85,
          ...said([{ code: 'external_user_moved', externalUser: ext.id, email: ext.email!, owner: owner.remoteId, user: u.remoteId, userEmail: u.email }]),
        });
      }
    }
  }

  // Emails equal only after trimming and case-folding: two users in one system (a
  // duplicate to merge), or one person spelled differently across systems (to align).
  const groups = new Map<string, MergeRecord[]>();
  for (const r of records) if (fold(r.email)) groups.set(fold(r.email)!, [...(groups.get(fold(r.email)!) ?? []), r]);
  for (const [email, same] of groups) {
    if (same.length < 2 || new Set(same.map((r) => r.email)).size < 2) continue;
    const oneSystem = new Set(same.map((r) => r.connection)).size === 1;
    out.push({
      key: `case_variant_email:${same.map((r) => `${r.connection}/${r.remoteId}`).sort().join(':')}`,
      kind: 'case_variant_email',
      connection: [...new Set(same.map((r) => r.connection))].join('+'),
      records: same.map((r) => ({ connection: r.connection, remoteId: r.remoteId })),
      confidence: oneSystem ? 0.9 : 0.7,
      ...said([{ code: 'same_email_case_folded', spellings: [...new Set(same.map((r) => `${r.email} (${r.connection})`))], email }]),
    });
  }

  // The same person across systems (linked by external id) with diverging names.
  const byExt = new Map<string, MergeRecord[]>();
  for (const r of records) if (r.externalId) byExt.set(r.externalId, [...(byExt.get(r.externalId) ?? []), r]);
  for (const [ext, same] of byExt) {
    const names = new Set(same.map((r) => r.name?.trim()).filter(Boolean));
    if (same.length < 2 || names.size < 2) continue;
    out.push({
      key: `diverging_fields:${ext}`,
      kind: 'diverging_fields',
      connection: same.map((r) => r.connection).join('+'),
      records: same.map((r) => ({ connection: r.connection, remoteId: r.remoteId })),
      confidence: 0.6,
      ...said([{ code: 'names_diverge', externalId: ext, connections: same.map((r) => r.connection), names: [...names] as string[] }]),
    });
  }
  return out.sort((a, b) => b.confidence - a.confidence || a.key.localeCompare(b.key));
}
