import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PulledRecord } from '../../../src-shared/model/record';
import { openWorkspace, type Workspace } from '../workspace';
import { renameChainSql } from './pushed-renames';

let ws: Workspace;
let file: string;
let pb: number;
let uv: number;
let braze: number;
const now = '2026-11-24T10:00:00.000Z';

const rec = (remoteId: string, externalId: string | null): PulledRecord => ({ remoteId, email: `${remoteId}@x.io`, externalId, deprecatedExternalIds: [], name: null, company: null, status: 'active', raw: {} });

/** A rename change set on a connection, its rows pushed one after the other. */
function pushed(connectionId: number, renames: [string, string][], at: string): number {
  const id = ws.changeSets.create({ kind: 'rename', connectionId, title: 't', plan: {}, createdBy: 'test' }, renames.map(([a, b]) => ({ payload: { current_external_id: a, new_external_id: b }, plan: { action: 'rename' } })), at);
  renames.forEach(([oldId, newId], rowIdx) => ws.pushedRenames.record({ connectionId, oldId, newId, changeSetId: id, rowIdx, pushedAt: at }));
  return id;
}

const ends = (connectionId: number, keepsOld = false) => Object.fromEntries(ws.pushedRenames.chains(connectionId, keepsOld).map((c) => [c.oldId, c.newId]));

beforeEach(() => {
  file = join(mkdtempSync(join(tmpdir(), 'rekey-renamed-')), 'w.rekey');
  ws = openWorkspace(file);
  pb = ws.connections.add({ name: 'pb', kind: 'productboard', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, now).id;
  uv = ws.connections.add({ name: 'uv', kind: 'uservoice', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, now).id;
  braze = ws.connections.add({ name: 'braze', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, now).id;
});

describe('pushed renames', () => {
  it('follows a chain pushed in two change sets to the id it ends on, dated by the first rename', () => {
    const first = pushed(pb, [['a', 'b'], ['x', 'y']], '2026-11-01T09:00:00.000Z');
    pushed(pb, [['b', 'c']], '2026-11-10T09:00:00.000Z');
    expect(ends(pb)).toEqual({ a: 'c', b: 'c', x: 'y' });
    expect(ws.pushedRenames.chainOf(pb, 'a')).toMatchObject({ oldId: 'a', newId: 'c', pushedAt: '2026-11-01T09:00:00.000Z', changeSetId: first, steps: 2 });
    expect(ws.pushedRenames.chainOf(pb, 'c')).toBeUndefined();
    // Renames are per connection.
    expect(ends(uv)).toEqual({});
  });

  it('follows only renames pushed after the step before, and stops on a ring', () => {
    // c→d was pushed before a→b→c: a ends on c, not d.
    pushed(pb, [['c', 'd']], '2026-11-01T09:00:00.000Z');
    pushed(pb, [['a', 'b'], ['b', 'c']], '2026-11-02T09:00:00.000Z');
    expect(ends(pb)).toMatchObject({ a: 'c', c: 'd' });
    // Renamed away and back: p is current again, so it is not flagged; q→p→q ends where it began.
    pushed(pb, [['p', 'q']], '2026-11-03T09:00:00.000Z');
    pushed(pb, [['q', 'p']], '2026-11-04T09:00:00.000Z');
    for (let i = 0; i < 40; i++) pushed(pb, [i % 2 ? ['q', 'p'] : ['p', 'q']], `2026-11-05T09:00:${String(i).padStart(2, '0')}.000Z`);
    const all = ends(pb);
    expect(all.p).toBeUndefined();
    expect(all.q).toBe('p');
  });

  it('leaves out an old id a live user holds again, except in UserVoice, which keeps the old external user', () => {
    pushed(pb, [['a', 'b'], ['m', 'n']], now);
    pushed(uv, [['a', 'b']], now);
    ws.records.upsertPage(pb, 'run', [rec('1', 'b'), rec('2', 'm')], now);
    ws.records.upsertPage(uv, 'run', [rec('9', 'a')], now);
    expect(ends(pb)).toEqual({ a: 'b' });
    expect(ends(uv, true)).toEqual({ a: 'b' });
    expect(ends(uv, false)).toEqual({});
  });

  it('names the migration window a Braze-style rename opened', () => {
    const cs = pushed(braze, [['a', 'b']], now);
    ws.windows.open({ connectionId: braze, oldId: 'a', newId: 'b', userRef: null, changeSetId: cs, openedAt: now, closesAt: '2026-12-24T10:00:00.000Z' });
    expect(ws.pushedRenames.chainOf(braze, 'a')).toMatchObject({ windowClosesAt: '2026-12-24T10:00:00.000Z', windowClosedAt: null });
    ws.windows.close(braze, 'a', '2026-12-01T00:00:00.000Z');
    expect(ws.pushedRenames.chainOf(braze, 'a')).toMatchObject({ windowClosedAt: '2026-12-01T00:00:00.000Z' });
  });

  it('records a pushed row once, however often the push is finished again', () => {
    const cs = pushed(pb, [['a', 'b']], now);
    ws.pushedRenames.record({ connectionId: pb, oldId: 'a', newId: 'b', changeSetId: cs, rowIdx: 0, pushedAt: '2027-01-01T00:00:00.000Z' });
    expect(ws.pushedRenames.chains(pb)).toEqual([expect.objectContaining({ oldId: 'a', pushedAt: now })]);
  });

  it('walks the chain by the (connection, old id) index, never scanning every rename or record', () => {
    for (let i = 0; i < 200; i++) pushed(pb, [[`old-${i}`, `new-${i}`]], now);
    ws.close();
    const db = new Database(file, { readonly: true });
    try {
      for (const oneId of [true, false]) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${renameChainSql(oneId)}`).all({ connection: pb, oldId: 'old-1', keepsOld: 0 }) as { detail: string }[]).map((r) => r.detail);
        expect(plan.filter((s) => /^SCAN (pushed_renames|records|x|r|f|w|rec)\b/.test(s)), plan.join(' | ')).toEqual([]);
        expect(plan.join(' | ')).toMatch(/pushed_renames_old/);
        expect(plan.join(' | ')).toMatch(/SEARCH w USING INDEX migration_windows_old \(connection_id=\? AND old_id=\?\)/);
      }
    } finally {
      db.close();
      ws = openWorkspace(file);
    }
  });
});

describe('migration 0011', () => {
  it('copies the renames pushed before it, from applied rename rows', () => {
    const cs = ws.changeSets.create({ kind: 'rename', connectionId: pb, title: 't', plan: {}, createdBy: 'test' }, [
      { payload: { current_external_id: 'a', new_external_id: 'b' }, plan: { action: 'rename' } },
      { payload: { current_external_id: 'e', new_external_id: 'f' }, plan: { action: 'rename' } },
    ], now);
    ws.changeSets.setRowResult(cs, 0, 'applied', null);
    ws.changeSets.setRowResult(cs, 1, 'failed', 'no');
    ws.close();
    const db = new Database(file);
    // Back to the schema before migration 11: what 11 and every later one added goes.
    db.exec('DROP TABLE pushed_renames; DROP INDEX migration_windows_old; ALTER TABLE pull_state DROP COLUMN full_since');
    db.pragma('user_version = 10');
    db.close();
    ws = openWorkspace(file);
    expect(ends(pb)).toEqual({ a: 'b' });
  });
});
