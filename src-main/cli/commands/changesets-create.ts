import { badInput } from '../../../src-shared/errors';
import { readCsvFile, requireColumns } from '../../csv/read-csv';
import { guessMapping, incomingRows } from '../../services/import-columns';
import { choiceFromCells, stageMerges } from '../../services/merge-plans';
import { stageImport } from '../../services/stage-import';
import { stagePatternRename, stageRemovalBatch, stageRenameBatch } from '../../services/stage-rename';
import { intOption, requiredOption } from '../args';
import { defineCommand } from '../command';
import { changeSetSummary } from './changesets';
import { modeOption } from './resolve';

/** `rekey changesets create` (SPEC §9): stages a draft from a file (or a rename pattern). */
export const changesetsCreateCommand = defineCommand<ReturnType<typeof changeSetSummary>>({
  path: ['changesets', 'create'],
  summary: 'Stage a change set (import, rename, removal, merge) from a CSV or .xlsx file, as a draft for review',
  options: {
    kind: { type: 'string', description: 'import | rename | removal | merge' },
    connection: { type: 'string', description: 'the target connection' },
    file: { type: 'string', description: 'the CSV: rename current_external_id,new_external_id; removal external_id; import email/external_id/name columns' },
    mode: { type: 'string', description: 'imports: strict (Users/Notes APIs) or lenient (Insights)' },
    'window-days': { type: 'string', description: 'renames: how long old ids keep working (default 30)' },
    from: { type: 'string', description: 'renames by pattern: e.g. legacy-{n} (instead of --file)' },
    to: { type: 'string', description: 'renames by pattern: e.g. usr_{n}' },
    sheet: { type: 'string', description: 'an .xlsx file: the sheet to read, by name (default: the first)' },
    via: { type: 'string', description: 'UserVoice imports: bulk_identify (asynchronous, tracked until done) instead of external_users/import' },
  },
  async run({ options, services }) {
    const kind = requiredOption(options.kind, '--kind', 'changesets create');
    const connection = requiredOption(options.connection, '--connection NAME', 'changesets create');
    const ctx = services();
    const windowDays = intOption(options['window-days'], '--window-days', 'changesets create');
    if (kind === 'rename' && options.from !== undefined) {
      return changeSetSummary(stagePatternRename(ctx, { connection, from: String(options.from), to: requiredOption(options.to, '--to PATTERN', 'changesets create'), windowDays }));
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
        return changeSetSummary(stageRenameBatch(ctx, { connection, renames, windowDays, ...source }));
      }
      case 'removal': {
        const [x] = requireColumns(table, ['external_id']) as [number];
        return changeSetSummary(stageRemovalBatch(ctx, { connection, ids: table.rows.map((r) => r.cells[x]!), ...source }));
      }
      case 'import': {
        const mode = modeOption(options.mode ?? 'strict', 'changesets create');
        if (options.via !== undefined && options.via !== 'bulk_identify') throw badInput('bad_option', `changesets create: --via must be bulk_identify, not "${String(options.via)}"`);
        const via = options.via === 'bulk_identify' ? ('bulk_identify' as const) : undefined;
        return changeSetSummary(stageImport(ctx, { connection, rows: incomingRows(table, guessMapping(table)), mode, ...source, ...(via ? { via } : {}) }));
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
  human: (s) => `Staged change set #${s.id} (${s.kind}, ${s.rows} rows) as a draft; review it with: rekey changesets show ${s.id}\n`,
});
