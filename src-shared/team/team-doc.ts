import type * as Y from 'yjs';

/**
 * The team's own Y.Doc: its approval policy, the index of shared change sets, and the
 * workspace decisions every member should share — merge dismissals ("not a duplicate")
 * and import column mappings. Each entry has one key and one writer's value; a later
 * write by the same key replaces it, which is what "dismissed" and "mapping" mean.
 */
export const TEAM_DOC_NAME = 'team';

export interface ApprovalPolicy {
  /** Approvals a row needs from eligible members before the change set may be approved. */
  approvals: number;
  /** Whether the change set's author counts as an eligible approver. */
  authorMayApprove: boolean;
}

/** One approval by someone other than the author, as the product describes it. */
export const DEFAULT_POLICY: ApprovalPolicy = { approvals: 1, authorMayApprove: false };

export interface SharedChangeSetEntry {
  key: string;
  title: string;
  kind: string;
  author: string;
  rows: number;
  stagedAt: string;
}

export interface SharedDismissal {
  key: string;
  by: string;
  at: string;
  reason: string | null;
}

export interface SharedMapping {
  signature: string;
  mapping: Record<string, unknown>;
  by: string;
  at: string;
}

const policyMap = (doc: Y.Doc) => doc.getMap<number | boolean>('policy');
const index = (doc: Y.Doc) => doc.getMap<string>('changeSets');
const dismissals = (doc: Y.Doc) => doc.getMap<string>('dismissals');
const mappings = (doc: Y.Doc) => doc.getMap<string>('mappings');

export function readPolicy(doc: Y.Doc): ApprovalPolicy {
  const m = policyMap(doc);
  const approvals = m.get('approvals');
  const authorMayApprove = m.get('authorMayApprove');
  return {
    approvals: typeof approvals === 'number' ? approvals : DEFAULT_POLICY.approvals,
    authorMayApprove: typeof authorMayApprove === 'boolean' ? authorMayApprove : DEFAULT_POLICY.authorMayApprove,
  };
}

export function setPolicy(doc: Y.Doc, policy: ApprovalPolicy): void {
  doc.transact(() => {
    policyMap(doc).set('approvals', policy.approvals);
    policyMap(doc).set('authorMayApprove', policy.authorMayApprove);
  });
}

export function listInIndex(doc: Y.Doc, entry: SharedChangeSetEntry): void {
  index(doc).set(entry.key, JSON.stringify(entry));
}

export function readIndex(doc: Y.Doc): SharedChangeSetEntry[] {
  return [...index(doc).values()].map((v) => JSON.parse(v) as SharedChangeSetEntry).sort((a, b) => a.stagedAt.localeCompare(b.stagedAt) || a.key.localeCompare(b.key));
}

export function shareDismissal(doc: Y.Doc, d: SharedDismissal): void {
  dismissals(doc).set(d.key, JSON.stringify(d));
}

export function readDismissals(doc: Y.Doc): SharedDismissal[] {
  return [...dismissals(doc).values()].map((v) => JSON.parse(v) as SharedDismissal).sort((a, b) => a.key.localeCompare(b.key));
}

export function shareMapping(doc: Y.Doc, m: SharedMapping): void {
  mappings(doc).set(m.signature, JSON.stringify(m));
}

export function readMappings(doc: Y.Doc): SharedMapping[] {
  return [...mappings(doc).values()].map((v) => JSON.parse(v) as SharedMapping).sort((a, b) => a.signature.localeCompare(b.signature));
}
