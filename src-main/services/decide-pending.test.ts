import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandRowRanges } from '../../src-shared/changesets/row-ranges';
import { openWorkspace } from '../store/workspace';
import { approveChangeSet, decidePendingRows, planError, reviewRows, stageChangeSet, submitChangeSet } from './change-sets';
import { createServiceContext, type ServiceContext } from './context';

/** A row's plan: most succeed, some carry an error or a code, some a code that is not text. */
const planArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ action: 'rename' }) },
  { weight: 1, arbitrary: fc.constantFrom('same_id', 'current_not_found').map((error) => ({ error })) },
  { weight: 1, arbitrary: fc.constantFrom('email_taken_by_other_external_id').map((code) => ({ action: 'create', code })) },
  { weight: 1, arbitrary: fc.constant({ error: null, code: 'same_id' }) },
  { weight: 1, arbitrary: fc.constant({ error: 7, code: 'same_id' }) },
  { weight: 1, arbitrary: fc.constant({ action: 'rename', code: 3 }) },
);
/** What the reviewer decided by hand before approving the rest. */
const earlierArb = fc.constantFrom('pending', 'approved', 'rejected');

function workspaceWith(plans: Record<string, unknown>[], earlier: string[]): { ctx: ServiceContext; id: number; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rekey-decide-'));
  const ctx = createServiceContext(openWorkspace(join(dir, 'w.rekey')), 'cli');
  const connectionId = ctx.workspace.connections.add({ name: 'braze', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
  const cs = stageChangeSet(
    ctx,
    { kind: 'rename', connectionId, title: 'prop', windowDays: 30, plan: { swaps: [] } },
    plans.map((plan, i) => ({ payload: { current_external_id: `c${i}`, new_external_id: `n${i}` }, plan })),
  );
  submitChangeSet(ctx, cs.id);
  reviewRows(
    ctx,
    cs.id,
    earlier.flatMap((review, idx) => (review === 'pending' ? [] : [{ idx, review: review as 'approved' | 'rejected', comment: `by hand ${idx}` }])),
  );
  return { ctx, id: cs.id, done: () => (ctx.workspace.close(), rmSync(dir, { recursive: true, force: true })) };
}

const endState = (ctx: ServiceContext, id: number) => ({
  set: (({ state, rowCounts }) => ({ state, rowCounts }))(ctx.workspace.changeSets.get(id)!),
  rows: ctx.workspace.changeSets.rows(id).map(({ idx, review, reviewComment, reviewedBy }) => ({ idx, review, reviewComment, reviewedBy })),
});

describe('approving every pending row at once', () => {
  it('ends where deciding the same rows one by one ends, and its one audit entry names every row it decided', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(planArb, earlierArb), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        (spec, page) => {
          const plans = spec.map(([plan]) => plan);
          const earlier = spec.map(([, review]) => review);
          // Row by row: the decisions a reviewer would make for each pending row, then the approval.
          const byRow = workspaceWith(plans, earlier);
          const bulk = workspaceWith(plans, earlier);
          try {
            const pending = byRow.ctx.workspace.changeSets.rows(byRow.id).filter((r) => r.review === 'pending');
            const decisions = pending.map((row) => {
              const error = planError(row);
              return { idx: row.idx, review: error ? ('rejected' as const) : ('approved' as const), comment: error ? `fails its check: ${error}` : null, error };
            });
            let expected: unknown;
            try {
              byRow.ctx.workspace.transaction(() => {
                reviewRows(byRow.ctx, byRow.id, decisions);
                approveChangeSet(byRow.ctx, byRow.id);
              });
            } catch (e) {
              expected = (e as { code?: string }).code;
            }
            const entriesBefore = bulk.ctx.workspace.audit.count();
            let got: unknown;
            try {
              // The app's call; or the same steps with pages of a few rows, so paging is crossed.
              if (page === 7) approveChangeSet(bulk.ctx, bulk.id, { approveRemaining: true });
              else
                bulk.ctx.workspace.transaction(() => {
                  decidePendingRows(bulk.ctx, bulk.id, page);
                  approveChangeSet(bulk.ctx, bulk.id);
                });
            } catch (e) {
              got = (e as { code?: string }).code;
            }
            expect(got).toBe(expected);
            expect(endState(bulk.ctx, bulk.id)).toEqual(endState(byRow.ctx, byRow.id));
            if (expected) {
              expect(bulk.ctx.workspace.audit.count()).toBe(entriesBefore); // nothing kept
              return;
            }
            const entry = bulk.ctx.workspace.audit.list(2).find((e) => e.action === 'changeset.rows_decided');
            if (pending.length === 0) {
              expect(entry).toBeUndefined();
              return;
            }
            const detail = entry!.detail as { approved: number; approvedRows: string; rejected: number; rejectedRows: Record<string, string> };
            expect(expandRowRanges(detail.approvedRows)).toEqual(decisions.filter((d) => d.review === 'approved').map((d) => d.idx));
            const rejected = Object.entries(detail.rejectedRows).flatMap(([code, ranges]) => expandRowRanges(ranges).map((idx) => `${idx} ${code}`));
            expect(rejected.sort()).toEqual(decisions.filter((d) => d.error).map((d) => `${d.idx} ${d.error}`).sort());
            expect(detail.approved + detail.rejected).toBe(pending.length);
          } finally {
            byRow.done();
            bulk.done();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
