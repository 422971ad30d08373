import { PackedIdentityIndex } from '../../src-shared/resolver/packed-identity-index';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';

/**
 * The pulled users of a connection as a PackedIdentityIndex (issue 7). Built once from
 * the records — one scan, first holder keeps a shared value, as IdentityIndex does — and
 * saved in the workspace; a change to any record's identity drops the saved copy
 * (migration 0005), so what is loaded is always what a fresh build would give.
 *
 * Every call returns a fresh index: resolving changes it (backfills, creates).
 */
export function packedIdentityIndex(ctx: ServiceContext, connectionName: string): PackedIdentityIndex {
  const connection = requireConnection(ctx, connectionName);
  const saved = ctx.workspace.identitySnapshots.get(connection.id);
  if (saved) {
    try {
      return PackedIdentityIndex.fromBytes(saved);
    } catch {
      // A copy from another version, or damaged: it is derived data, so build it again.
    }
  }
  return buildIdentitySnapshot(ctx, connection.id);
}

/** Builds and saves a connection's index; a pull calls it so the first preview is quick. */
export function buildIdentitySnapshot(ctx: ServiceContext, connectionId: number): PackedIdentityIndex {
  const index = new PackedIdentityIndex(ctx.workspace.records.countIdentities(connectionId));
  ctx.workspace.records.eachIdentity(connectionId, (id, email, externalId, deprecated) => index.insertKeepingFirst(id, email, externalId, deprecated));
  ctx.workspace.transaction(() => ctx.workspace.identitySnapshots.save(connectionId, index.size, index.toBytes(), new Date().toISOString()));
  return index;
}
