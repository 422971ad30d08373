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

/**
 * Where duplicate finding reads records from. The workspace streams them from SQLite
 * (src-main/store/repos/records.ts) so that a million records are never held at once;
 * `arrayMergeSource` serves a list (tests, small callers).
 */
export interface MergeSource {
  /** The live records that can start a candidate of their connection, in id order: those with an external id and no email, and those with external users. */
  suspects(): Iterable<MergeRecord>;
  /** The live records with an email whose external id, or a deprecated one, is among these, in id order. */
  claims(externalIds: readonly string[]): Iterable<MergeRecord>;
  /** The live records with an email in these companies of these connections, in id order. */
  companyMembers(companies: readonly { connection: string; company: string }[]): Iterable<MergeRecord>;
  /** The records whose folded email is shared with differing spellings, a group at a time, in id order within it. */
  emailGroups(): Iterable<MergeRecord[]>;
  /** The records whose external id is shared, with more than one name among them (a superset is fine), a group at a time. */
  externalIdGroups(): Iterable<MergeRecord[]>;
  /** The record of a connection with this folded email (the last in id order). */
  lastWithEmail(connection: string, folded: string): MergeRecord | undefined;
}

/** A MergeSource over records already in memory. */
export function arrayMergeSource(records: readonly MergeRecord[]): MergeSource {
  const groupsBy = (key: (r: MergeRecord) => string | undefined) => {
    const groups = new Map<string, MergeRecord[]>();
    for (const r of records) {
      const k = key(r);
      if (k === undefined) continue;
      const group = groups.get(k);
      if (group) group.push(r);
      else groups.set(k, [r]);
    }
    return [...groups.values()].filter((g) => g.length > 1);
  };
  let byEmail: Map<string, MergeRecord> | undefined;
  return {
    suspects: () => records.filter((r) => (!r.email && r.externalId) || r.externalUsers?.length),
    claims: (ids) => {
      const wanted = new Set(ids);
      return records.filter((r) => fold(r.email) && ((r.externalId && wanted.has(r.externalId)) || r.deprecatedExternalIds.some((x) => wanted.has(x))));
    },
    companyMembers: (companies) => {
      const wanted = new Set(companies.map((c) => `${c.connection}\u0000${c.company}`));
      return records.filter((r) => r.email && r.company && wanted.has(`${r.connection}\u0000${r.company}`));
    },
    emailGroups: () => groupsBy((r) => fold(r.email)),
    externalIdGroups: () => groupsBy((r) => r.externalId || undefined),
    lastWithEmail: (connection, folded) => {
      byEmail ??= new Map(records.filter((r) => fold(r.email)).map((r) => [`${r.connection}\u0000${fold(r.email)!}`, r]));
      return byEmail.get(`${connection}\u0000${folded}`);
    },
  };
}

/** What a company holds of the users with an email, by external id, up to three ids: enough to tell "exactly one other". */
type CompanyMembers = Map<string | null, { count: number; first: MergeRecord }> | 'many';

/**
 * Duplicate candidates, in time linear in the records and memory bounded by what is
 * suspect (detached users, moved external users) and by the largest group: the source
 * hands over only the suspects, what their candidates need, and the groups it has found
 * (issue 22; this used to copy each group for each record and hold every record).
 */
