import { badInput } from '../../src-shared/errors';
import type { RenamedId } from '../../src-shared/model/renamed-id';
import type { CsvTable } from '../csv/read-csv';

/** Which CSV column holds which field of an incoming identity. */
export interface ImportMapping {
  email?: number;
  externalId?: number;
  name?: number;
  company?: number;
}

// Headers are compared folded: lower case, letters and digits only ("Work E-mail" → "workemail").
const GUESSES: Record<keyof ImportMapping, RegExp> = {
  email: /e?mail/,
  externalId: /^(externalid|externaluserid|extid|userid|uid|customerid|accountuserid|id)$/,
  name: /^(name|fullname|displayname|username)$/,
  company: /^(company|companyname|account|accountname|organization|organisation|org)$/,
};

const fold = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Guesses the mapping from the header (SPEC §7.2); fields with no likely column are left out. */
export function guessColumns(header: readonly string[]): ImportMapping {
  const mapping: ImportMapping = {};
  for (const field of Object.keys(GUESSES) as (keyof ImportMapping)[]) {
    const at = header.findIndex((h, i) => GUESSES[field].test(fold(h)) && !Object.values(mapping).includes(i));
    if (at >= 0) mapping[field] = at;
  }
  return mapping;
}

/** The guessed mapping, refusing a file with no identity column (staging needs one). */
export function guessMapping(table: CsvTable): ImportMapping {
  const mapping = guessColumns(table.header);
  if (mapping.email === undefined && mapping.externalId === undefined) {
    throw badInput('no_identity_column', `${table.file}:1: no email or external id column (found: ${table.header.join(', ')})`);
  }
  return mapping;
}

export interface IncomingRow {
  line: number;
  email: string | null;
  externalId: string | null;
  name: string | null;
  company: string | null;
  /** The row named an id a pushed rename replaced and is planned with the new one (issue 19 item 5). */
  renamedFrom?: RenamedId;
}

/** A file's shape, for remembering its mapping: the header, folded. */
export function headerSignature(header: readonly string[]): string {
  return header.map((h) => h.trim().toLowerCase()).join('\u0001');
}

/** A mapped cell, trimmed; null when the column is not mapped or the cell is empty. */
export const mappedCell = (cells: readonly string[], at: number | undefined): string | null => (at === undefined ? null : cells[at]?.trim() || null);

export function incomingRows(table: CsvTable, mapping: ImportMapping): IncomingRow[] {
  return table.rows.map((r) => ({
    line: r.line,
    email: mappedCell(r.cells, mapping.email),
    externalId: mappedCell(r.cells, mapping.externalId),
    name: mappedCell(r.cells, mapping.name),
    company: mappedCell(r.cells, mapping.company),
  }));
}
