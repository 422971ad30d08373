import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PulledRecord } from '../../src-shared/model/record';
import { openWorkspace } from '../store/workspace';
import { createServiceContext, type ServiceContext } from './context';
import { buildIdentitySnapshot, packedIdentityIndex, writeIdentitySnapshot } from './identity-snapshot';

let ctx: ServiceContext;
let id: number;
const record = (remoteId: string, email: string, externalId: string | null): PulledRecord => ({ remoteId, email, externalId, deprecatedExternalIds: [], name: null, company: null, status: 'active', raw: {} });
const pulled = (...records: PulledRecord[]) => ctx.workspace.transaction(() => ctx.workspace.records.upsertPage(id, 'run', records, 'now'));
const userOf = (email: string) => {
  const index = packedIdentityIndex(ctx, 'pb');
  const v = index.resolve(null, email, 'strict');
  return v.action === 'match' ? index.idOf(v.user!) : v.action;
};

beforeEach(() => {
  ctx = createServiceContext(openWorkspace(join(mkdtempSync(join(tmpdir(), 'rekey-snapshot-')), 'w.rekey')), 'cli');
  id = ctx.workspace.connections.add({ name: 'pb', kind: 'productboard', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
  pulled(record('u1', 'ann@x.io', 'e-ann'), record('u2', 'bo@x.io', null));
});

describe('saved identity index (issue 7)', () => {
  it('is built once, saved, and loaded after that', () => {
    expect(ctx.workspace.identitySnapshots.has(id)).toBe(false);
    expect(userOf('ANN@x.io')).toBe('u1');
    expect(ctx.workspace.identitySnapshots.has(id)).toBe(true);
    expect(userOf('bo@x.io')).toBe('u2');
  });

  it('is dropped by any change to a record identity, and only then', () => {
    userOf('ann@x.io');
    pulled(record('u1', 'ann@x.io', 'e-ann')); // the same values again: still valid
    expect(ctx.workspace.identitySnapshots.has(id)).toBe(true);
    pulled(record('u1', 'ann@new.io', 'e-ann'));
    expect(ctx.workspace.identitySnapshots.has(id)).toBe(false);
    expect(userOf('ann@new.io')).toBe('u1');
    expect(userOf('ann@x.io')).toBe('create');

    ctx.workspace.transaction(() => ctx.workspace.records.applyRename(id, 'e-ann', 'e-ann-2'));
    expect(ctx.workspace.identitySnapshots.has(id)).toBe(false);
    const index = packedIdentityIndex(ctx, 'pb');
    expect(index.resolve('e-ann', null, 'strict')).toMatchObject({ action: 'match', matchedBy: 'deprecated_external_id' });

    pulled(record('u3', 'cy@x.io', null)); // a new record
    expect(ctx.workspace.identitySnapshots.has(id)).toBe(false);
    expect(userOf('cy@x.io')).toBe('u3');
  });

  it('is built again when the saved bytes are damaged', () => {
    userOf('ann@x.io');
    const { file, bytes } = ctx.workspace.identitySnapshots.get(id)!;
    const path = join(`${ctx.workspace.path}.index`, file);
    writeFileSync(path, Buffer.alloc(bytes, 7)); // same size, wrong bytes
    expect(userOf('ann@x.io')).toBe('u1');
    expect(ctx.workspace.identitySnapshots.get(id)!.file).not.toBe(file);
    expect(existsSync(path)).toBe(false); // the damaged copy is cleared away
    rmSync(join(`${ctx.workspace.path}.index`, ctx.workspace.identitySnapshots.get(id)!.file)); // gone altogether
    expect(userOf('bo@x.io')).toBe('u2');
  });

  it('is the same index whether built from the records a pull has just read or by its own scan', () => {
    const other = ctx.workspace.connections.add({ name: 'scim', kind: 'productboard-scim', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
    ctx.workspace.transaction(() => {
      ctx.workspace.records.upsertPage(other, 'run', [record('s1', 'ann@x.io', 'e-other')], 'now'); // another connection's user
      ctx.workspace.records.upsertPage(id, 'run', [
        { ...record('u3', 'ANN@x.io', 'e-3'), deprecatedExternalIds: ['e-ann', 'old-3'] }, // shares u1's email and id: first holder keeps them
        { ...record('m1', 'cy@x.io', null), status: 'member' }, // a team member, not a user
        record('u4', 'gone@x.io', 'e-gone'),
      ], 'now');
    });
    ctx.workspace.transaction(() => ctx.workspace.records.markVanished(id, 'run', 'now')); // nothing vanished yet: all seen in 'run'
    ctx.workspace.transaction(() => ctx.workspace.records.upsertPage(id, 'run2', [record('u1', 'ann@x.io', 'e-ann'), record('u2', 'bo@x.io', null), { ...record('u3', 'ANN@x.io', 'e-3'), deprecatedExternalIds: ['e-ann', 'old-3'] }, { ...record('m1', 'cy@x.io', null), status: 'member' }], 'now'));
    ctx.workspace.transaction(() => ctx.workspace.records.markVanished(id, 'run2', 'now')); // u4 vanished

    const fromScan = buildIdentitySnapshot(ctx, id);
    const fromPull = buildIdentitySnapshot(ctx, id, ctx.workspace.records.scanAll());
    expect(fromPull.size).toBe(3);
    expect(Buffer.from(fromPull.toBytes()).equals(Buffer.from(fromScan.toBytes()))).toBe(true);
    expect(userOf('gone@x.io')).toBe('create');
    expect(userOf('cy@x.io')).toBe('create');
    expect(userOf('ann@x.io')).toBe('u1');
  });

  it('is written in the background from the index\'s own arrays, the same bytes, and kept or dropped', async () => {
    const index = buildIdentitySnapshot(ctx, id);
    const dir = `${ctx.workspace.path}.index`;
    const dropped = writeIdentitySnapshot(ctx, id, index);
    await dropped.drop();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    ctx.workspace.transaction(() => ctx.workspace.records.upsertPage(id, 'run', [record('u3', 'cy@x.io', null)], 'now')); // the saved copy is stale now
    expect(ctx.workspace.identitySnapshots.has(id)).toBe(false);
    const fresh = buildIdentitySnapshot(ctx, id);
    const before = ctx.workspace.identitySnapshots.get(id)!.file;
    const kept = writeIdentitySnapshot(ctx, id, fresh);
    await kept.keep();
    const saved = ctx.workspace.identitySnapshots.get(id)!;
    expect(saved.file).not.toBe(before);
    expect(readdirSync(dir)).toEqual([saved.file]); // earlier copies cleared away
    expect(Buffer.from(readFileSync(join(dir, saved.file))).equals(Buffer.from(fresh.toBytes()))).toBe(true);
    expect(userOf('cy@x.io')).toBe('u3');
  });
});
