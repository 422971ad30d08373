import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { commentInDoc, decideInDoc, readComments, readDecisions, readMeta, readResults, readRows, stageIntoDoc, type SharedRow } from './change-set-doc';
import { deriveReview } from './derive-review';
import { DEFAULT_POLICY } from './team-doc';

const meta = { key: 'ann-1', kind: 'rename', title: 'Batch', connection: 'braze', author: 'ann', stagedAt: '2026-01-01T00:00:00Z', rowCount: 2 };
const rows: SharedRow[] = [
  { idx: 0, payload: { from: 'a', to: 'b' }, plan: { action: 'rename' }, planHash: 'h0' },
  { idx: 1, payload: { from: 'c', to: 'd' }, plan: { action: 'rename' }, planHash: 'h1' },
];
const at = '2026-01-01T00:00:01Z';

function view(doc: Y.Doc, policy = DEFAULT_POLICY) {
  return deriveReview(readMeta(doc)!.author, readRows(doc), readDecisions(doc), readComments(doc), readResults(doc), policy);
}

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('team review of a shared change set', () => {
  it('keeps both members’ offline decisions on one row and shows them as a conflict', () => {
    const a = new Y.Doc();
    stageIntoDoc(a, meta, rows);
    const b = new Y.Doc();
    sync(a, b);
    decideInDoc(a, { idx: 0, member: 'bob', verdict: 'approve', planHash: 'h0', at });
    decideInDoc(b, { idx: 0, member: 'cat', verdict: 'reject', planHash: 'h0', at });
    decideInDoc(b, { idx: 1, member: 'cat', verdict: 'approve', planHash: 'h1', at });
    sync(a, b);
    const va = view(a);
    expect(va).toEqual(view(b));
    expect(va.conflicts).toEqual([{ idx: 0, approvedBy: ['bob'], rejectedBy: ['cat'] }]);
    expect(va.rows[1]!.status).toBe('approved');
    expect(va.approvable).toBe(false);
  });

  it('does not count the author’s approval by default, and does when the policy allows it', () => {
    const doc = new Y.Doc();
    stageIntoDoc(doc, meta, rows);
    for (const r of rows) decideInDoc(doc, { idx: r.idx, member: 'ann', verdict: 'approve', planHash: r.planHash, at });
    expect(view(doc).approvable).toBe(false);
    expect(view(doc, { approvals: 1, authorMayApprove: true }).approvable).toBe(true);
    expect(view(doc, { approvals: 2, authorMayApprove: true }).counts.pending).toBe(2);
  });

  it('shows decisions on a restaged row as stale, and leaves the unchanged row’s decisions standing', () => {
    const doc = new Y.Doc();
    stageIntoDoc(doc, meta, rows);
    for (const r of rows) decideInDoc(doc, { idx: r.idx, member: 'bob', verdict: 'approve', planHash: r.planHash, at });
    stageIntoDoc(doc, meta, [rows[0]!, { ...rows[1]!, plan: { action: 'swap' }, planHash: 'h1b' }]);
    const v = view(doc);
    expect(v.rows[0]!.status).toBe('approved');
    expect(v.rows[1]!.status).toBe('pending');
    expect(v.rows[1]!.stale.map((d) => d.member)).toEqual(['bob']);
    expect(v.counts.stale).toBe(1);
  });

  it('keeps every comment two replicas of one member wrote offline', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    commentInDoc(a, { idx: 0, member: 'bob', text: 'first', planHash: 'h0', at });
    commentInDoc(b, { idx: 0, member: 'bob', text: 'second', planHash: 'h0', at });
    sync(a, b);
    expect(readComments(a).map((c) => c.text)).toEqual(['first', 'second']);
  });
});
