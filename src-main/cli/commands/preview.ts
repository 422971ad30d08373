import { badInput } from '../../../src-shared/errors';
import { prepareIncomingReader } from '../../services/incoming-reader';
import { previewImport, previewRow, type ImportPreview } from '../../services/preview';
import { manyRow, previewMany } from '../../services/preview-many';
import { previewPlanCsv, previewReportHtml } from '../../services/preview-report';
import { writeFileAtomic } from '../../services/files';
import { requiredOption } from '../args';
import { defineCommand } from '../command';
import { modeOption } from './resolve';

interface PreviewOutput {
  rows: number;
  /** One connection: its counts; several: counts per connection name. */
  counts: Record<string, number> | Record<string, Record<string, number>>;
  rows_sample: Record<string, unknown>[];
  problems: { line: number; message: string }[];
  mapping: Record<string, string>;
  /** Several connections: each one's counts and rows, keyed by connection name. */
  connections?: Record<string, { counts: Record<string, number>; rows_sample: Record<string, unknown>[] }>;
}

const mappingOf = (preview: ImportPreview) => Object.fromEntries(Object.entries(preview.mapping).map(([field, at]) => [field, preview.header[at as number]!]));

/** `rekey preview FILE.csv --into NAME[,NAME…] --mode strict|lenient [--out REPORT.html]` (SPEC §9; several connections: issue 19). */
export const previewCommand = defineCommand<PreviewOutput>({
  path: ['preview'],
  summary: 'Preview how every row of a CSV resolves in a connection, before anything is sent',
  usage: 'FILE.csv',
  alwaysJson: true,
  options: {
    into: { type: 'string', description: 'the target connection (pulled first); several, comma-separated, side by side' },
    mode: { type: 'string', description: 'strict or lenient' },
    out: { type: 'string', description: 'write the client report (self-contained HTML) here' },
    'plan-csv': { type: 'string', description: 'write the whole plan as CSV here' },
  },
  async run({ args, options, services }) {
    if (args.length !== 1) throw badInput('missing_argument', 'preview: give one FILE.csv');
    const file = args[0]!;
    const mode = modeOption(options.mode, 'preview');
    prepareIncomingReader(); // the reading thread starts while the workspace opens
    const ctx = services();
    const into = requiredOption(options.into, '--into NAME', 'preview').split(',').map((c) => c.trim()).filter(Boolean);
    if (into.length > 1) {
      if (options.out || options['plan-csv']) throw badInput('bad_option', 'preview: --out and --plan-csv take one connection; run them per connection');
      const many = await previewMany(ctx, { connections: into, file, mode });
      const { preview } = many;
      ctx.workspace.write({ action: 'import.previewed', subject: file, detail: { connections: into, rows: preview.rows.rows, problems: preview.problems.length, sha256: preview.sha256 } }, () => undefined);
      const sample = Math.min(100, preview.rows.rows);
      return {
        rows: preview.rows.rows,
        counts: Object.fromEntries(into.map((c) => [c, many.plans[c]!.counts()])),
        rows_sample: Array.from({ length: sample }, (_, i) => manyRow(many, i)),
        problems: preview.problems,
        mapping: mappingOf(preview),
        connections: Object.fromEntries(
          into.map((c) => [c, { counts: many.plans[c]!.counts(), rows_sample: Array.from({ length: sample }, (_, i) => ({ index: i, line: preview.lines[i]!, ...many.plans[c]!.planOf(i) })) }]),
        ),
      };
    }
    // The plan CSV shows both modes; otherwise only the asked-for mode is planned.
    const modes = options['plan-csv'] ? (['strict', 'lenient'] as const) : [mode];
    // The file is read (and parsed) in a worker thread, beside the planning.
    const preview = await previewImport(ctx, { connection: into[0]!, file, modes });
    if (options.out) writeFileAtomic(String(options.out), previewReportHtml(preview, mode));
    if (options['plan-csv']) writeFileAtomic(String(options['plan-csv']), previewPlanCsv(preview));
    ctx.workspace.write({ action: 'import.previewed', subject: file, detail: { connection: preview.connection, rows: preview.rows.rows, problems: preview.problems.length, sha256: preview.sha256 } }, () => undefined);
    return {
      rows: preview.rows.rows,
      counts: preview.counts[mode],
      rows_sample: Array.from({ length: Math.min(100, preview.rows.rows) }, (_, i) => previewRow(preview, i)).map((r) => ({ index: r.index, line: r.line, ...r[mode] })),
      problems: preview.problems,
      mapping: mappingOf(preview),
    };
  },
});
