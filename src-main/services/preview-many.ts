import type { ResolveMode } from '../../src-shared/resolver';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import { planRows, type ModePlan } from './import-plan';
import { previewImport, previewRow, type ImportPreview } from './preview';

/** One file previewed into several connections: read once, planned per connection. */
export interface ManyPreview {
  preview: ImportPreview;
  mode: ResolveMode;
  connections: string[];
  /** Each connection's kind of system (what it does with an import differs). */
  kinds: Record<string, string>;
  plans: Record<string, ModePlan>;
}

/**
 * Previews one file into every chosen connection at once (issue 19 item 4): the file is
 * read and mapped once, then each row is planned against each connection's pulled users
 * by that system's rules.
 */
export async function previewMany(ctx: ServiceContext, input: { connections: string[]; file: string; mode: ResolveMode; sheet?: string }): Promise<ManyPreview> {
  const connections = [...new Set(input.connections)];
  for (const name of connections) requireConnection(ctx, name);
  const preview = await previewImport(ctx, { connection: connections[0]!, file: input.file, modes: [input.mode], ...(input.sheet !== undefined ? { sheet: input.sheet } : {}) });
  return manyFromPreview(ctx, preview, connections, input.mode);
}

/**
 * A preview already made for one connection, planned in the others too: the preview's
 * own connection first, keeping the plan it has.
 */
export function manyFromPreview(ctx: ServiceContext, preview: ImportPreview, connections: readonly string[], mode: ResolveMode): ManyPreview {
  const names = [...new Set([preview.connection, ...connections])];
  const kinds = Object.fromEntries(names.map((n) => [n, requireConnection(ctx, n).kind]));
  const plans = Object.fromEntries(names.map((n) => [n, (n === preview.connection ? preview.plans[mode] : undefined) ?? planRows(ctx, n, preview.rows, mode)]));
  return { preview, mode, connections: names, kinds, plans };
}

/** Row i with its outcome in every connection, side by side, keyed by connection name. */
export function manyRow(many: ManyPreview, i: number) {
  const { index, line, email, externalId, name, company } = previewRow(many.preview, i);
  return { index, line, email, externalId, name, company, ...Object.fromEntries(many.connections.map((c) => [c, many.plans[c]!.planOf(i)])) };
}
