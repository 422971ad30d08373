import { badInput } from '../../../src-shared/errors';
import { prepareIncomingReader } from '../../services/incoming-reader';
import { previewImport, previewRow, type ImportPreview } from '../../services/preview';
import { manyRow, previewMany, renamedIn } from '../../services/preview-many';
import { byHandCounts, previewManyPlanCsv, previewManyReportHtml, stepByHand } from '../../services/preview-many-report';
import { byHandCount, rowStepByHand } from '../../services/preview-by-hand';
import { BY_HAND_SENTENCES, type ByHandCode } from '../../../src-shared/import-by-hand';
import { previewPlanCsvParts, previewReportHtml } from '../../services/preview-report';
import { OUTCOME_SENTENCES, outcomeLabel, RENAMED_ID_CODE, RENAMED_ID_REWRITTEN_CODE, renamedIdSentence } from '../../../src-shared/plain-words';
import type { RenamedId } from '../../../src-shared/model/renamed-id';
import { writeFileAtomic, writePartsAtomic } from '../../services/files';
import { requiredOption } from '../args';
import { defineCommand } from '../command';
import { modeOption } from './resolve';

interface PreviewOutput {
  rows: number;
  /** One connection: its counts; several: counts per connection name. */
  counts: Record<string, number> | Record<string, Record<string, number>>;
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
  /** Rows the system's push will not carry out, left to a person (one connection; several: per connection). */
  by_hand?: number;
  /** Several connections: each one's counts, rows left by hand, rows naming ids its own renames replaced, and rows, keyed by connection name. */
  connections?: Record<string, { counts: Record<string, number>; by_hand: number; renamed?: RenamedSummary; rows_sample: Record<string, unknown>[] }>;
  /** Rows naming an external id a pushed rename replaced (the first 10,000), and whether they were planned with the new id. */
  renamed?: RenamedSummary;
}

/** Rows naming an external id a pushed rename replaced (the first 10,000), and whether they were planned with the new id. */
interface RenamedSummary {
  rows: number;
  rewritten: boolean;
  ids: RenamedIdJson[];
}

/** A connection's rows naming renamed-away ids, as JSON (none: nothing). */
function renamedSummary(renamed: ReadonlyMap<number, RenamedId>, rewritten: ReadonlySet<number>, lines: Int32Array): RenamedSummary | undefined {
  if (renamed.size === 0) return undefined;
  const ids: RenamedIdJson[] = [];
  for (const [i, r] of renamed) {
    if (ids.length === RENAMED_LISTED) break;
    ids.push(renamedIdJson({ ...r, rewritten: rewritten.has(i) }, lines[i]));
  }
  return { rows: renamed.size, rewritten: rewritten.size > 0, ids };
}

/** A row's step left by hand as JSON: the code and its sentence. */
const byHandJson = (code: ByHandCode | undefined) => (code ? { by_hand: { code, says: BY_HAND_SENTENCES[code] } } : {});

/** A row's renamed id as JSON: the words and the code beside the facts. */
type RenamedIdJson = Omit<RenamedId, 'connection'> & { line?: number; rewritten: boolean; code: string; says: string };

function renamedIdJson(r: RenamedId & { rewritten: boolean }, line?: number): RenamedIdJson {
  const { connection: _connection, ...facts } = r;
  return { ...(line !== undefined ? { line } : {}), ...facts, code: r.rewritten ? RENAMED_ID_REWRITTEN_CODE : RENAMED_ID_CODE, says: renamedIdSentence(r) };
}

/** How many rows naming a renamed id the JSON lists one by one. */
const RENAMED_LISTED = 10_000;

const mappingOf = (preview: ImportPreview) => Object.fromEntries(Object.entries(preview.mapping).map(([field, at]) => [field, preview.header[at as number]!]));

/** How many unreadable rows the summary names by line; the report lists them all. */
const PROBLEMS_SHOWN = 5;

/**
 * What a person reads without --json: counts per action (per connection when there are
 * several), unreadable rows, where the files went.
 */
