import { createHash } from 'node:crypto';
import { badInput } from '../../src-shared/errors';
import type { ResolveMode } from '../../src-shared/resolver';
import { parseCsv, type CsvProblem, type CsvTable } from '../csv/read-csv';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import { guessColumns, mappedCell, type ImportMapping, type IncomingRow } from './import-columns';
import { planImport } from './stage-import';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
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
  rows: PreviewRow[];
  problems: CsvProblem[];
  counts: { strict: Record<string, number>; lenient: Record<string, number> };
}

/** The plan of a mode that was not asked for (the CLI plans one): one shared empty object. */
const NOT_PLANNED: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * The import preview (SPEC §7.2): a CSV read with bad rows reported by line (they do
 * not stop the rest), its columns mapped (guessed, or as saved for files of the same
 * header), and every row planned in strict and lenient mode against the pulled users.
 * A million rows pass through here, so rows are built once and counted in the same pass.
 */
export function previewImport(
  ctx: ServiceContext,
  input: { connection: string; text: string; file: string; mapping?: ImportMapping; modes?: readonly ResolveMode[] },
): ImportPreview {
  const modes = input.modes ?? (['strict', 'lenient'] as const);
  const connection = requireConnection(ctx, input.connection);
  const table: CsvTable = parseCsv(input.text.replace(/^\uFEFF/, ''), input.file, { badRows: 'collect' });
  const mapping = input.mapping ?? ctx.workspace.importMappings.get(headerSignature(table.header)) ?? guessColumns(table.header);
  for (const [field, at] of Object.entries(mapping)) {
    if (at !== undefined && (at < 0 || at >= table.header.length)) throw badInput('bad_mapping', `${input.file}: mapping for ${field} points at column ${at}, which the file does not have`);
  }
  const problems = [...table.problems];
  const base = { file: input.file, sha256: sha(input.text), createdAt: new Date().toISOString(), connection: connection.name, connectionKind: connection.kind, header: table.header, mapping };
  if (mapping.email === undefined && mapping.externalId === undefined) {
    // Nothing to plan yet: show the header so the user can say which column is which.
    problems.unshift({ line: 1, message: 'no column is mapped to email or external id; choose one' });
    return { ...base, rows: [], problems, counts: { strict: {}, lenient: {} } };
  }
  const rows: PreviewRow[] = [];
  for (const { line, cells } of table.rows) {
    const email = mappedCell(cells, mapping.email);
    if (email && !EMAIL.test(email)) problems.push({ line, message: `"${email}" is not a valid email` });
    else {
      const externalId = mappedCell(cells, mapping.externalId);
      rows.push({ line, email, externalId, name: mappedCell(cells, mapping.name), company: mappedCell(cells, mapping.company), index: rows.length, strict: NOT_PLANNED, lenient: NOT_PLANNED });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  const counts: ImportPreview['counts'] = { strict: {}, lenient: {} };
  for (const mode of modes) {
    const plans = planImport(ctx, connection.name, rows, mode);
    const tally = counts[mode];
    for (let i = 0; i < rows.length; i++) {
      const plan = plans[i]!;
      rows[i]![mode] = plan;
      const action = String(plan.action);
      tally[action] = (tally[action] ?? 0) + 1;
    }
  }
  return { ...base, rows, problems, counts };
}

/** A file's shape, for remembering its mapping: the header, folded. */
export function headerSignature(header: readonly string[]): string {
  return header.map((h) => h.trim().toLowerCase()).join('\u0001');
}

/** The actions that need someone's attention first (SPEC §7.2 "conflicts first"). */
export function isConflict(plan: Record<string, unknown>): boolean {
  return plan.action === 'fail' || plan.action === 'create-detached' || plan.action === 'kept_attachment';
}

/** Rows in the order a reviewer wants them: conflicts first, then file order. */
export function conflictsFirst(rows: readonly PreviewRow[], mode: ResolveMode): PreviewRow[] {
  // Two stable passes instead of a sort: linear, and file order kept within each group.
  const conflicts: PreviewRow[] = [];
  const rest: PreviewRow[] = [];
  for (const r of rows) (isConflict(r[mode]) ? conflicts : rest).push(r);
  return conflicts.concat(rest);
}
