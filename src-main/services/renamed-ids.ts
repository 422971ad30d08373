import type { RenamedId } from '../../src-shared/model/renamed-id';
import { CHUNK_ROWS, TextChunkBuilder, TextColumns, type TextChunk } from '../../src-shared/resolver/text-columns';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import type { IncomingRow } from './import-columns';

/** Old external id → where pushed renames took it, for one connection. */
export type RenamedIds = ReadonlyMap<string, RenamedId>;

/**
 * The old ids of a connection that pushed renames replaced (issue 19 item 5), each with
 * the id its chain ends on and, for a Braze-style connection, until when its migration
 * window keeps the old id working. A rename pushed as a chain (a→b, then b→c) maps a to c.
 */
export function renamedIdsOf(ctx: ServiceContext, connectionName: string, now = new Date()): RenamedIds {
  const connection = requireConnection(ctx, connectionName);
  const ids = new Map<string, RenamedId>();
  const today = now.toISOString();
  for (const c of ctx.workspace.pushedRenames.chains(connection.id, connection.kind === 'uservoice')) {
    const open = c.windowClosesAt !== null && c.windowClosedAt === null && c.windowClosesAt > today;
    ids.set(c.oldId, {
      from: c.oldId,
      to: c.newId,
      on: c.pushedAt,
      changeSet: c.changeSetId,
      steps: c.steps,
      connection: connection.name,
      system: connection.kind,
      resolvesUntil: open ? c.windowClosesAt : null,
    });
  }
  return ids;
}

/** The renamed id a row names, if any (ids are compared trimmed, case kept: SPEC §3). */
export const renamedIdOf = (ids: RenamedIds, externalId: string | null): RenamedId | undefined => (externalId && ids.size ? ids.get(externalId.trim()) : undefined);

/**
 * A parsed chunk's rows that name a renamed id: `found(row, r)` for each, and the chunk
 * with the cells of those rows `rewrite(row)` says yes to replaced by the new id (the
 * chunk as it was when nothing is replaced, so the common case copies nothing).
 */
export function scanChunk(chunk: TextChunk, width: number, column: number, ids: RenamedIds, rewrite: (row: number) => boolean, found: (row: number, r: RenamedId) => void): TextChunk {
  if (ids.size === 0) return chunk;
  const cell = (row: number, c: number): string | null => {
    const at = row * width + c;
    const length = chunk.lengths[at]!;
    return length < 0 ? null : chunk.text.substring(chunk.starts[at]!, chunk.starts[at]! + length);
  };
  const hits = new Map<number, RenamedId>();
  for (let row = 0; row < chunk.rows; row++) {
    const r = renamedIdOf(ids, cell(row, column));
    if (r) {
      found(row, r);
      if (rewrite(row)) hits.set(row, r);
    }
  }
  if (hits.size === 0) return chunk;
  const builder = new TextChunkBuilder(width);
  for (let row = 0; row < chunk.rows; row++) {
    for (let c = 0; c < width; c++) builder.push(c === column && hits.has(row) ? hits.get(row)!.to : cell(row, c));
  }
  return builder.take();
}

/** Rows given as objects (a staged file): those naming a renamed id take the new one and keep where it came from. */
export function rewriteRenamedRows(ids: RenamedIds, rows: readonly IncomingRow[]): IncomingRow[] {
  return rows.map((row) => {
    const r = renamedIdOf(ids, row.externalId);
    return r ? { ...row, externalId: r.to, renamedFrom: r } : row;
  });
}

/** Rows planned for one connection: the ids it was planned with, and the rows naming its renamed-away ids. */
export interface ConnectionRows {
  rows: TextColumns;
  renamed: ReadonlyMap<number, RenamedId>;
  rewritten: ReadonlySet<number>;
}

/**
 * Rows already read, looked at with one connection's renames (issue 19: renames are per
 * connection): its renamed-away ids flagged, and with `rewrite` replaced by their new ids
 * in a copy of only the chunks that hold one. Nothing renamed: the same table, not copied.
 */
export function renamedColumns(columns: TextColumns, column: number, ids: RenamedIds, rewrite: boolean): ConnectionRows {
  const renamed = new Map<number, RenamedId>();
  const rewritten = new Set<number>();
  if (ids.size === 0) return { rows: columns, renamed, rewritten };
  const out = new TextColumns(columns.width);
  for (let at = 0; at < columns.rows; at += CHUNK_ROWS) {
    out.append(
      scanChunk(columns.chunkOf(at), columns.width, column, ids, () => rewrite, (row, r) => {
        renamed.set(at + row, r);
        if (rewrite) rewritten.add(at + row);
      }),
    );
  }
  return { rows: rewritten.size ? out : columns, renamed, rewritten };
}

/** The rows with the ids the file gave back where a rewrite replaced them (`from` of each rewritten row). */
export function idsAsRead(columns: TextColumns, column: number, renamed: ReadonlyMap<number, RenamedId>, rewritten: ReadonlySet<number>): TextColumns {
  if (rewritten.size === 0) return columns;
  const out = new TextColumns(columns.width);
  for (let at = 0; at < columns.rows; at += CHUNK_ROWS) {
    const chunk = columns.chunkOf(at);
    // Only the rows the rewrite touched go back: another row may name the new id itself.
    let touched = false;
    for (let row = 0; row < chunk.rows && !touched; row++) touched = rewritten.has(at + row);
    if (!touched) {
      out.append(chunk);
      continue;
    }
    const builder = new TextChunkBuilder(columns.width);
    for (let row = 0; row < chunk.rows; row++) {
      for (let c = 0; c < columns.width; c++) builder.push(c === column && rewritten.has(at + row) ? renamed.get(at + row)!.from : columns.get(at + row, c));
    }
    out.append(builder.take());
  }
  return out;
}
