import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PackedIdentityIndex } from '../../src-shared/resolver/packed-identity-index';
import type { ScannedRecord } from '../store/repos/records';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';

/**
 * The pulled users of a connection as a PackedIdentityIndex (issue 7). Built once from
 * the records — one scan, first holder keeps a shared value, as IdentityIndex does — and
 * saved beside the workspace (WORKSPACE.index/); a change to any record's identity
 * forgets the saved copy (migration 0005), so what is loaded is always what a fresh
 * build would give. Saved copies are derived data: a missing, short or damaged one is
 * built again, and one that cannot be written (a full disk) is simply not kept.
 *
 * Every call returns a fresh index: resolving changes it (backfills, creates).
 */
export function packedIdentityIndex(ctx: ServiceContext, connectionName: string): PackedIdentityIndex {
  const connection = requireConnection(ctx, connectionName);
  const saved = ctx.workspace.identitySnapshots.get(connection.id);
  if (saved) {
    try {
      const bytes = readFileSync(join(snapshotDir(ctx), saved.file));
      if (bytes.length === saved.bytes) return PackedIdentityIndex.fromBytes(bytes);
    } catch {
      // Gone, or from another version: build it again.
    }
  }
  return buildIdentitySnapshot(ctx, connection.id);
}

/**
 * Builds and saves a connection's index; a pull calls it so the first preview is quick,
 * handing over the records it has just read (`scanned`, every record in id order) so
 * they are not read a second time.
 */
export function buildIdentitySnapshot(ctx: ServiceContext, connectionId: number, scanned?: readonly ScannedRecord[]): PackedIdentityIndex {
  let index: PackedIdentityIndex;
  if (scanned) {
    const users = scanned.filter((r) => r.connectionId === connectionId && r.identity);
    index = new PackedIdentityIndex(users.length);
    for (const r of users) index.insertKeepingFirst(r.remoteId, r.email, r.externalId, r.deprecatedExternalIds);
  } else {
    index = new PackedIdentityIndex(ctx.workspace.records.countIdentities(connectionId));
    ctx.workspace.records.eachIdentity(connectionId, (id, email, externalId, deprecated) => index.insertKeepingFirst(id, email, externalId, deprecated));
  }
  return keepIdentitySnapshot(ctx, connectionId, index);
}

/** Saves an index built elsewhere (a pull builds its users' index as it stores them). */
export function keepIdentitySnapshot(ctx: ServiceContext, connectionId: number, index: PackedIdentityIndex): PackedIdentityIndex {
  try {
    save(ctx, connectionId, index);
  } catch {
    // Not kept (a read-only folder, a full disk): the next preview builds it again.
  }
  return index;
}

const snapshotDir = (ctx: ServiceContext) => `${ctx.workspace.path}.index`;

function save(ctx: ServiceContext, connectionId: number, index: PackedIdentityIndex): void {
  const dir = snapshotDir(ctx);
  mkdirSync(dir, { recursive: true });
  const file = `c${connectionId}-${randomUUID()}.bin`;
  const bytes = index.toBytes();
  // Written under a temporary name and renamed: a reader never sees half a file.
  writeFileSync(join(dir, `${file}.tmp`), bytes);
  renameSync(join(dir, `${file}.tmp`), join(dir, file));
  ctx.workspace.transaction(() => ctx.workspace.identitySnapshots.save(connectionId, { file, bytes: bytes.length, users: index.size }, new Date().toISOString()));
  // Earlier copies of this connection's index are stale now.
  for (const old of readdirSync(dir)) if (old.startsWith(`c${connectionId}-`) && old !== file) rmSync(join(dir, old), { force: true });
}
