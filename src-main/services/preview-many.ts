import type { RenamedId } from '../../src-shared/model/renamed-id';
import type { ResolveMode } from '../../src-shared/resolver';
import type { TextColumns } from '../../src-shared/resolver/text-columns';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import { EXTERNAL_ID, planRows, type ModePlan } from './import-plan';
import { previewImport, previewRow, type ImportPreview } from './preview';
import { idsAsRead, renamedColumns, renamedIdsOf } from './renamed-ids';

/** One file previewed into several connections: read once, planned per connection. */
export interface ManyPreview {
  preview: ImportPreview;
  mode: ResolveMode;
  connections: string[];
  /** Each connection's kind of system (what it does with an import differs). */
  kinds: Record<string, string>;
  plans: Record<string, ModePlan>;
  /** Per connection: the rows as planned there (with its own new ids where old ones were mapped). */
  rows: Record<string, TextColumns>;
  /** Per connection: rows naming an external id a rename pushed to THAT connection replaced, by row. */
  renamed: Record<string, ReadonlyMap<number, RenamedId>>;
  /** Per connection: those of them planned with the new id. */
  rewritten: Record<string, ReadonlySet<number>>;
}

/**
 * Previews one file into every chosen connection at once (issue 19 item 4): the file is
 * read and mapped once, then each row is planned against each connection's pulled users
 * by that system's rules. With `rewriteRenamed`, each connection plans a row naming an
 * id one of its pushed renames replaced with its own new id.
 */
export async function previewMany(ctx: ServiceContext, input: { connections: string[]; file: string; mode: ResolveMode; sheet?: string; rewriteRenamed?: boolean }): Promise<ManyPreview> {
  const connections = [...new Set(input.connections)];
  for (const name of connections) requireConnection(ctx, name);
  const rewriteRenamed = input.rewriteRenamed === true;
  const preview = await previewImport(ctx, { connection: connections[0]!, file: input.file, modes: [input.mode], rewriteRenamed, ...(input.sheet !== undefined ? { sheet: input.sheet } : {}) });
  return manyFromPreview(ctx, preview, connections, input.mode, rewriteRenamed);
}

/**
 * A preview already made for one connection, planned in the others too: the preview's
 * own connection first, keeping the plan it has. Renames are per connection: another
 * connection starts from the file's own ids, and maps them by its own pushed renames
 * when `rewriteRenamed` (the app: when the preview mapped any).
 */
export function manyFromPreview(ctx: ServiceContext, preview: ImportPreview, connections: readonly string[], mode: ResolveMode, rewriteRenamed = preview.rewritten.size > 0): ManyPreview {
  const names = [...new Set([preview.connection, ...connections])];
  const kinds = Object.fromEntries(names.map((n) => [n, requireConnection(ctx, n).kind]));
  let asRead: TextColumns | undefined;
  const rowsOf = (n: string) => {
    if (n === preview.connection) return { rows: preview.rows, renamed: preview.renamed, rewritten: preview.rewritten };
    asRead ??= idsAsRead(preview.rows, EXTERNAL_ID, preview.renamed, preview.rewritten);
    return renamedColumns(asRead, EXTERNAL_ID, renamedIdsOf(ctx, n), rewriteRenamed);
  };
  const each = Object.fromEntries(names.map((n) => [n, rowsOf(n)]));
  const plans = Object.fromEntries(names.map((n) => [n, (n === preview.connection ? preview.plans[mode] : undefined) ?? planRows(ctx, n, each[n]!.rows, mode)]));
  return {
    preview,
    mode,
    connections: names,
    kinds,
    plans,
    rows: Object.fromEntries(names.map((n) => [n, each[n]!.rows])),
    renamed: Object.fromEntries(names.map((n) => [n, each[n]!.renamed])),
    rewritten: Object.fromEntries(names.map((n) => [n, each[n]!.rewritten])),
  };
}

/** Row i's renamed id in connection c, if one of its pushed renames replaced it; `rewritten`: planned with the new one. */
export function renamedIn(many: ManyPreview, c: string, i: number): (RenamedId & { rewritten: boolean }) | undefined {
  const r = many.renamed[c]!.get(i);
  return r ? { ...r, rewritten: many.rewritten[c]!.has(i) } : undefined;
}

/**
 * Row i with its outcome in every connection, side by side, keyed by connection name: the
 * file's own ids, and in a connection where one of its renames replaced the id, the plan's
 * `renamedId` (as `said` puts it: JSON adds its code and sentence).
 */
export function manyRow(many: ManyPreview, i: number, said: (r: RenamedId & { rewritten: boolean }) => unknown = (r) => r) {
  const r = previewRow(many.preview, i);
  const externalId = r.renamedId?.rewritten ? r.renamedId.from : r.externalId;
  const cell = (c: string) => {
    const plan = many.plans[c]!.planOf(i);
    const renamed = renamedIn(many, c, i);
    return renamed ? { ...plan, renamedId: said(renamed) } : plan;
  };
  return { index: r.index, line: r.line, email: r.email, externalId, name: r.name, company: r.company, ...Object.fromEntries(many.connections.map((c) => [c, cell(c)])) };
}
