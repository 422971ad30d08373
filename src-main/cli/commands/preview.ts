import { badInput } from '../../../src-shared/errors';
import { prepareIncomingReader } from '../../services/incoming-reader';
import { previewImport, previewRow } from '../../services/preview';
import { previewPlanCsv, previewReportHtml } from '../../services/preview-report';
import { OUTCOME_SENTENCES, outcomeLabel } from '../../../src-shared/plain-words';
import { writeFileAtomic } from '../../services/files';
import { requiredOption } from '../args';
import { defineCommand } from '../command';
import { modeOption } from './resolve';

interface PreviewOutput {
  rows: number;
  counts: Record<string, number>;
  rows_sample: Record<string, unknown>[];
  /** The first 10,000 bad rows by line; problem_count says how many there were. */
  problems: { line: number; message: string }[];
  problem_count: number;
  mapping: Record<string, string>;
  /** What was previewed, and where the report and the plan were written (when asked). */
  file: string;
  connection: string;
  mode: string;
  report?: string;
  plan_csv?: string;
}

/** How many unreadable rows the summary names by line; the report lists them all. */
const PROBLEMS_SHOWN = 5;

/** What a person reads without --json: counts per action, unreadable rows, where the files went. */
export function previewSummary(r: PreviewOutput): string {
  const n = (k: number) => k.toLocaleString('en-US');
  const counts = Object.entries(r.counts);
  const width = Math.max(10, ...counts.map(([a]) => outcomeLabel(a).length));
  const numbers = Math.max(...[...counts.map(([, k]) => k), r.problem_count].map((k) => n(k).length));
  const lines = [`${r.file} into ${r.connection}, ${r.mode} mode: ${n(r.rows)} ${r.rows === 1 ? 'row' : 'rows'} read. Nothing was sent.`];
  const sentence = (action: string) => (OUTCOME_SENTENCES as Record<string, string | undefined>)[action] ?? '';
  for (const [action, k] of counts) lines.push(`  ${outcomeLabel(action).padEnd(width)} ${n(k).padStart(numbers)}  ${sentence(action)}`.trimEnd());
  lines.push(`  ${'Unreadable'.padEnd(width)} ${n(r.problem_count).padStart(numbers)}  ${r.problem_count ? 'rows of the file that could not be read:' : 'every row could be read'}`);
  for (const p of r.problems.slice(0, PROBLEMS_SHOWN)) lines.push(`      line ${p.line}: ${p.message}`);
  if (r.problem_count > PROBLEMS_SHOWN) lines.push(`      and ${n(r.problem_count - PROBLEMS_SHOWN)} more${r.report ? ', all listed in the report' : ' (--out REPORT.html lists them all)'}`);
  lines.push(r.report ? `Report: ${r.report}` : 'No report written (--out REPORT.html writes one for the client).');
  if (r.plan_csv) lines.push(`Plan, every row in both modes: ${r.plan_csv}`);
  lines.push('--json prints the whole preview, with the first 100 decisions.');
  return lines.join('\n') + '\n';
}

/**
 * `rekey preview FILE.csv --into NAME --mode strict|lenient [--out REPORT.html]` (SPEC §9):
 * the JSON document with --json, a short summary for a person otherwise.
 */
export const previewCommand = defineCommand<PreviewOutput>({
  path: ['preview'],
  summary: 'Preview how every row of a CSV or .xlsx resolves in a connection, before anything is sent',
  usage: 'FILE.csv|FILE.xlsx',
  options: {
    into: { type: 'string', description: 'the target connection (pulled first)' },
    mode: { type: 'string', description: 'strict or lenient' },
    out: { type: 'string', description: 'write the client report (self-contained HTML) here' },
    'plan-csv': { type: 'string', description: 'write the whole plan as CSV here' },
    sheet: { type: 'string', description: 'an .xlsx: the sheet to read, by name (default: the first)' },
  },
  async run({ args, options, services }) {
    if (args.length !== 1) throw badInput('missing_argument', 'preview: give one FILE.csv or FILE.xlsx');
    const file = args[0]!;
    const mode = modeOption(options.mode, 'preview');
    prepareIncomingReader(); // the reading thread starts while the workspace opens
    const ctx = services();
    // The plan CSV shows both modes; otherwise only the asked-for mode is planned.
    const modes = options['plan-csv'] ? (['strict', 'lenient'] as const) : [mode];
    // The file is read (and parsed) in a worker thread, beside the planning.
    const sheet = options.sheet === undefined ? undefined : String(options.sheet);
    const preview = await previewImport(ctx, { connection: requiredOption(options.into, '--into NAME', 'preview'), file, modes, ...(sheet !== undefined ? { sheet } : {}) });
    if (options.out) writeFileAtomic(String(options.out), previewReportHtml(preview, mode));
    if (options['plan-csv']) writeFileAtomic(String(options['plan-csv']), previewPlanCsv(preview));
    ctx.workspace.write({ action: 'import.previewed', subject: file, detail: { connection: preview.connection, rows: preview.rows.rows, problems: preview.problemCount, sha256: preview.sha256 } }, () => undefined);
    return {
      rows: preview.rows.rows,
      counts: preview.counts[mode],
      rows_sample: Array.from({ length: Math.min(100, preview.rows.rows) }, (_, i) => previewRow(preview, i)).map((r) => ({ index: r.index, line: r.line, ...r[mode] })),
      problems: preview.problems,
      problem_count: preview.problemCount,
      mapping: Object.fromEntries(Object.entries(preview.mapping).map(([field, at]) => [field, preview.header[at as number]!])),
      file,
      connection: preview.connection,
      mode,
      ...(options.out ? { report: String(options.out) } : {}),
      ...(options['plan-csv'] ? { plan_csv: String(options['plan-csv']) } : {}),
    };
  },
  human: previewSummary,
});
