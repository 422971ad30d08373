import type Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recheckCandidate } from '../../src-shared/merges/candidate-recheck';
import { findDuplicates } from '../../src-shared/merges/find-duplicates';
import type { PulledRecord } from '../../src-shared/model/record';
import { openDatabase } from './open-database';
import { Workspace } from './workspace';

/**
 * The queries a person waits on (issue 22: Users filter, search and person view, Merges,
 * change set views, Audit) read an index or the search index, never every record: each
 * statement a repo prepares is recorded with its parameters and run again under EXPLAIN
 * QUERY PLAN.
 */
let ws: Workspace;
let db: Database.Database;
const seen: { sql: string; args: unknown[] }[] = [];

beforeAll(() => {
  const opened = openDatabase(join(mkdtempSync(join(tmpdir(), 'rekey-plans-')), 'w.rekey'));
  db = opened.db;
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    for (const method of ['all', 'get', 'iterate'] as const) {
      const run = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        seen.push({ sql, args });
        return run(...args);
      };
    }
    return statement;
  }) as typeof db.prepare;
  ws = new Workspace(':plans:', db, 'test', opened.release);
  const now = '2026-11-24T10:00:00.000Z';
  for (const [name, kind] of [['pb', 'productboard'], ['uv', 'uservoice']] as const) {
    const id = ws.connections.add({ name, kind, baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, now).id;
    const page: PulledRecord[] = Array.from({ length: 500 }, (_, i) => ({
      remoteId: `${name}-${i}`,
      email: `ada.novak${i}@acme-robotics.com`,
      externalId: `usr_${10000 + i}`,
      deprecatedExternalIds: i % 50 === 0 ? [`legacy-${i}`] : [],
      name: `Ada Novak ${i}`,
      company: 'acme',
      status: 'active',
      raw: {},
    }));
    ws.transaction(() => ws.records.upsertPage(id, 'run', page, now));
  }
  // What each kind of duplicate candidate starts from, in a system of its own.
  const scim = ws.connections.add({ name: 'scim', kind: 'productboard-scim', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, now).id;
  const person = (remoteId: string, email: string | null, externalId: string | null, name: string): PulledRecord => ({ remoteId, email, externalId, deprecatedExternalIds: [], name, company: 'acme', status: 'active', raw: {} });
  ws.transaction(() =>
    ws.records.upsertPage(scim, 'run', [person('s-detached', null, 'legacy-50', 'Ada'), person('s-holder', 'ada.novak50@acme-robotics.com', 'acct-50', 'Ada Novak 50'), person('s-variant', 'Ada.Novak5@acme-robotics.com', 'usr_10005', 'Ada Novak 5'), person('s-name', 'x@y.io', 'usr_10007', 'A. Novak')], now),
  );
  const uv = ws.connections.byName('uv')!.id;
  ws.transaction(() => ws.records.upsertPage(uv, 'run', [{ ...person('uv-stale', 'old@acme-robotics.com', null, 'Old'), raw: { external_users: [{ id: 'x1', email: 'ada.novak9@acme-robotics.com' }] } }], now));
  ws.changeSets.create(
    { kind: 'rename', connectionId: scim, title: 'big', plan: {}, createdBy: 'test' },
    Array.from({ length: 2000 }, (_, i) => ({ payload: { current_external_id: `usr_${i}` }, plan: { action: 'rename' } })),
    now,
  );
  for (let i = 0; i < 2000; i += 3) ws.changeSets.reviewRow(1, i, i % 2 ? 'approved' : 'rejected', null, 'test', now);
  db.exec('ANALYZE');
});
afterAll(() => ws.close());

/** The plans of the statements `work` ran, one line per step. */
function plansOf(work: () => unknown): string[][] {
  seen.length = 0;
  work();
  // The connection's id by its name: a table of a few rows.
  return seen.filter(({ sql }) => !sql.startsWith('SELECT id FROM connections')).map(({ sql, args }) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail));
}

/** A step that reads every row of a big table. */
const FULL_SCAN = /^SCAN (r|records|audit_log|change_rows)\b/;
/** A window that sorts what it selects before taking its rows reads all of them first. */
const SORT = /TEMP B-TREE FOR ORDER BY/;

