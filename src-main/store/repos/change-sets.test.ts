import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChangeRow } from '../../../src-shared/model/change-set';
import { APPLICATION_ID } from '../open-database';
import { migrations } from '../migrations';
import { openWorkspace, type Workspace } from '../workspace';
import type { ChangeRowFilter } from './change-sets';

const now = '2026-11-24T10:00:00.000Z';
const dir = () => mkdtempSync(join(tmpdir(), 'rekey-rows-'));

function withChangeSet(rows: number): { ws: Workspace; id: number } {
  const ws = openWorkspace(join(dir(), 'w.rekey'));
  const connectionId = ws.connections.add({ name: 'braze', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, now).id;
  const id = ws.changeSets.create(
    { kind: 'rename', connectionId, title: 't', plan: {}, createdBy: 'test' },
    Array.from({ length: rows }, (_, i) => ({ payload: { i }, plan: { action: 'rename' } })),
    now,
  );
  return { ws, id };
}

/** What a page must hold: every row, filtered in memory. */
const matches = (f: ChangeRowFilter) => (r: ChangeRow) => (!f.review || r.review === f.review) && (!f.result || (f.result === 'none' ? r.result === null : r.result === f.result));

const FILTERS: ChangeRowFilter[] = [{}, { review: 'pending' }, { review: 'approved' }, { review: 'rejected' }, { result: 'applied' }, { result: 'failed' }, { result: 'none' }, { review: 'approved', result: 'failed' }];

describe('a change set a page at a time (issue 22)', () => {
  it('pages and counts rows as filtering every row would, through reviews, results and a re-check', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.record({ idx: fc.nat(59), review: fc.constantFrom('approved', 'rejected', 'pending') as fc.Arbitrary<'approved' | 'rejected' | 'pending'>, result: fc.constantFrom(null, 'applied', 'failed', 'skipped') as fc.Arbitrary<'applied' | 'failed' | 'skipped' | null> }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 70 }),
        fc.integer({ min: 1, max: 25 }),
        fc.boolean(),
        (size, changes, offset, limit, recheck) => {
          const { ws, id } = withChangeSet(size);
          try {
            for (const c of changes) {
              if (c.idx >= size) continue;
              ws.changeSets.reviewRow(id, c.idx, c.review, null, 'test', now);
              if (c.result) ws.changeSets.setRowResult(id, c.idx, c.result, null);
            }
            if (recheck) ws.changeSets.replaceRows(id, Array.from({ length: Math.max(1, size - 3) }, (_, i) => ({ payload: { i }, plan: {} })), {}, now);
            const every = ws.changeSets.rows(id);
            for (const filter of FILTERS) {
              const want = every.filter(matches(filter));
              expect(ws.changeSets.rowsPage(id, filter, offset, limit)).toEqual({ total: want.length, rows: want.slice(offset, offset + limit) });
            }
            const counts = ws.changeSets.get(id)!.rowCounts;
            expect(counts).toEqual({
              total: every.length,
              approved: every.filter((r) => r.review === 'approved').length,
              rejected: every.filter((r) => r.review === 'rejected').length,
              pending: every.filter((r) => r.review === 'pending').length,
              applied: every.filter((r) => r.result === 'applied').length,
              failed: every.filter((r) => r.result === 'failed').length,
            });
          } finally {
            ws.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('counts the rows of change sets staged before the counts were kept (migration 10)', () => {
    const path = join(dir(), 'old.rekey');
    const raw = new Database(path);
    for (const m of migrations.slice(0, 9)) raw.exec(m);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma('user_version = 9');
    raw.prepare("INSERT INTO connections (name, kind, base_url, created_at, updated_at) VALUES ('b', 'braze', 'http://x', ?, ?)").run(now, now);
    raw.prepare("INSERT INTO change_sets (kind, state, connection_id, title, created_by, created_at, updated_at) VALUES ('rename', 'in_review', 1, 't', 'a', ?, ?)").run(now, now);
    const insert = raw.prepare("INSERT INTO change_rows (change_set_id, idx, payload, plan, review, result) VALUES (1, ?, '{}', '{}', ?, ?)");
    for (let i = 0; i < 10; i++) insert.run(i, i < 3 ? 'approved' : i < 5 ? 'rejected' : 'pending', i === 0 ? 'applied' : null);
    raw.close();
    const ws = openWorkspace(path);
    try {
      expect(ws.changeSets.get(1)!.rowCounts).toEqual({ total: 10, approved: 3, rejected: 2, pending: 5, applied: 1, failed: 0 });
      expect(ws.changeSets.rowsPage(1, { review: 'pending' }, 1, 2).rows.map((r) => r.idx)).toEqual([6, 7]);
    } finally {
      ws.close();
    }
  });
});