export function previewSummary(r: PreviewOutput): string {
  const n = (k: number) => k.toLocaleString('en-US');
  const perConnection = r.connections
    ? Object.entries(r.connections).map(([name, c]) => [name, c.counts, c.by_hand, c.renamed] as const)
    : [[r.connection, r.counts as Record<string, number>, r.by_hand ?? 0, undefined] as const];
  const all = perConnection.flatMap(([, counts]) => Object.entries(counts));
  const width = Math.max('Left by hand'.length, ...all.map(([a]) => outcomeLabel(a).length));
  const numbers = Math.max(...[...all.map(([, k]) => k), r.problem_count].map((k) => n(k).length));
  const indent = r.connections ? '    ' : '  ';
  const lines = [`${r.file} into ${perConnection.map(([name]) => name).join(', ')}, ${r.mode} mode: ${n(r.rows)} ${r.rows === 1 ? 'row' : 'rows'} read. Nothing was sent.`];
  const sentence = (action: string) => (OUTCOME_SENTENCES as Record<string, string | undefined>)[action] ?? '';
  for (const [name, counts, byHand, renamed] of perConnection) {
    if (r.connections) lines.push(`  ${name}:`);
    for (const [action, k] of Object.entries(counts)) lines.push(`${indent}${outcomeLabel(action).padEnd(width)} ${n(k).padStart(numbers)}  ${sentence(action)}`.trimEnd());
    const which = r.report ? ' (the report says which and why)' : r.connections ? '' : ' (--json says which and why)';
    lines.push(`${indent}${'Left by hand'.padEnd(width)} ${n(byHand).padStart(numbers)}  ${byHand ? `rows this system's API will not carry out${which}` : 'every row goes through the API'}`);
    if (renamed) {
      const k = renamed.rows;
      lines.push(`${indent}${'Old ids'.padEnd(width)} ${n(k).padStart(numbers)}  ${k === 1 ? 'row names an id' : 'rows name ids'} that a rename pushed to ${name} replaced${renamed.rewritten ? `, planned with ${k === 1 ? 'its' : 'their'} new ${k === 1 ? 'id' : 'ids'} there` : ''}:`);
      for (const id of renamed.ids.slice(0, PROBLEMS_SHOWN)) lines.push(`${indent}    line ${id.line}: ${id.says}`);
      if (k > PROBLEMS_SHOWN) lines.push(`${indent}    and ${n(k - PROBLEMS_SHOWN)} more (--json lists them)`);
    }
  }
  if (r.connections && !r.renamed && Object.values(r.connections).some((c) => c.renamed && !c.renamed.rewritten)) lines.push(`  --rewrite-renamed plans each connection's old ids with its own new ids (and stages so with rekey changesets create --rewrite-renamed)`);
  lines.push(`  ${'Unreadable'.padEnd(width)} ${n(r.problem_count).padStart(numbers)}  ${r.problem_count ? 'rows of the file that could not be read:' : 'every row could be read'}`);
  for (const p of r.problems.slice(0, PROBLEMS_SHOWN)) lines.push(`      line ${p.line}: ${p.message}`);
  if (r.problem_count > PROBLEMS_SHOWN) lines.push(`      and ${n(r.problem_count - PROBLEMS_SHOWN)} more${r.report ? ', all listed in the report' : ' (--out REPORT.html lists them all)'}`);
  if (r.renamed?.rows) {
    const k = r.renamed.rows;
    const what = r.renamed.rewritten
      ? `${k === 1 ? 'row' : 'rows'} planned with the new ${k === 1 ? 'id' : 'ids'} that pushed renames gave`
      : k === 1
        ? 'row names an external id that a pushed rename replaced'
        : 'rows name external ids that a pushed rename replaced';
    lines.push(`  ${'Old ids'.padEnd(width)} ${n(k).padStart(numbers)}  ${what}:`);
    for (const id of r.renamed.ids.slice(0, PROBLEMS_SHOWN)) lines.push(`      line ${id.line}: ${id.says}`);
    if (k > PROBLEMS_SHOWN) lines.push(`      and ${n(k - PROBLEMS_SHOWN)} more (--json lists them)`);
    if (!r.renamed.rewritten) lines.push(`      --rewrite-renamed plans ${k === 1 ? 'it' : 'them'} with the new ${k === 1 ? 'id' : 'ids'} (and stages so with rekey changesets create --rewrite-renamed)`);
  }
  lines.push(r.report ? `Report: ${r.report}` : 'No report written (--out REPORT.html writes one for the client).');
  if (r.plan_csv) lines.push(r.connections ? `Plan, every row in every connection: ${r.plan_csv}` : `Plan, every row in both modes: ${r.plan_csv}`);
  lines.push('--json prints the whole preview, with the first 100 decisions.');
  return lines.join('\n') + '\n';
}

/**
 * `rekey preview FILE.csv --into NAME[,NAME…] --mode strict|lenient [--out REPORT.html]`
 * (SPEC §9; several connections side by side): the JSON document with --json, a short
 * summary for a person otherwise.
 */
export const previewCommand = defineCommand<PreviewOutput>({
  async run({ args, options, services }) {
    if (args.length !== 1) throw badInput('missing_argument', 'preview: give one FILE.csv or FILE.xlsx');
    const file = args[0]!;
    const mode = modeOption(options.mode, 'preview');
    prepareIncomingReader(); // the reading thread starts while the workspace opens
    const ctx = services();
    const into = requiredOption(options.into, '--into NAME', 'preview').split(',').map((c) => c.trim()).filter(Boolean);
    const sheet = options.sheet === undefined ? {} : { sheet: String(options.sheet) };
    if (into.length > 1) {
      // Renames are per connection: each connection maps the ids its own pushed renames replaced.
      const many = await previewMany(ctx, { connections: into, file, mode, ...sheet, rewriteRenamed: options['rewrite-renamed'] === true });
      const { preview } = many;
      if (options.out) writeFileAtomic(String(options.out), previewManyReportHtml(many));
      if (options['plan-csv']) writePartsAtomic(String(options['plan-csv']), previewManyPlanCsv(many));
      const renamedIds = Object.fromEntries(many.connections.filter((c) => many.renamed[c]!.size).map((c) => [c, { renamedIds: many.renamed[c]!.size, rewritten: many.rewritten[c]!.size }]));
      ctx.workspace.write({ action: 'import.previewed', subject: file, detail: { connections: many.connections, rows: preview.rows.rows, problems: preview.problemCount, sha256: preview.sha256, ...(Object.keys(renamedIds).length ? { renamed: renamedIds } : {}) } }, () => undefined);
      const sample = Math.min(100, preview.rows.rows);
      const byHand = byHandCounts(many);
      return {
        rows: preview.rows.rows,
        counts: Object.fromEntries(many.connections.map((c) => [c, many.plans[c]!.counts()])),
        rows_sample: Array.from({ length: sample }, (_, i) => manyRow(many, i, (r) => renamedIdJson(r))),
        problems: preview.problems,
        problem_count: preview.problemCount,
        mapping: mappingOf(preview),
        file,
        connection: many.connections.join(','),
        mode,
        ...(options.out ? { report: String(options.out) } : {}),
        ...(options['plan-csv'] ? { plan_csv: String(options['plan-csv']) } : {}),
        connections: Object.fromEntries(
          many.connections.map((c) => [
            c,
            {
              counts: many.plans[c]!.counts(),
              by_hand: byHand[c]!,
              ...(many.renamed[c]!.size ? { renamed: renamedSummary(many.renamed[c]!, many.rewritten[c]!, preview.lines) } : {}),
              rows_sample: Array.from({ length: sample }, (_, i) => {
                const renamed = renamedIn(many, c, i);
                return { index: i, line: preview.lines[i]!, ...many.plans[c]!.planOf(i), ...(renamed ? { renamedId: renamedIdJson(renamed) } : {}), ...byHandJson(stepByHand(many, c, i)) };
              }),
            },
          ]),
        ),
      };
    }
    // The plan CSV shows both modes; otherwise only the asked-for mode is planned.
    const modes = options['plan-csv'] ? (['strict', 'lenient'] as const) : [mode];
    // The file is read (and parsed) in a worker thread, beside the planning.
    const preview = await previewImport(ctx, { connection: into[0]!, file, modes, ...sheet, rewriteRenamed: options['rewrite-renamed'] === true });
    if (options.out) writeFileAtomic(String(options.out), previewReportHtml(preview, mode));
    if (options['plan-csv']) writePartsAtomic(String(options['plan-csv']), previewPlanCsvParts(preview));
    const renamed = preview.renamed.size ? { renamedIds: preview.renamed.size, rewritten: preview.rewritten.size } : {};
    ctx.workspace.write({ action: 'import.previewed', subject: file, detail: { connection: preview.connection, rows: preview.rows.rows, problems: preview.problemCount, sha256: preview.sha256, ...renamed } }, () => undefined);
    const plan = preview.plans[mode];
    return {
      rows: preview.rows.rows,
      counts: preview.counts[mode],
      by_hand: byHandCount(preview.connectionKind, preview.rows, plan),
      rows_sample: Array.from({ length: Math.min(100, preview.rows.rows) }, (_, i) => previewRow(preview, i)).map((r) => ({
        index: r.index,
        line: r.line,
        ...r[mode],
        ...(r.renamedId ? { renamedId: renamedIdJson(r.renamedId) } : {}),
        ...byHandJson(plan && rowStepByHand(preview.connectionKind, preview.rows, plan, r.index)),
      })),
      problems: preview.problems,
      problem_count: preview.problemCount,
      mapping: mappingOf(preview),
      file,
      connection: preview.connection,
      mode,
      ...(options.out ? { report: String(options.out) } : {}),
      ...(options['plan-csv'] ? { plan_csv: String(options['plan-csv']) } : {}),
      ...(preview.renamed.size ? { renamed: renamedSummary(preview.renamed, preview.rewritten, preview.lines) } : {}),
    };
  },
  human: previewSummary,
});
