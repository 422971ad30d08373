import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PulledRecord } from '../../src-shared/model/record';
import { linkPersons } from '../../src-shared/persons/link-persons';
import type { PackedIdentityIndex } from '../../src-shared/resolver/packed-identity-index';
import { relinkedKeys, storedKeys } from '../../test/support/relinked-keys';
import { openWorkspace, type Workspace } from '../store/workspace';
import { createServiceContext } from './context';
import { buildIdentitySnapshot } from './identity-snapshot';
import { PullPersons } from './pull-persons';

const now = '2026-12-02T10:00:00.000Z';
const user = (remoteId: string, email: string | null, externalId: string | null, deprecated: string[] = [], status = 'active'): PulledRecord => ({
  remoteId,
  email,
  externalId,
  deprecatedExternalIds: deprecated,
  name: null,
  company: null,
  status,
  raw: {},
});

function workspace(): { ws: Workspace; a: number; b: number } {
  const ws = openWorkspace(join(mkdtempSync(join(tmpdir(), 'rekey-pull-persons-')), 'w.rekey'));
  const a = ws.connections.add({ name: 'a', kind: 'productboard', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, now).id;
  const b = ws.connections.add({ name: 'b', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, now).id;
  return { ws, a, b };
}

/** Two indexes that answer alike: the same users in the same order, each found by its own keys the same way. */
function expectSameIndex(got: PackedIdentityIndex, want: PackedIdentityIndex, ws: Workspace, connectionId: number): void {
  expect(got.size).toBe(want.size);
  for (let u = 0; u < want.size; u++) expect(got.idOf(u)).toBe(want.idOf(u));
  for (const r of ws.records.scanAll().filter((x) => x.connectionId === connectionId)) {
    for (const ext of [r.externalId, ...r.deprecatedExternalIds]) expect(got.resolve(ext, r.email, 'lenient')).toEqual(want.resolve(ext, r.email, 'lenient'));
  }
}

const pause = () => new Promise<void>((done) => setImmediate(done));

/** Few values, so records share them often; case and spaces, which linking folds. */
const email = fc.constantFrom(null, 'ann@x.io', ' ANN@x.io', 'bo@x.io', 'cy@x.io', 'di@x.io');
const ext = fc.constantFrom(null, 'e1', 'e2', ' e2', 'e3', 'e4');
const pulled = (ids: string[]) =>
  fc.record({ remoteId: fc.constantFrom(...ids), email, externalId: ext, deprecated: fc.array(fc.constantFrom('e1', 'e3', 'old'), { maxLength: 1 }), member: fc.boolean() });
const toUser = (p: { remoteId: string; email: string | null; externalId: string | null; deprecated: string[]; member: boolean }) =>
  user(p.remoteId, p.email, p.externalId, p.deprecated, p.member ? 'member' : 'active');

describe('PullPersons: persons and the identity index kept while a pull pages', () => {
  it('ends as a whole relink would: records new, changed, gone and back, pages stored between slices of the scan', async () => {
    const ids = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(pulled(ids), { maxLength: 10 }), // an earlier run of the pulled connection
        fc.array(fc.record({ remoteId: fc.constantFrom('b1', 'b2', 'b3', 'b4'), email, externalId: ext, deprecated: fc.array(fc.constantFrom('e1', 'e2', 'old'), { maxLength: 2 }), member: fc.constant(false) }), { maxLength: 5 }),
        fc.array(fc.array(pulled(ids), { maxLength: 4 }), { maxLength: 5 }), // this run's pages
        fc.boolean(), // the run reads every list whole (so what it did not see is gone)
        fc.integer({ min: 1, max: 4 }), // scan slice
        async (earlier, others, pages, whole, slice) => {
          const { ws, a, b } = workspace();
          ws.transaction(() => {
            ws.records.upsertPage(b, 'rb', others.map(toUser), now);
            ws.records.upsertPage(a, 'r1', earlier.map(toUser), now);
            ws.records.relinkPersons(linkPersons);
          });
          // Some of the earlier run already gone, with their old keys (a merge marks a loser gone).
          if (earlier.length > 2) ws.transaction(() => ws.records.applyMerge(a, { survivor: earlier[0]!.remoteId, losers: [{ id: earlier[1]!.remoteId }], result: { email: earlier[0]!.email, externalId: earlier[0]!.externalId, name: null }, gone: true }, now));
          const persons = new PullPersons(ws, a, 'r2', 0, slice);
          for (const page of pages) {
            await pause();
            ws.transaction(() => persons.stored(ws.records.upsertPage(a, 'r2', page.map(toUser), now)));
          }
          const kept = ws.write({ action: 'connection.pulled', subject: 'a' }, () => persons.finish(whole, now));
          expect(kept).toBeDefined();

          const seen = new Set(pages.flat().map((p) => p.remoteId));
          const before = new Map(ws.records.scanAll().map((r) => [r.remoteId, r]));
          const gone = whole ? [...before.values()].filter((r) => r.connectionId === a && !seen.has(r.remoteId) && r.seenRun !== 'r2') : [];
          for (const r of gone) expect(r.live).toBe(false);
          expect(kept!.pulled).toBe(ws.records.count({ connection: 'a', live: true }));
          expect(storedKeys(ws)).toEqual(relinkedKeys(ws));
          const ctx = createServiceContext(ws, 'cli', {} as never);
          expectSameIndex(persons.identityIndex(), buildIdentitySnapshot(ctx, a), ws, a);
          ws.close();
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('pulls side by side share their persons: each end, mid-run or last, writes what a whole relink would', async () => {
    const ids = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
    const others = ['b1', 'b2', 'b3', 'b4'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(pulled(ids), { maxLength: 8 }), // an earlier run of a
        fc.array(pulled(others), { maxLength: 6 }), // an earlier run of b
        // This run's pages, each stored by a's pull or b's, in the order they commit.
        fc.array(fc.oneof(fc.array(pulled(ids), { maxLength: 3 }).map((page) => ({ pull: 'a' as const, page })), fc.array(pulled(others), { maxLength: 3 }).map((page) => ({ pull: 'b' as const, page }))), { maxLength: 8 }),
        fc.nat(8), // a's end comes after this many pages; b pages on and ends last
        fc.boolean(),
        fc.integer({ min: 1, max: 4 }),
        async (earlierA, earlierB, pages, aEndsAfter, whole, slice) => {
          const { ws, a, b } = workspace();
          ws.transaction(() => {
            ws.records.upsertPage(a, 'r1', earlierA.map(toUser), now);
            ws.records.upsertPage(b, 'r1', earlierB.map(toUser), now);
            ws.records.relinkPersons(linkPersons);
          });
          const pullA = new PullPersons(ws, a, 'ra', 0, slice);
          const pullB = new PullPersons(ws, b, 'rb', 0, slice);
          const end = (pull: PullPersons, name: string) => {
            pull.stop();
            const kept = ws.write({ action: 'connection.pulled', subject: name }, () => pull.finish(whole, now));
            expect(kept).toBeDefined(); // the other pull's pages are no surprise
            expect(storedKeys(ws)).toEqual(relinkedKeys(ws));
          };
          let aEnded = false;
          for (const [i, { pull, page }] of pages.entries()) {
            if (i === aEndsAfter) {
              end(pullA, 'a');
              aEnded = true;
            }
            if (pull === 'a' && aEnded) continue;
            await pause();
            ws.transaction(() => (pull === 'a' ? pullA : pullB).stored(ws.records.upsertPage(pull === 'a' ? a : b, pull === 'a' ? 'ra' : 'rb', page.map(toUser), now)));
          }
          if (!aEnded) end(pullA, 'a');
          end(pullB, 'b');
          ws.close();
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('reads the records again after a page that went through it rolled back', async () => {
    const { ws, a, b } = workspace();
    ws.transaction(() => {
      ws.records.upsertPage(b, 'r1', [user('b1', 'ann@x.io', null)], now);
      ws.records.upsertPage(a, 'r1', [user('u1', 'ANN@x.io', 'e1')], now);
      ws.records.relinkPersons(linkPersons);
    });
    const pullA = new PullPersons(ws, a, 'ra', 0, 1);
    const pullB = new PullPersons(ws, b, 'rb', 0, 1);
    ws.transaction(() => pullB.stored(ws.records.upsertPage(b, 'rb', [user('b1', 'ann@x.io', null)], now)));
    for (let i = 0; i < 4; i++) await pause(); // every record read
    expect(() =>
      ws.transaction(() => {
        pullA.stored(ws.records.upsertPage(a, 'ra', [user('u1', 'zed@x.io', 'e1')], now));
        throw new Error('disk full'); // after the page was taken: none of it is in the file
      }),
    ).toThrow();
    pullA.rolledBack();
    ws.transaction(() => pullB.stored(ws.records.upsertPage(b, 'rb', [user('b2', 'bo@x.io', 'e2')], now)));
    pullA.stop();
    pullB.stop();
    expect(ws.write({ action: 'connection.pulled', subject: 'b' }, () => pullB.finish(true, now))).toEqual({ vanished: 0, pulled: 2 });
    expect(storedKeys(ws)).toEqual(relinkedKeys(ws)); // u1 still holds Ann's email, and b1's person
    expect(new Set(storedKeys(ws).values())).toEqual(new Set([null, 1]));
    ws.close();
  });

  it('marks the connection records this run did not see as gone, and splits the person one of them held together', () => {
    const { ws, a, b } = workspace();
    ws.transaction(() => {
      ws.records.upsertPage(b, 'rb', [user('b1', 'ann@x.io', 'e-bo')], now); // Ann's email, Bo's id: one person of three
      ws.records.upsertPage(a, 'r1', [user('ann', 'ann@x.io', null), user('bo', 'bo@x.io', 'e-bo'), user('cy', 'cy@x.io', null)], now);
      ws.records.relinkPersons(linkPersons);
    });
    const ann = ws.records.scanAll().find((r) => r.remoteId === 'b1')!.id;
    expect(new Set([...storedKeys(ws).values()]).size).toBe(2); // {b1, ann, bo} and cy

    const persons = new PullPersons(ws, a, 'r2');
    ws.transaction(() => persons.stored(ws.records.upsertPage(a, 'r2', [user('ann', 'ann@x.io', null), user('bo', 'bo@x.io', 'e-bo'), user('dee', 'CY@x.io ', null)], now)));
    const kept = ws.write({ action: 'connection.pulled', subject: 'a' }, () => persons.finish(true, now))!;
    expect(kept).toEqual({ vanished: 1, pulled: 3 }); // cy gone
    ws.transaction(() => ws.records.upsertPage(b, 'rb2', [user('b1', 'other@x.io', 'e-bo')], now)); // b1 no longer holds Ann's email…
    const again = new PullPersons(ws, a, 'r3');
    ws.transaction(() => again.stored(ws.records.upsertPage(a, 'r3', [user('ann', 'ann@x.io', null), user('bo', 'bo@x.io', 'e-bo'), user('dee', 'cy@x.io', null)], now)));
    ws.write({ action: 'connection.pulled', subject: 'a' }, () => again.finish(true, now));
    expect(storedKeys(ws)).toEqual(relinkedKeys(ws));
    const byRemote = new Map(ws.records.scanAll().map((r) => [r.remoteId, r]));
    expect(byRemote.get('ann')!.personKey).toBeNull(); // …so Ann is a person of her own again
    expect(byRemote.get('bo')!.personKey).toBe(ann); // Bo still shares b1's id
    expect(byRemote.get('cy')!.live).toBe(false);
    ws.close();
  });

  it('leaves the end to a whole relink when records were written meanwhile, here or by another process', () => {
    const { ws, a, b } = workspace();
    ws.transaction(() => ws.records.upsertPage(b, 'rb', [user('b1', 'x@x.io', 'e-1')], now));
    const here = new PullPersons(ws, a, 'r1');
    ws.transaction(() => here.stored(ws.records.upsertPage(a, 'r1', [user('u1', 'u1@x.io', 'e-1')], now)));
    ws.transaction(() => ws.records.replaceExternalId(b, 'e-1', 'e-2')); // a push mirrored in the local copy
    expect(ws.write({ action: 'connection.pulled', subject: 'a' }, () => here.finish(true, now))).toBeUndefined();

    const elsewhere = new PullPersons(ws, a, 'r2');
    ws.transaction(() => elsewhere.stored(ws.records.upsertPage(a, 'r2', [user('u1', 'u1@x.io', 'e-1')], now)));
    const other = new Database(ws.path);
    other.prepare("UPDATE records SET email = 'u1@x.io', email_norm = 'u1@x.io' WHERE remote_id = 'b1'").run();
    other.close();
    expect(ws.write({ action: 'connection.pulled', subject: 'a' }, () => elsewhere.finish(true, now))).toBeUndefined();
    ws.close();
  });
});
