import { badInput } from '../../../src-shared/errors';
import { readCsvFile, requireColumns } from '../../csv/read-csv';
import { guessMapping, incomingRows } from '../../services/import-columns';
import { choiceFromCells, stageMerges } from '../../services/merge-plans';
import { stageImport, stageImportInto } from '../../services/stage-import';
import { stagePatternAcross, stageRenameBatchAcross } from '../../services/rename-batch';
import { stageRemovalBatch } from '../../services/stage-rename';
import { intOption, requiredOption } from '../args';
import { defineCommand } from '../command';
import { changeSetSummary } from './changesets';
import { modeOption } from './resolve';

/** `rekey changesets create` (SPEC §9): stages a draft from a file (or a rename pattern). */
type Summary = ReturnType<typeof changeSetSummary>;

/** A rename for several connections prints every change set made, each with its connection and batch (an import: each with its connection). */
function renameOutput(made: { batch: string; changeSets: Parameters<typeof changeSetSummary>[0][] }): Summary | (Summary & { batch: string })[] {
  if (!made.batch) return changeSetSummary(made.changeSets[0]!);
  return made.changeSets.map((cs) => ({ ...changeSetSummary(cs), batch: made.batch }));
}

export const changesetsCreateCommand = defineCommand<Summary | (Summary & { batch?: string })[]>({
  async run({ options, services }) {
    const kind = requiredOption(options.kind, '--kind', 'changesets create');
    const connection = requiredOption(options.connection, '--connection NAME', 'changesets create');
    const ctx = services();
    const windowDays = intOption(options['window-days'], '--window-days', 'changesets create');
    const connections = connection.split(',').map((c) => c.trim()).filter(Boolean);
    if (options['rewrite-renamed'] && kind !== 'import') throw badInput('bad_option', `changesets create: --rewrite-renamed is for imports, not a ${kind}`);
    if (connections.length > 1 && kind !== 'rename' && kind !== 'import') throw badInput('bad_option', `changesets create: several connections are for renames and imports; a ${kind} goes to one connection`);
    const scimUserName = options['scim-username'] === true;
    if (kind === 'rename' && options.from !== undefined) {
      const to = requiredOption(options.to, '--to PATTERN', 'changesets create');
      return renameOutput(stagePatternAcross(ctx, { connections, from: String(options.from), to, windowDays, scimUserName }));
    }
    const file = requiredOption(options.file, '--file FILE.csv|FILE.xlsx', 'changesets create');
    const required = { rename: ['current_external_id', 'new_external_id'], removal: ['external_id'], merge: ['survivor', 'loser'] }[kind];
    const sheet = options.sheet === undefined ? undefined : String(options.sheet);
    const table = readCsvFile(file, { ...(required ? { required } : {}), ...(sheet !== undefined ? { sheet } : {}) });
    const source = { source: file, sourceSha256: table.sha256 };
    if (table.rows.length === 0) throw badInput('empty_batch', `${file}: the file has no rows (only a header)`);
    switch (kind) {
      case 'rename': {
        const [c, n] = requireColumns(table, ['current_external_id', 'new_external_id']) as [number, number];
        const renames = table.rows.map((r) => ({ current_external_id: r.cells[c]!, new_external_id: r.cells[n]! }));
        return renameOutput(stageRenameBatchAcross(ctx, { connections, renames, windowDays, scimUserName, ...source }));
      }
      case 'removal': {
        const [x] = requireColumns(table, ['external_id']) as [number];
        return changeSetSummary(stageRemovalBatch(ctx, { connection, ids: table.rows.map((r) => r.cells[x]!), ...source }));
      }
      case 'import': {
        const mode = modeOption(options.mode ?? 'strict', 'changesets create');
        if (options.via !== undefined && options.via !== 'bulk_identify') throw badInput('bad_option', `changesets create: --via must be bulk_identify, not "${String(options.via)}"`);
        const via = options.via === 'bulk_identify' ? ('bulk_identify' as const) : undefined;
        const rows = incomingRows(table, guessMapping(table));
        const rewriteRenamed = options['rewrite-renamed'] === true;
        if (connections.length === 1) return changeSetSummary(stageImport(ctx, { connection: connections[0]!, rows, mode, ...source, ...(via ? { via } : {}), rewriteRenamed }));
        // One file into several connections: one change set each, all or none (as the app's "Stage into each").
        return stageImportInto(ctx, { connections, rows, mode, ...source, ...(via ? { via } : {}), rewriteRenamed }).map(changeSetSummary);
      }
      case 'merge': {
        requireColumns(table, ['survivor', 'loser']);
        const column = (name: string) => table.header.findIndex((h) => h.toLowerCase() === name);
        const choices = table.rows.map((r) => choiceFromCells((name) => (column(name) >= 0 ? r.cells[column(name)] : undefined), connection));
        return changeSetSummary(stageMerges(ctx, { connection, choices, ...source, where: (i) => `${file}:${table.rows[i]!.line}: ` }));
      }
      default:
        throw badInput('bad_option', `changesets create: --kind must be import, rename, removal or merge, not "${kind}"`);
    }
  },
  human: (made) =>
    Array.isArray(made) && made[0]?.kind === 'import'
      ? `Staged ${made.length} import change sets as drafts, one per connection: ${made.map((s) => `#${s.id} (${s.connection}, ${s.rows} rows)`).join(', ')}; review each with: rekey changesets show ID\n`
      : Array.isArray(made)
      ? `Staged a rename batch of ${made.length} change sets as drafts: ${made.map((s) => `#${s.id} (${s.connection}, ${s.rows} rows)`).join(', ')}; see them side by side with: rekey changesets batch ${made[0]!.batch ?? ''}\n`
      : `Staged change set #${made.id} (${made.kind}, ${made.rows} rows) as a draft; review it with: rekey changesets show ${made.id}\n`,
});
