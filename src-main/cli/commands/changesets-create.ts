import { badInput } from '../../../src-shared/errors';
import { readCsvFile, requireColumns } from '../../csv/read-csv';
import { guessMapping, incomingRows } from '../../services/import-columns';
import { choiceFromCells, stageMerges } from '../../services/merge-plans';
import { stageImport } from '../../services/stage-import';
import { stagePatternAcross, stageRenameBatchAcross } from '../../services/rename-batch';
import { stageRemovalBatch } from '../../services/stage-rename';
import { intOption, requiredOption } from '../args';
import { defineCommand } from '../command';
import { changeSetSummary } from './changesets';
import { modeOption } from './resolve';

/** `rekey changesets create` (SPEC §9): stages a draft from a file (or a rename pattern). */
type Summary = ReturnType<typeof changeSetSummary>;

/** A rename for several connections prints every change set made, each with its connection and batch. */
function renameOutput(made: { batch: string; changeSets: Parameters<typeof changeSetSummary>[0][] }): Summary | (Summary & { batch: string })[] {
  if (!made.batch) return changeSetSummary(made.changeSets[0]!);
  return made.changeSets.map((cs) => ({ ...changeSetSummary(cs), batch: made.batch }));
}

export const changesetsCreateCommand = defineCommand<Summary | (Summary & { batch: string })[]>({
  path: ['changesets', 'create'],
  summary: 'Stage a change set (import, rename, removal, merge) from a CSV or .xlsx file, as a draft for review',
  options: {
    kind: { type: 'string', description: 'import | rename | removal | merge' },
    connection: { type: 'string', description: 'the target connection; renames: several, comma-separated (pb,scim,uv,braze), make one linked batch' },
    file: { type: 'string', description: 'the CSV: rename current_external_id,new_external_id; removal external_id; import email/external_id/name columns' },
    mode: { type: 'string', description: 'imports: strict (Users/Notes APIs) or lenient (Insights)' },
    'window-days': { type: 'string', description: 'renames: how long old ids keep working (default 30)' },
    from: { type: 'string', description: 'renames by pattern: e.g. legacy-{n} (instead of --file)' },
    to: { type: 'string', description: 'renames by pattern: e.g. usr_{n}' },
    sheet: { type: 'string', description: 'an .xlsx file: the sheet to read, by name (default: the first)' },
    'scim-username': { type: 'boolean', description: 'renames in SCIM: also rename userName where it carries the old external id' },
    via: { type: 'string', description: 'UserVoice imports: bulk_identify (asynchronous, tracked until done) instead of external_users/import' },
    'rewrite-renamed': { type: 'boolean', description: 'imports: rows naming an external id a pushed rename replaced take the new id (the mapping is kept per row)' },
  },
  async run({ options, services }) {
    const kind = requiredOption(options.kind, '--kind', 'changesets create');
    const connection = requiredOption(options.connection, '--connection NAME', 'changesets create');
    const ctx = services();
    const windowDays = intOption(options['window-days'], '--window-days', 'changesets create');
    const connections = connection.split(',').map((c) => c.trim()).filter(Boolean);
    if (options['rewrite-renamed'] && kind !== 'import') throw badInput('bad_option', `changesets create: --rewrite-renamed is for imports, not a ${kind}`);
    if (connections.length > 1 && kind !== 'rename') throw badInput('bad_option', `changesets create: several connections are for renames; a ${kind} goes to one connection`);
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
        const rewriteRenamed = options['rewrite-renamed'] === true;
        return changeSetSummary(stageImport(ctx, { connection, rows: incomingRows(table, guessMapping(table)), mode, ...source, ...(via ? { via } : {}), rewriteRenamed }));
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
    Array.isArray(made)
      ? `Staged a rename batch of ${made.length} change sets as drafts: ${made.map((s) => `#${s.id} (${s.connection}, ${s.rows} rows)`).join(', ')}; see them side by side with: rekey changesets batch ${made[0]!.batch}\n`
      : `Staged change set #${made.id} (${made.kind}, ${made.rows} rows) as a draft; review it with: rekey changesets show ${made.id}\n`,
});
