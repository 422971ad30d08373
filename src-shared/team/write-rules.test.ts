import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { commentInDoc, decideInDoc, publishResultsInDoc, stageIntoDoc, type SharedChangeSetMeta } from './change-set-doc';
import { listInIndex, setPolicy, shareDismissal, TEAM_DOC_NAME } from './team-doc';
import { AcceptedPlaces, refuseMemberUpdate } from './write-rules';

const KEY = 'ann-7';
const DOC = `changeset/${KEY}`;
const at = '2026-12-02T00:00:00.000Z';
const meta: SharedChangeSetMeta = { key: KEY, kind: 'rename', title: 't', connection: 'braze', author: 'ann', stagedAt: at, rowCount: 2 };
const rows = [0, 1].map((idx) => ({ idx, payload: { idx }, plan: { action: 'rename' }, planHash: `h${idx}` }));

/** A server doc and members' replicas; `send` checks what a member's replica has that the server lacks. */
function team(docName = DOC) {
  const server = new Y.Doc();
  const accepted = new AcceptedPlaces();
  const replica = (): Y.Doc => {
    const d = new Y.Doc();
    Y.applyUpdate(d, Y.encodeStateAsUpdate(server));
    return d;
  };
  const send = (member: string, from: Y.Doc) => {
    const update = Y.encodeStateAsUpdate(from, Y.encodeStateVector(server));
    const refusal = refuseMemberUpdate(server, docName, update, member, accepted);
    if (!refusal) Y.applyUpdate(server, update);
    return refusal;
  };
  return { server, replica, send };
}

function staged() {
  const t = team();
  const ann = t.replica();
  stageIntoDoc(ann, meta, rows);
  expect(t.send('ann', ann)).toBeNull();
  return t;
}

