import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../store/workspace';
import { createServiceContext, type ServiceContext } from './context';
import { previewRows, runPreview, stagePreview } from './preview-session';

/**
 * The app's preview path (issue 19 item 5): a Braze-style connection where legacy-1 was
 * renamed to acct-1 and its migration window is still open, so the old id still finds
 * the user (as a deprecated id) until the window closes.
 */
let ctx: ServiceContext;
let renameSet: number;
const DAY = 86_400_000;

beforeEach(() => {
  ctx = createServiceContext(openWorkspace(join(mkdtempSync(join(tmpdir(), 'rekey-renamed-preview-')), 'w.rekey')), 'cli');
  const ws = ctx.workspace;
  const braze = ws.connections.add({ name: 'braze', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
  ws.records.upsertPage(braze, 'run', [{ remoteId: 'acct-1', email: 'ann@x.io', externalId: 'acct-1', deprecatedExternalIds: ['legacy-1'], name: 'Ann', company: null, status: 'active', raw: {} }], 'now');
  const pushedAt = new Date(Date.now() - 2 * DAY).toISOString();
  renameSet = ws.changeSets.create({ kind: 'rename', connectionId: braze, title: 'r', plan: {}, createdBy: 't' }, [{ payload: { current_external_id: 'legacy-1', new_external_id: 'acct-1' }, plan: { action: 'rename' } }], pushedAt);
  ws.pushedRenames.record({ connectionId: braze, oldId: 'legacy-1', newId: 'acct-1', changeSetId: renameSet, rowIdx: 0, pushedAt });
  ws.windows.open({ connectionId: braze, oldId: 'legacy-1', newId: 'acct-1', userRef: 'acct-1', changeSetId: renameSet, openedAt: pushedAt, closesAt: new Date(Date.now() + 28 * DAY).toISOString() });
});

const CSV = 'email,external_id\nann@x.io,legacy-1\nbo@x.io,e-bo\n';
const rows = () => previewRows(ctx, { mode: 'strict', offset: 0, limit: 10 }).rows.sort((a, b) => a.index - b.index);

describe('the preview of a file naming a renamed id', () => {
  it('flags the row in words (the window still open), planned as the file says until asked', async () => {
    const summary = await runPreview(ctx, { connection: 'braze', csv: CSV, fileName: 'people.csv' });
    expect(summary.renamed).toMatchObject({ rows: 1, rewritten: 0, first: [{ line: 2, from: 'legacy-1', to: 'acct-1', rewritten: false, code: 'renamed_external_id' }] });
    expect(summary.renamed.first[0]!.says).toMatch(/^legacy-1 was renamed to acct-1 on \d{4}-\d\d-\d\d; the old id still finds the user until \d{4}-\d\d-\d\d \(its migration window\)/);
    const [flagged, other] = rows();
    expect(flagged).toMatchObject({ externalId: 'legacy-1', strict: { action: 'match', matchedBy: 'deprecated_external_id' }, renamedId: { from: 'legacy-1', to: 'acct-1', changeSet: renameSet, rewritten: false } });
    expect(other!.renamedId).toBeUndefined();
    const cs = stagePreview(ctx, 'strict');
    const staged = ctx.workspace.changeSets.rows(cs.id);
    expect(staged[0]!.payload).toMatchObject({ externalId: 'legacy-1' });
    expect(staged[0]!.payload.renamedFrom).toBeUndefined();
    expect(staged[0]!.plan.renamedId).toMatchObject({ code: 'renamed_external_id', to: 'acct-1', rewritten: false });
    expect(cs.plan.renamedIds).toEqual({ rewritten: 0, left: 1 });
  });

  it('with "use the new ids", plans the row by the new id and stages the mapping, in the change set and the audit', async () => {
    const summary = await runPreview(ctx, { connection: 'braze', csv: CSV, fileName: 'people.csv', rewriteRenamed: true });
    expect(summary.renamed).toMatchObject({ rows: 1, rewritten: 1, first: [{ rewritten: true, code: 'renamed_external_id_rewritten' }] });
    expect(rows()[0]).toMatchObject({ externalId: 'acct-1', strict: { action: 'match', matchedBy: 'external_id', userId: 'acct-1' }, renamedId: { from: 'legacy-1', rewritten: true } });
    const cs = stagePreview(ctx, 'strict');
    const [row] = ctx.workspace.changeSets.rows(cs.id);
    expect(row!.payload).toMatchObject({ externalId: 'acct-1', renamedFrom: { from: 'legacy-1', to: 'acct-1', changeSet: renameSet, steps: 1 } });
    expect(cs.plan.renamedIds).toEqual({ rewritten: 1, left: 0 });
    const created = [...ctx.workspace.audit.iterate()].filter((e) => e.action === 'changeset.created').pop()!;
    expect(created.detail).toMatchObject({ rewrittenIds: [{ line: 2, from: 'legacy-1', to: 'acct-1', changeSet: renameSet }] });
  });

  it('takes the choice row by row: every such row but the lines named, or only those', async () => {
    const two = 'email,external_id\nann@x.io,legacy-1\nann.other@x.io,legacy-1\n';
    const some = await runPreview(ctx, { connection: 'braze', csv: two, fileName: 'people.csv', rewriteRenamed: true, rewriteExcept: [3] });
    expect(some.renamed).toMatchObject({ rows: 2, rewritten: 1, first: [{ line: 2, rewritten: true }, { line: 3, rewritten: false }] });
    expect(rows().map((r) => r.externalId)).toEqual(['acct-1', 'legacy-1']);
    const staged = ctx.workspace.changeSets.rows(stagePreview(ctx, 'strict').id);
    expect(staged.map((r) => r.payload.externalId)).toEqual(['acct-1', 'legacy-1']);
    expect(staged[0]!.payload.renamedFrom).toMatchObject({ from: 'legacy-1' });
    expect(staged[1]!.payload.renamedFrom).toBeUndefined();
    expect(staged[1]!.plan.renamedId).toMatchObject({ rewritten: false });
    const one = await runPreview(ctx, { connection: 'braze', csv: two, fileName: 'people.csv', rewriteRenamed: false, rewriteExcept: [3] });
    expect(one.renamed.first.map((r) => r.rewritten)).toEqual([false, true]);
  });

  it('flags nothing once the old id is a live user’s current id again', async () => {
    const braze = ctx.workspace.connections.byName('braze')!.id;
    ctx.workspace.records.upsertPage(braze, 'run2', [{ remoteId: 'legacy-1', email: 'cy@x.io', externalId: 'legacy-1', deprecatedExternalIds: [], name: 'Cy', company: null, status: 'active', raw: {} }], 'now');
    expect((await runPreview(ctx, { connection: 'braze', csv: CSV, fileName: 'people.csv', rewriteRenamed: true })).renamed.rows).toBe(0);
  });
});
