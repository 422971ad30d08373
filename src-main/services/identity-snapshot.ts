import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writev } from 'node:fs';
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

/**
 * Starts writing an index's file in the background (one writev on libuv's pool, from the
 * index's own arrays), so a pull's closing transaction runs while the bytes go to disk.
 * `keep()` then names it the connection's snapshot; `drop()` removes it (the index turned
 * out not to be the one to keep). A file that cannot be written is simply not kept.
 */
export function writeIdentitySnapshot(ctx: ServiceContext, connectionId: number, index: PackedIdentityIndex): { keep: () => Promise<void>; drop: () => Promise<void> } {
  const dir = snapshotDir(ctx);
  const file = `c${connectionId}-${randomUUID()}.bin`;
  const temporary = join(dir, `${file}.tmp`);
  let written: Promise<number | undefined>;
  try {
    mkdirSync(dir, { recursive: true });
    written = writeParts(temporary, index.toByteParts()).catch(() => undefined);
  } catch {
    // Not opened (a read-only folder): not kept.
    written = Promise.resolve(undefined);
  }
  return {
    keep: async () => {
      const bytes = await written;
      if (bytes === undefined) return void rmSync(temporary, { force: true });
      try {
        renameSync(temporary, join(dir, file));
        record(ctx, connectionId, file, bytes, index.size);
      } catch {
        // Not kept: the next preview builds it again.
      }
    },
    drop: async () => {
      await written;
      rmSync(temporary, { force: true });
    },
  };
}

/**
 * Writes the parts one after another to a new file; resolves to the bytes written. The file
 * is opened here, synchronously, so the write is on the pool before this returns: the caller's
 * synchronous work that follows does not hold it back.
 */
function writeParts(path: string, parts: Uint8Array[]): Promise<number> {
  const fd = openSync(path, 'w');
  return new Promise<number>((resolve, reject) => {
    let total = 0;
    const next = (left: Uint8Array[]) => {
      if (!left.length) return resolve(total);
      writev(fd, left, (error, written) => {
        if (error) return reject(error);
        total += written;
        // writev may write less than asked: the rest is written again.
        let skip = written;
        const rest: Uint8Array[] = [];
        for (const part of left) {
          if (skip >= part.byteLength) skip -= part.byteLength;
          else {
            rest.push(skip ? part.subarray(skip) : part);
            skip = 0;
          }
        }
        next(rest);
      });
    };
    next(parts);
  }).finally(() => closeSync(fd));
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
  record(ctx, connectionId, file, bytes.length, index.size);
}

/** Names a written file the connection's snapshot; earlier copies of its index are stale now. */
function record(ctx: ServiceContext, connectionId: number, file: string, bytes: number, users: number): void {
  const dir = snapshotDir(ctx);
  ctx.workspace.transaction(() => ctx.workspace.identitySnapshots.save(connectionId, { file, bytes, users }, new Date().toISOString()));
  for (const old of readdirSync(dir)) if (old.startsWith(`c${connectionId}-`) && old !== file) rmSync(join(dir, old), { force: true });
}
