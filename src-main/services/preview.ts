import { createHash } from 'node:crypto';
import { badInput } from '../../src-shared/errors';
import type { ResolveMode } from '../../src-shared/resolver';
import { TextChunkBuilder, TextColumns, CHUNK_ROWS } from '../../src-shared/resolver/text-columns';
import { streamCsv, type CsvProblem } from '../csv/read-csv';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import { guessColumns, mappedCell, type ImportMapping, type IncomingRow } from './import-columns';
import { COMPANY, EMAIL, EXTERNAL_ID, NAME, planRows, type ModePlan } from './import-plan';

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** One previewed row: the mapped identity and what each mode would do with it. */
export interface PreviewRow extends IncomingRow {
  index: number;
  strict: Record<string, unknown>;
  lenient: Record<string, unknown>;
}

export interface ImportPreview {
  file: string;
  sha256: string;
  createdAt: string;
  connection: string;
  connectionKind: string;
  header: string[];
  mapping: ImportMapping;
  /** The rows that could be read, mapped: email, external id, name, company (import-plan.ts). */
  rows: TextColumns;
  /** Each row's line in the file. */
  lines: Int32Array;
  plans: Partial<Record<ResolveMode, ModePlan>>;
  problems: CsvProblem[];
  counts: { strict: Record<string, number>; lenient: Record<string, number> };
}

/**
 * The import preview (SPEC §7.2): a CSV read with bad rows reported by line (they do
 * not stop the rest), its columns mapped (guessed, or as saved for files of the same
 * header), and every row planned in strict and lenient mode against the pulled users.
 * A million rows pass through here (issue 7): they are read in one streaming pass into
 * text columns, and planned into typed arrays; a row becomes an object only when shown.
 */
export function previewImport(
  ctx: ServiceContext,
  input: { connection: string; text: string; file: string; mapping?: ImportMapping; modes?: readonly ResolveMode[] },
): ImportPreview {
  const modes = input.modes ?? (['strict', 'lenient'] as const);
  const connection = requireConnection(ctx, input.connection);
  let mapping: ImportMapping = {};
  let planned = false;
  const builder = new TextChunkBuilder(4);
  const rows = new TextColumns(4);
  let lines: Int32Array = new Int32Array(1024);
  const invalid: CsvProblem[] = [];
  const read = streamCsv(input.text.replace(/^\uFEFF/, ''), input.file, { badRows: 'collect' }, {
    header: (header) => {
      mapping = input.mapping ?? ctx.workspace.importMappings.get(headerSignature(header)) ?? guessColumns(header);
      for (const [field, at] of Object.entries(mapping)) {
        if (at !== undefined && (at < 0 || at >= header.length)) throw badInput('bad_mapping', `${input.file}: mapping for ${field} points at column ${at}, which the file does not have`);
      }
      planned = mapping.email !== undefined || mapping.externalId !== undefined;
    },
    row: (line, cells) => {
      if (!planned) return;
      const email = mappedCell(cells, mapping.email);
      if (email && !EMAIL_SHAPE.test(email)) return void invalid.push({ line, message: `"${email}" is not a valid email` });
      const at = rows.rows + builder.rows;
      if (at === lines.length) lines = grown(lines);
      lines[at] = line;
      builder.push(email);
      builder.push(mappedCell(cells, mapping.externalId));
      builder.push(mappedCell(cells, mapping.name));
      builder.push(mappedCell(cells, mapping.company));
      if (builder.rows === CHUNK_ROWS) rows.append(builder.take());
    },
  });
  if (builder.rows > 0) rows.append(builder.take());
  const problems = invalid.length ? [...read.problems, ...invalid].sort((a, b) => a.line - b.line) : read.problems;
  const base = { file: input.file, sha256: sha(input.text), createdAt: new Date().toISOString(), connection: connection.name, connectionKind: connection.kind, header: read.header, mapping };
  if (!planned) {
    // Nothing to plan yet: show the header so the user can say which column is which.
    problems.unshift({ line: 1, message: 'no column is mapped to email or external id; choose one' });
    return { ...base, rows: new TextColumns(4), lines: new Int32Array(0), plans: {}, problems, counts: { strict: {}, lenient: {} } };
  }
  const counts: ImportPreview['counts'] = { strict: {}, lenient: {} };
  const plans: ImportPreview['plans'] = {};
  for (const mode of modes) {
    const plan = planRows(ctx, connection.name, rows, mode);
    plans[mode] = plan;
    const tally = counts[mode];
    for (let i = 0; i < plan.length; i++) {
      const action = plan.actionOf(i);
      tally[action] = (tally[action] ?? 0) + 1;
    }
  }
  return { ...base, rows, lines: lines.subarray(0, rows.rows), plans, problems, counts };
}

function grown(lines: Int32Array): Int32Array {
  const next = new Int32Array(lines.length * 2);
  next.set(lines);
  return next;
}

/** The plan of a mode that was not asked for (the CLI plans one): one shared empty object. */
const NOT_PLANNED: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** Row i as an object, both modes (for the window shown, the report, staging). */
export function previewRow(p: ImportPreview, i: number): PreviewRow {
  return {
    index: i,
    line: p.lines[i]!,
    email: p.rows.get(i, EMAIL),
    externalId: p.rows.get(i, EXTERNAL_ID),
    name: p.rows.get(i, NAME),
    company: p.rows.get(i, COMPANY),
    strict: p.plans.strict?.planOf(i) ?? NOT_PLANNED,
    lenient: p.plans.lenient?.planOf(i) ?? NOT_PLANNED,
  };
}

/** A file's shape, for remembering its mapping: the header, folded. */
export function headerSignature(header: readonly string[]): string {
  return header.map((h) => h.trim().toLowerCase()).join('\u0001');
}

const CONFLICTS = new Set(['fail', 'create-detached', 'kept_attachment']);

/** The actions that need someone's attention first (SPEC §7.2 "conflicts first"). */
export function isConflict(plan: Record<string, unknown>): boolean {
  return CONFLICTS.has(String(plan.action));
}

export const isConflictAction = (action: string) => CONFLICTS.has(action);

/** Row numbers in the order a reviewer wants them: conflicts first, then file order. */
export function conflictsFirst(p: ImportPreview, mode: ResolveMode, keep: (i: number) => boolean = () => true): Int32Array {
  const plan = p.plans[mode];
  const n = p.rows.rows;
  const order = new Int32Array(n);
  let k = 0;
  // Two stable passes instead of a sort: linear, and file order kept within each group.
  for (let i = 0; i < n; i++) if (plan && isConflictAction(plan.actionOf(i)) && keep(i)) order[k++] = i;
  for (let i = 0; i < n; i++) if (!(plan && isConflictAction(plan.actionOf(i))) && keep(i)) order[k++] = i;
  return order.subarray(0, k);
}
