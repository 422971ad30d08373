import * as Y from 'yjs';

/**
 * One Y.Doc per shared change set. Every field is laid out so that no member's write
 * can silently replace another's:
 * - `meta` and `rows` are written by the author when the change set is staged (and
 *   again, row by row, only if the author restages it);
 * - `decisions` holds one entry per `row:member`, each carrying the plan hash the member
 *   saw, so a restaged row's old decisions are recognisably stale instead of carried over;
 * - `comments` holds append-only entries keyed under `row:member`;
 * - `results` holds the per-row outcome the pusher publishes.
 * Conflicts, staleness and approval are derived from these (derive-review.ts), never stored.
 */
export interface SharedChangeSetMeta {
  key: string;
  kind: string;
  title: string;
  connection: string;
  author: string;
  stagedAt: string;
  rowCount: number;
}

export interface SharedRow {
  idx: number;
  payload: Record<string, unknown>;
  plan: Record<string, unknown>;
  planHash: string;
}

export type SharedVerdict = 'approve' | 'reject';

export interface SharedDecision {
  idx: number;
  member: string;
  verdict: SharedVerdict;
  planHash: string;
  at: string;
}

export interface SharedComment {
  idx: number;
  member: string;
  text: string;
  planHash: string;
  at: string;
}

export interface SharedResult {
  idx: number;
  result: 'applied' | 'failed' | 'skipped';
  detail: string | null;
  by: string;
  at: string;
}

export const changeSetDocName = (key: string): string => `changeset/${key}`;
export const rowMemberKey = (idx: number, member: string): string => `${idx}:${member}`;

const meta = (doc: Y.Doc) => doc.getMap<string | number>('meta');
const rows = (doc: Y.Doc) => doc.getMap<string>('rows');
const decisions = (doc: Y.Doc) => doc.getMap<string>('decisions');
const comments = (doc: Y.Doc) => doc.getMap<string>('comments');
const results = (doc: Y.Doc) => doc.getMap<string>('results');

/**
 * Writes the staged change set. Rows whose plan hash is unchanged are left alone, so a
 * restage touches only the rows whose plan really changed (and only their decisions go stale).
 */
export function stageIntoDoc(doc: Y.Doc, m: SharedChangeSetMeta, staged: readonly SharedRow[]): void {
  doc.transact(() => {
    const mm = meta(doc);
    for (const [k, v] of Object.entries(m)) if (mm.get(k) !== v) mm.set(k, v);
    const rm = rows(doc);
    for (const row of staged) {
      const key = String(row.idx);
      const old = rm.get(key);
      if (old !== undefined && (JSON.parse(old) as SharedRow).planHash === row.planHash) continue;
      rm.set(key, JSON.stringify(row));
    }
    for (const key of [...rm.keys()]) if (Number(key) >= staged.length) rm.delete(key);
  });
}

export function readMeta(doc: Y.Doc): SharedChangeSetMeta | undefined {
  const mm = meta(doc);
  if (!mm.has('key')) return undefined;
  return Object.fromEntries(mm.entries()) as unknown as SharedChangeSetMeta;
}

export function readRows(doc: Y.Doc): SharedRow[] {
  return [...rows(doc).values()].map((v) => JSON.parse(v) as SharedRow).sort((a, b) => a.idx - b.idx);
}

export function readRow(doc: Y.Doc, idx: number): SharedRow | undefined {
  const v = rows(doc).get(String(idx));
  return v === undefined ? undefined : (JSON.parse(v) as SharedRow);
}

/** A member's decision on a row, bound to the plan hash they were shown. Replaces only their own. */
export function decideInDoc(doc: Y.Doc, decision: SharedDecision): void {
  decisions(doc).set(rowMemberKey(decision.idx, decision.member), JSON.stringify(decision));
}

export function decideManyInDoc(doc: Y.Doc, list: readonly SharedDecision[]): void {
  doc.transact(() => list.forEach((d) => decideInDoc(doc, d)));
}

export function readDecisions(doc: Y.Doc): SharedDecision[] {
  return [...decisions(doc).values()].map((v) => JSON.parse(v) as SharedDecision);
}

/**
 * Comments only grow. Each is its own entry under a `row:member/` key made unique by the
 * writing replica's client id, so two comments written offline never replace each other.
 */
export function commentInDoc(doc: Y.Doc, comment: SharedComment): void {
  const map = comments(doc);
  map.set(`${rowMemberKey(comment.idx, comment.member)}/${doc.clientID}.${map.size}`, JSON.stringify(comment));
}

export function readComments(doc: Y.Doc): SharedComment[] {
  return [...comments(doc).values()]
    .map((v) => JSON.parse(v) as SharedComment)
    .sort((a, b) => a.idx - b.idx || a.at.localeCompare(b.at) || a.member.localeCompare(b.member) || a.text.localeCompare(b.text));
}

export function publishResultsInDoc(doc: Y.Doc, list: readonly SharedResult[]): void {
  doc.transact(() => list.forEach((r) => results(doc).set(String(r.idx), JSON.stringify(r))));
}

export function readResults(doc: Y.Doc): SharedResult[] {
  return [...results(doc).values()].map((v) => JSON.parse(v) as SharedResult).sort((a, b) => a.idx - b.idx);
}