describe('who may write what in shared documents', () => {
  it("lets a change set's author stage it and members decide, comment and publish as themselves", () => {
    const t = staged();
    const bob = t.replica();
    decideInDoc(bob, { idx: 0, member: 'bob', verdict: 'approve', planHash: 'h0', at });
    commentInDoc(bob, { idx: 0, member: 'bob', text: 'fine', planHash: 'h0', at });
    expect(t.send('bob', bob)).toBeNull();
    // Changing one's own decision replaces one's own entry: allowed.
    decideInDoc(bob, { idx: 0, member: 'bob', verdict: 'reject', planHash: 'h0', at });
    expect(t.send('bob', bob)).toBeNull();
    publishResultsInDoc(bob, [{ idx: 0, result: 'applied', detail: null, by: 'bob', at }]);
    expect(t.send('bob', bob)).toBeNull();
    expect(t.server.getMap('decisions').size).toBe(1);
  });

  it('refuses a decision or comment written in another member’s name', () => {
    const t = staged();
    const bob = t.replica();
    decideInDoc(bob, { idx: 1, member: 'ann', verdict: 'approve', planHash: 'h1', at });
    expect(t.send('bob', bob)?.reason).toMatch(/cannot decide for another member/);
    expect(t.server.getMap('decisions').size).toBe(0);

    const sly = t.replica();
    sly.getMap('decisions').set('1:bob', JSON.stringify({ idx: 1, member: 'ann', verdict: 'approve', planHash: 'h1', at }));
    expect(t.send('bob', sly)?.reason).toMatch(/cannot decide for another member/);

    const forger = t.replica();
    commentInDoc(forger, { idx: 0, member: 'ann', text: 'I agree', planHash: 'h0', at });
    expect(t.send('bob', forger)?.reason).toMatch(/comment as another member/);
  });

  it('refuses replacing or withdrawing another member’s decision', () => {
    const t = staged();
    const ann = t.replica();
    decideInDoc(ann, { idx: 0, member: 'ann', verdict: 'reject', planHash: 'h0', at });
    expect(t.send('ann', ann)).toBeNull();
    // The overwrite names no key of its own: its place comes from the entry it replaces.
    const bob = t.replica();
    decideInDoc(bob, { idx: 0, member: 'ann', verdict: 'approve', planHash: 'h0', at });
    expect(t.send('bob', bob)?.reason).toMatch(/another member/);
    const eraser = t.replica();
    eraser.getMap('decisions').delete('0:ann');
    expect(t.send('bob', eraser)?.reason).toMatch(/withdraw another member's decision/);
    expect(JSON.parse(t.server.getMap<string>('decisions').get('0:ann')!).verdict).toBe('reject');
  });

  it('refuses rows or meta from anyone but the author', () => {
    const t = staged();
    const bob = t.replica();
    stageIntoDoc(bob, { ...meta, title: 'mine now' }, [{ ...rows[0]!, plan: { action: 'delete' }, planHash: 'x' }, rows[1]!]);
    expect(t.send('bob', bob)?.reason).toMatch(/only the change set's author/);
    const squatter = team('changeset/ann-99');
    const eve = squatter.replica();
    stageIntoDoc(eve, { ...meta, key: 'ann-99', author: 'eve' }, rows);
    expect(squatter.send('eve', eve)?.reason).toMatch(/another member's name|author/);
  });

  it('refuses results published in another member’s name', () => {
    const t = staged();
    const bob = t.replica();
    publishResultsInDoc(bob, [{ idx: 1, result: 'failed', detail: 'x', by: 'ann', at }]);
    expect(t.send('bob', bob)?.reason).toMatch(/publish results as another member/);
  });

  it('accepts an update carrying deletions others made long ago', () => {
    const t = staged();
    const ann = t.replica();
    decideInDoc(ann, { idx: 0, member: 'ann', verdict: 'reject', planHash: 'h0', at });
    expect(t.send('ann', ann)).toBeNull();
    decideInDoc(ann, { idx: 0, member: 'ann', verdict: 'approve', planHash: 'h0', at });
    expect(t.send('ann', ann)).toBeNull();
    // Bob's replica now holds ann's removed first decision in its delete set.
    const bob = t.replica();
    decideInDoc(bob, { idx: 1, member: 'bob', verdict: 'approve', planHash: 'h1', at });
    expect(refuseMemberUpdate(t.server, DOC, Y.encodeStateAsUpdate(bob), 'bob', new AcceptedPlaces())).toBeNull();
  });

  it('checks a second update against a first one the server has not applied yet', () => {
    const t = staged();
    const bob = t.replica();
    const updates: Uint8Array[] = [];
    bob.on('update', (u: Uint8Array) => updates.push(u));
    decideInDoc(bob, { idx: 0, member: 'bob', verdict: 'approve', planHash: 'h0', at });
    decideInDoc(bob, { idx: 0, member: 'bob', verdict: 'reject', planHash: 'h0', at });
    const accepted = new AcceptedPlaces();
    for (const u of updates) expect(refuseMemberUpdate(t.server, DOC, u, 'bob', accepted)).toBeNull();
  });

  it('lets members list only their own change sets in the team doc, and share policy and dismissals', () => {
    const t = team(TEAM_DOC_NAME);
    const bob = t.replica();
    listInIndex(bob, { key: 'bob-3', title: 't', kind: 'rename', author: 'bob', rows: 1, stagedAt: at });
    setPolicy(bob, { approvals: 2, authorMayApprove: false });
    shareDismissal(bob, { key: 'pair', by: 'bob', at, reason: null });
    expect(t.send('bob', bob)).toBeNull();
    const eve = t.replica();
    listInIndex(eve, { key: 'bob-4', title: 't', kind: 'rename', author: 'bob', rows: 1, stagedAt: at });
    expect(t.send('eve', eve)?.reason).toMatch(/another member's name/);
    const eraser = t.replica();
    eraser.getMap('changeSets').delete('bob-3');
    expect(t.send('eve', eraser)?.reason).toMatch(/unlist another member's change set/);
  });
});