describe('query plans of the screens a person waits on', () => {
  it('Users: a search goes through the search index, filtered or not', () => {
    for (const q of [{ search: 'novak12' }, { search: 'usr_100', connection: 'pb' }, { search: 'Ada Novak 7', status: 'active' as const }]) {
      const plans = plansOf(() => ws.records.query({ ...q, offset: 0, limit: 200 }));
      expect(plans.length).toBe(2); // the count and the window
      for (const plan of plans) {
        expect(plan.some((step) => /records_search VIRTUAL TABLE INDEX/.test(step)), plan.join(' | ')).toBe(true);
        expect(plan.filter((step) => FULL_SCAN.test(step) || SORT.test(step)), plan.join(' | ')).toEqual([]);
      }
    }
    expect(ws.records.query({ search: 'novak12', offset: 0, limit: 200 }).total).toBe(2 * 11); // novak12, novak120…novak129
    expect(ws.records.query({ search: 'usr_1049', connection: 'uv', offset: 0, limit: 200 }).rows.map((r) => r.remoteId)).toEqual(['uv-490', 'uv-491', 'uv-492', 'uv-493', 'uv-494', 'uv-495', 'uv-496', 'uv-497', 'uv-498', 'uv-499']);
  });

  it('Users: one system, first window, without sorting its records', () => {
    const [count, window] = plansOf(() => ws.records.query({ connection: 'uv', offset: 0, limit: 200 }));
    expect(window!.filter((step) => FULL_SCAN.test(step) || SORT.test(step)), window!.join(' | ')).toEqual([]);
    expect(count!.join(' | ')).toMatch(/SEARCH r USING COVERING INDEX records_connection/);
  });

  it('Users: a person view reads the person’s records by key (and sorts only those)', () => {
    const key = ws.records.one('pb', 'pb-3')!.personKey;
    for (const plan of plansOf(() => ws.records.person(key))) expect(plan.filter((step) => FULL_SCAN.test(step)), plan.join(' | ')).toEqual([]);
  });

  it('Merges: finding duplicates groups over indexes, and looks owners up by email', () => {
    const plans = plansOf(() => findDuplicates(ws.records.mergeSource()));
    const groups = plans.filter((p) => p.some((step) => /GROUP BY|records_live_(email|external_id)/.test(step)));
    expect(groups.length).toBe(2);
    for (const plan of groups) expect(plan.join(' | ')).toMatch(/SEARCH records USING COVERING INDEX records_live_(email|external_id)/);
  });

  it('Merges: opening one candidate re-checks it through indexes, never reading every record', () => {
    const candidates = findDuplicates(ws.records.mergeSource());
    expect(new Set(candidates.map((c) => c.kind))).toEqual(new Set(['detached_user', 'case_variant_email', 'diverging_fields', 'stale_attachment']));
    for (const candidate of candidates) {
      let again: unknown;
      const plans = plansOf(() => (again = recheckCandidate(candidate.key, (focus) => ws.records.mergeSource(focus))));
      expect(again).toEqual(candidate);
      for (const plan of plans) expect(plan.filter((step) => FULL_SCAN.test(step) || (/records_search/.test(step) && !/:M/.test(step))), `${candidate.key}: ${plan.join(' | ')}`).toEqual([]);
    }
    // A merge names its records by remote id, external id (or a deprecated one) or email.
    for (const ref of ['pb-7', 'usr_10007', 'legacy-50', 'Ada.Novak7@acme-robotics.com']) {
      const plans = plansOf(() => expect(ws.records.mergeRecordsByRef('pb', ref).map((r) => r.remoteId)).toContain(ref === 'legacy-50' ? 'pb-50' : 'pb-7'));
      for (const plan of plans) expect(plan.filter((step) => FULL_SCAN.test(step) || (/records_search/.test(step) && !/:M/.test(step))), `${ref}: ${plan.join(' | ')}`).toEqual([]);
    }
  });

  it('Audit and change set views: a page by key, its counts read not counted', () => {
    for (const plan of plansOf(() => ws.audit.list(200, 1000))) expect(plan.filter((step) => FULL_SCAN.test(step)), plan.join(' | ')).toEqual([]);
    const filters = [{}, { review: 'pending' as const }, { review: 'approved' as const }, { result: 'none' as const }];
    for (const filter of filters) {
      const plans = plansOf(() => ws.changeSets.rowsPage(1, filter, 1200, 200));
      for (const plan of plans) expect(plan.filter((step) => FULL_SCAN.test(step) || SORT.test(step)), plan.join(' | ')).toEqual([]);
    }
    for (const plan of plansOf(() => ws.changeSets.get(1))) expect(plan.filter((step) => FULL_SCAN.test(step) || /change_rows/.test(step)), plan.join(' | ')).toEqual([]);
  });
});
