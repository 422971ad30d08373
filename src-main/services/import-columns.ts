import { badInput } from '../../src-shared/errors';
import type { CsvTable } from '../csv/read-csv';

/** Which CSV column holds which field of an incoming identity. */
export interface ImportMapping {
  email?: number;
  externalId?: number;
  name?: number;
  company?: number;
}

const GUESSES: Record<keyof ImportMapping, RegExp> = {
  email: /^(e-?mail|email[ _-]?address|mail|user[ _-]?email)$/i,
  externalId: /^(external[ _-]?id|externalid|ext[ _-]?id|user[ _-]?id|userid|uid|customer[ _-]?id)$/i,
  name: /^(name|full[ _-]?name|display[ _-]?name)$/i,
  company: /^(company|company[ _-]?name|account|organization|organisation)$/i,
};

/** Guesses the mapping from the header (SPEC §7.2); refuses a file with no identity column. */
export function guessMapping(table: CsvTable): ImportMapping {
  const mapping: ImportMapping = {};
  for (const field of Object.keys(GUESSES) as (keyof ImportMapping)[]) {
    const at = table.header.findIndex((h) => GUESSES[field].test(h.trim()));
    if (at >= 0) mapping[field] = at;
  }
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
}

export function incomingRows(table: CsvTable, mapping: ImportMapping): IncomingRow[] {
  const cell = (cells: string[], at: number | undefined) => (at === undefined ? null : (cells[at]?.trim() || null));
  return table.rows.map((r) => ({
    line: r.line,
    email: cell(r.cells, mapping.email),
    externalId: cell(r.cells, mapping.externalId),
    name: cell(r.cells, mapping.name),
    company: cell(r.cells, mapping.company),
  }));
}
