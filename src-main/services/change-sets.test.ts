import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, CallOutput, Channel } from '../../src-shared/contract/api';
import { isRekeyError } from '../../src-shared/errors';
import { openWorkspace } from '../store/workspace';
import { approveChangeSet, rejectChangeSet, reviewRow, stageChangeSet, submitChangeSet } from './change-sets';
import { createServiceContext, type ServiceContext } from './context';
import { decideInBundle, exportBundle, importBundle } from './review-bundle';

let ctx: ServiceContext;
let dir: string;
let connectionId: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rekey-cs-'));
  ctx = createServiceContext(openWorkspace(join(dir, 'w.rekey')), 'cli');
  connectionId = ctx.workspace.connections.add({ name: 'braze', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
});

function stage() {
  return stageChangeSet(
    ctx,
    { kind: 'rename', connectionId, title: 'legacy → usr', windowDays: 30, plan: { swaps: [] } },
    [
      { payload: { current_external_id: 'a', new_external_id: 'b' }, plan: { action: 'rename' } },
      { payload: { current_external_id: 'c', new_external_id: 'c' }, plan: { error: 'same_id' } },
    ],
  );
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isRekeyError(e)) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('change set life cycle in the workspace', () => {
  it('moves draft → in_review → approved and audits every move with who', () => {
    const cs = stage();
    expect(cs.state).toBe('draft');
    submitChangeSet(ctx, cs.id);
    reviewRow(ctx, cs.id, 0, 'approved', null);
    reviewRow(ctx, cs.id, 1, 'rejected', 'same id');
    expect(approveChangeSet(ctx, cs.id).state).toBe('approved');
    const actions = ctx.workspace.audit.list(20).map((e) => `${e.action}@${e.actor}`).reverse();
    expect(actions.filter((a) => a.startsWith('changeset.'))).toEqual([
      `changeset.created@${ctx.workspace.actor}`,
      `changeset.submitted@${ctx.workspace.actor}`,
      `changeset.row_approved@${ctx.workspace.actor}`,
      `changeset.row_rejected@${ctx.workspace.actor}`,
      `changeset.approved@${ctx.workspace.actor}`,
    ]);
  });

  it('refuses moves from the wrong state, and reviews outside review', () => {
    const cs = stage();
    expect(code(() => approveChangeSet(ctx, cs.id))).toBe('invalid_transition');
    expect(code(() => rejectChangeSet(ctx, cs.id, null))).toBe('invalid_transition');
    expect(code(() => reviewRow(ctx, cs.id, 0, 'approved', null))).toBe('not_in_review');
    submitChangeSet(ctx, cs.id);
    expect(code(() => submitChangeSet(ctx, cs.id))).toBe('invalid_transition');
    expect(code(() => approveChangeSet(ctx, cs.id))).toBe('rows_pending');
    expect(code(() => reviewRow(ctx, cs.id, 7, 'approved', null))).toBe('unknown_row');
    expect(rejectChangeSet(ctx, cs.id, 'redo').state).toBe('draft');
  });

  it('approving the remaining rows rejects those whose check fails', () => {
    const cs = stage();
    submitChangeSet(ctx, cs.id);
    const approved = approveChangeSet(ctx, cs.id, { approveRemaining: true });
    expect(approved.rowCounts).toMatchObject({ approved: 1, rejected: 1, pending: 0 });
    expect(ctx.workspace.changeSets.rows(cs.id)[1]!.reviewComment).toContain('same_id');
    // One audit entry for the whole action, naming each row it decided and why.
    const [approval, decided] = ctx.workspace.audit.list(2);
    expect(`${approval!.action} ${approval!.subject}`).toBe(`changeset.approved ${cs.id}`);
    expect(decided).toMatchObject({
      action: 'changeset.rows_decided',
      subject: String(cs.id),
      actor: ctx.workspace.actor,
      detail: { approved: 1, approvedRows: '0', rejected: 1, rejectedRows: { same_id: '1' } },
    });
  });

  it('approving the remaining rows is all or nothing: with no row left to approve, no decision is kept', () => {
    const cs = stageChangeSet(ctx, { kind: 'rename', connectionId, title: 'no-ops', windowDays: 30, plan: { swaps: [] } }, [
      { payload: { current_external_id: 'c', new_external_id: 'c' }, plan: { error: 'same_id' } },
      { payload: { current_external_id: 'd', new_external_id: 'd' }, plan: { error: 'same_id' } },
    ]);
    submitChangeSet(ctx, cs.id);
    const entries = ctx.workspace.audit.count();
    expect(code(() => approveChangeSet(ctx, cs.id, { approveRemaining: true }))).toBe('nothing_approved');
    expect(ctx.workspace.changeSets.rows(cs.id).map((r) => r.review)).toEqual(['pending', 'pending']);
    expect(ctx.workspace.audit.count()).toBe(entries);
    expect(ctx.workspace.changeSets.get(cs.id)!.state).toBe('in_review');
  });
});