export function findDuplicates(input: readonly MergeRecord[] | MergeSource): DuplicateCandidate[] {
  const source = Array.isArray(input) ? arrayMergeSource(input) : (input as MergeSource);
  const out: DuplicateCandidate[] = [];

  // The few records that can lead to a candidate of their connection.
  const detached: MergeRecord[] = [];
  const moved: { user: MergeRecord; ext: { id: string; email: string | null }; email: string }[] = [];
  for (const r of source.suspects()) {
    if (!r.email && r.externalId) detached.push(r);
    for (const ext of r.externalUsers ?? []) {
      const email = fold(ext.email);
      if (email && email !== fold(r.email)) moved.push({ user: r, ext, email });
    }
  }

  // For detached users only: which email each of their external ids goes with, anywhere
  // in the workspace (the last record in id order wins), and who else with an email is
  // in their company.
  if (detached.length) {
    const wanted = new Set(detached.map((d) => d.externalId!));
    const emailOfExt = new Map<string, string>();
    for (const r of source.claims([...wanted])) {
      const email = fold(r.email);
      if (!email) continue;
      if (r.externalId && wanted.has(r.externalId)) emailOfExt.set(r.externalId, email);
      for (const x of r.deprecatedExternalIds) if (wanted.has(x)) emailOfExt.set(x, email);
    }
    const companyKey = (connection: string, company: string) => `${connection}\u0000${company}`;
    const companies = new Map<string, CompanyMembers>(detached.filter((d) => d.company).map((d) => [companyKey(d.connection, d.company!), new Map()]));
    const asked = [...new Map(detached.filter((d) => d.company).map((d) => [companyKey(d.connection, d.company!), { connection: d.connection, company: d.company! }])).values()];
    for (const r of asked.length ? source.companyMembers(asked) : []) {
      if (!r.email || !r.company) continue;
      const members = companies.get(companyKey(r.connection, r.company));
      if (members === undefined || members === 'many') continue;
      const seen = members.get(r.externalId);
      if (seen) seen.count++;
      else if (members.size === 3) companies.set(companyKey(r.connection, r.company), 'many');
      else members.set(r.externalId, { count: 1, first: r });
    }

    for (const d of detached) {
      const connection = d.connection;
      // M4 lenient leftovers: a user with no email whose external id belongs, elsewhere, to
      // the email of a user here that carries another external id — same company raises it.
      const externalId = d.externalId!; // detached: an external id and no email
      const claimedEmail = emailOfExt.get(externalId);
      const holder = claimedEmail ? source.lastWithEmail(connection, claimedEmail) : undefined;
      const target = holder ?? (d.company ? onlyOther(companies.get(companyKey(connection, d.company))!, d.externalId) : undefined);
      if (!target) continue;
      const evidence: Evidence[] = [{ code: 'no_email_lenient', user: d.remoteId, externalId }];
      let confidence = 0.5;
      if (holder) {
        evidence.push({ code: 'external_id_goes_with_email', externalId, email: claimedEmail!, holder: holder.remoteId, holderExternalId: holder.externalId });
        confidence += 0.35;
      }
      if (d.company && d.company === target.company) {
        evidence.push({ code: 'same_company', company: d.company });
        confidence += 0.1;
      }
      out.push({ key: `detached_user:${connection}:${target.remoteId}:${d.remoteId}`, kind: 'detached_user', connection, records: [{ connection, remoteId: target.remoteId }, { connection, remoteId: d.remoteId }], confidence: Math.min(1, confidence), ...said(evidence) });
    }
  }

  // SPEC §5: an external user whose email changed stays on its old UserVoice user.
  for (const { user: u, ext, email } of moved) {
    const connection = u.connection;
    const owner = source.lastWithEmail(connection, email);
    if (!owner || owner.remoteId === u.remoteId) continue;
    out.push({
      key: `stale_attachment:${connection}:${u.remoteId}:${ext.id}`,
      kind: 'stale_attachment',
      connection,
      records: [{ connection, remoteId: u.remoteId }, { connection, remoteId: owner.remoteId }],
      confidence: 0.85,
      ...said([{ code: 'external_user_moved', externalUser: ext.id, email: ext.email!, owner: owner.remoteId, user: u.remoteId, userEmail: u.email }]),
    });
  }

  // Emails equal only after trimming and case-folding: two users in one system (a
  // duplicate to merge), or one person spelled differently across systems (to align).
  for (const same of source.emailGroups()) {
    if (same.length < 2 || new Set(same.map((r) => r.email)).size < 2) continue;
    const email = fold(same[0]!.email)!;
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
  for (const same of source.externalIdGroups()) {
    const ext = same[0]!.externalId!;
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

/** The one user with an email in the company whose external id differs from `externalId`, if exactly one. */
function onlyOther(members: CompanyMembers, externalId: string | null): MergeRecord | undefined {
  if (members === 'many') return undefined; // three external ids or more: at least two others
  let only: MergeRecord | undefined;
  let count = 0;
  for (const [ext, { count: n, first }] of members) {
    if (ext === externalId) continue;
    count += n;
    only = first;
  }
  return count === 1 ? only : undefined;
}
