import Papa from 'papaparse';
import { badInput } from '../../src-shared/errors';
import { readTextAuto } from './decode';

export interface CsvRow {
  /** 1-based line of the file where the row starts (the header is line 1). */
  line: number;
  cells: string[];
}

export interface CsvProblem {
  line: number;
  message: string;
}

export interface CsvTable {
  file: string;
  header: string[];
  rows: CsvRow[];
  delimiter: string;
  /** Rows left out because they were malformed (only with `badRows: 'collect'`). */
  problems: CsvProblem[];
}

export interface CsvOptions {
  /** 'fail' (default): the first malformed row is bad input (exit 2). 'collect': report and go on. */
  badRows?: 'fail' | 'collect';
  /** Delimiter; detected among `,` `;` and tab when not given. */
  delimiter?: string;
}

/**
 * Counts line breaks (LF, CRLF, lone CR) before an offset, so each row can be named by
 * the line it starts on. indexOf jumps from break to break natively: a char-by-char loop
 * over a 40 MB file cost a tenth of a second.
 */
function lineCounter(text: string) {
  let line = 1;
  let nextLf = text.indexOf('\n');
  let nextCr = text.indexOf('\r');
  return (to: number) => {
    for (; nextLf !== -1 && nextLf < to; nextLf = text.indexOf('\n', nextLf + 1)) line++;
    for (; nextCr !== -1 && nextCr < to; nextCr = text.indexOf('\r', nextCr + 1)) if (text.charCodeAt(nextCr + 1) !== 10) line++;
    return line;
  };
}

/** A row of nothing but whitespace (a blank line, or only delimiters). */
function isBlank(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (cells[i]!.trim() !== '') return false; // usually decided by the first cell or two
  return true;
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

/** What a streaming read hands back: the header first, then each good row with its line. */
export interface CsvVisitor {
  header?: (header: string[]) => void;
  row: (line: number, cells: string[]) => void;
}

/**
 * Reads CSV text with a header row (papaparse: RFC 4180 quoting, embedded newlines,
 * CRLF), row by row without keeping them: a million-row import preview holds its rows
 * its own way. Each row comes with the line it starts on; malformed rows — an
 * unterminated quote or a wrong cell count — are reported by line.
 */
export function streamCsv(text: string, file: string, options: CsvOptions, visit: CsvVisitor): { header: string[]; delimiter: string; problems: CsvProblem[] } {
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const problems: CsvProblem[] = [];
  let header: string[] | undefined;
  const lineAt = lineCounter(text);
  let rowStart = 0;
  const fail = (line: number, message: string) => {
    if (options.badRows === 'collect') problems.push({ line, message });
    else throw badInput('bad_csv', `${file}:${line}: ${message}`);
  };

  Papa.parse<string[]>(text, {
    delimiter,
    // Blank lines are skipped here, not by papaparse: a row it drops never reaches step,
    // and the next row would be numbered from where the blank line began. Its 'greedy'
    // test also joined and trimmed every row (0.09 s on a million).
    skipEmptyLines: false,
    // Pieces of 64 KiB, not 1 MiB: papaparse holds a piece's rows as strings until the
    // piece is done, and each young-generation collection copies what is held. A million
    // rows spent 0.19 s collecting garbage with 1 MiB pieces, 0.10 s with these.
    chunkSize: 1 << 16,
    step: (result) => {
      const line = lineAt(rowStart);
      rowStart = result.meta.cursor;
      const cells = result.data;
      if (isBlank(cells)) return;
      const quoteError = result.errors.find((e) => e.type === 'Quotes');
      if (quoteError) return fail(line, 'a quoted cell is never closed');
      if (!header) {
        header = cells.map((c) => c.trim());
        visit.header?.(header);
        return;
      }
      if (cells.length !== header.length) {
        return fail(line, `expected ${header.length} cells like the header, found ${cells.length}`);
      }
      visit.row(line, cells);
    },
  });
  if (!header) throw badInput('empty_csv', `${file}: the file is empty (a header row is needed)`);
  return { header, delimiter, problems };
}

/** The whole table (small files: renames, merges); see streamCsv. */
export function parseCsv(text: string, file: string, options: CsvOptions = {}): CsvTable {
  const rows: CsvRow[] = [];
  const { header, delimiter, problems } = streamCsv(text, file, options, { row: (line, cells) => rows.push({ line, cells }) });
  return { file, header, rows, delimiter, problems };
}

export function readCsvFile(path: string, options: CsvOptions = {}): CsvTable {
  return parseCsv(readTextAuto(path), path, options);
}

/** Indexes of the named columns, or bad input naming the file and the missing column. */
export function requireColumns(table: CsvTable, names: readonly string[]): number[] {
  return names.map((name) => {
    const at = table.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
    if (at < 0) throw badInput('missing_column', `${table.file}:1: missing column "${name}" (found: ${table.header.map((h) => JSON.stringify(h)).join(', ') || 'none'})`);
    return at;
  });
}