describe('review bundles', () => {
  it('travel out and back with the decisions, through a file', () => {
    const cs = stage();
    submitChangeSet(ctx, cs.id);
    const file = join(dir, 'review.json');
    exportBundle(ctx, cs.id, file);
    decideInBundle(file, 0, 'approved', 'ok', 'reviewer');
    decideInBundle(file, 1, 'rejected', 'no-op rename', 'reviewer');
    expect(importBundle(ctx, file)).toMatchObject({ id: cs.id, applied: 2 });
    expect(approveChangeSet(ctx, cs.id).state).toBe('approved');
    // The same bundle again, after the approval: nothing to do, and no error.
    expect(importBundle(ctx, file)).toMatchObject({ id: cs.id, applied: 0, unchanged: 2 });
  });

  it('refuses a bundle whose rows were edited, naming the row', () => {
    const cs = stage();
    submitChangeSet(ctx, cs.id);
    const file = join(dir, 'review.json');
    exportBundle(ctx, cs.id, file);
    const bundle = JSON.parse(readFileSync(file, 'utf8'));
    bundle.rows[1].payload.new_external_id = 'sneaky';
    writeFileSync(file, JSON.stringify(bundle));
    let message = '';
    try {
      importBundle(ctx, file);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/rows were changed after export \(row 1\)/);
    expect(ctx.workspace.changeSets.rows(cs.id).every((r) => r.review === 'pending')).toBe(true);
  });

  it('refuses a bundle whose plan was edited', () => {
    const cs = stage();
    submitChangeSet(ctx, cs.id);
    const file = join(dir, 'review.json');
    exportBundle(ctx, cs.id, file);
    const bundle = JSON.parse(readFileSync(file, 'utf8'));
    bundle.changeSet.windowDays = 1;
    writeFileSync(file, JSON.stringify(bundle));
    expect(code(() => importBundle(ctx, file))).toBe('bundle_tampered');
  });

  it('refuses a bundle when the change set changed in the workspace since export', () => {
    const cs = stage();
    const file = join(dir, 'review.json');
    exportBundle(ctx, cs.id, file);
    ctx.workspace.changeSets.replaceRows(cs.id, [{ payload: { current_external_id: 'a', new_external_id: 'z' }, plan: {} }], {}, 'now');
    expect(code(() => importBundle(ctx, file))).toBe('bundle_stale');
  });

  it('names the file, line and column of broken JSON', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "format": "rekey-review-bundle",\n  oops\n}');
    let message = '';
    try {
      importBundle(ctx, file);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: invalid JSON`));
  });
});

describe('the change set view through the contract (issue 22)', () => {
  it('asks for a page of rows, filtered, and approves every pending row on the server, loaded or not', async () => {
    const { dispatch: untyped } = await import('./dispatch');
    // The answers typed as the contract says.
    const dispatch = async <C extends Channel>(c: ServiceContext, channel: C, input: CallInput<C>) => (await untyped(c, channel, input)) as { ok: true; value: CallOutput<C> } | { ok: false; error: { code: string } };
    const rows = Array.from({ length: 450 }, (_, i) => ({ payload: { current_external_id: `a${i}`, new_external_id: `b${i}` }, plan: i % 100 === 7 ? { error: 'current_not_found' } : { action: 'rename' } }));
    const cs = stageChangeSet(ctx, { kind: 'rename', connectionId, title: 'big', plan: {} }, rows);
    submitChangeSet(ctx, cs.id);
    const page = await dispatch(ctx, 'changesets.rows', { id: cs.id, offset: 400, limit: 200 });
    expect(page.ok && page.value.total).toBe(450);
    expect(page.ok && page.value.rows.map((r) => r.idx)).toEqual(Array.from({ length: 50 }, (_, i) => 400 + i));
    const bad = await dispatch(ctx, 'changesets.rows', { id: cs.id, limit: 5000 });
    expect(!bad.ok && bad.error.code).toBe('invalid_input');
    const missing = await dispatch(ctx, 'changesets.rows', { id: cs.id + 1 });
    expect(!missing.ok && missing.error.code).toBe('unknown_change_set');

    reviewRow(ctx, cs.id, 3, 'rejected', 'no');
    const approved = await dispatch(ctx, 'changesets.approve', { id: cs.id, approveRemaining: true });
    expect(approved.ok && approved.value.state).toBe('approved');
    expect(approved.ok && approved.value.rowCounts).toMatchObject({ total: 450, pending: 0, rejected: 6, approved: 444 });
    const rejected = await dispatch(ctx, 'changesets.rows', { id: cs.id, review: 'rejected', limit: 10 });
    // Row 3 by hand, the rows whose check fails by the server: none of them was loaded.
    expect(rejected.ok && rejected.value).toMatchObject({ total: 6 });
    expect(rejected.ok && rejected.value.rows.map((r) => r.idx)).toEqual([3, 7, 107, 207, 307, 407]);
  });
});
