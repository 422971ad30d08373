import type { ResolveMode } from '../../src-shared/resolver';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import { planRows, type ModePlan } from './import-plan';
import { previewImport, previewRow, type ImportPreview } from './preview';

/** One file previewed into several connections: read once, planned per connection. */
export interface ManyPreview {
  preview: ImportPreview;
  connections: string[];
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
  const plans: Record<string, ModePlan> = { [connections[0]!]: preview.plans[input.mode]! };
  for (const name of connections.slice(1)) plans[name] = planRows(ctx, name, preview.rows, input.mode);
  return { preview, connections, plans };
}

/** Row i with its outcome in every connection, side by side, keyed by connection name. */
export function manyRow(many: ManyPreview, i: number) {
  const { index, line, email, externalId, name, company } = previewRow(many.preview, i);
  return { index, line, email, externalId, name, company, ...Object.fromEntries(many.connections.map((c) => [c, many.plans[c]!.planOf(i)])) };
}
