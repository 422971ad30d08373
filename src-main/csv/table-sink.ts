import { badInput } from '../../src-shared/errors';
import { formatCount, listCut, quoteCut } from '../../src-shared/text/short-line';
import { KEPT_PROBLEMS } from './csv-limits';

export interface CsvProblem {
  line: number;
  message: string;
}

/** What a streaming read hands back: the header first, then each good row with its line. */
export interface CsvVisitor {
  header?: (header: string[]) => void;
  row: (line: number, cells: string[]) => void;
}

export interface SinkOptions {
  /** 'fail' (default): the first malformed row is bad input (exit 2). 'collect': report and go on. */
  badRows?: 'fail' | 'collect';
  /** Columns the file must have: checked on the header, before any row is read. */
  required?: readonly string[];
}

/** A row of nothing but whitespace (a blank line, or only delimiters). */
function isBlank(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (cells[i]!.trim() !== '') return false; // usually decided by the first cell or two
  return true;
}

/**
 * What every table reader (CSV, .xlsx) does with the rows it reads: blank rows skipped,
 * the first row the header (checked for the required columns), each other row as wide as
 * the header, bad rows refused or collected — the first KEPT_PROBLEMS kept, all counted.
 * `where` names a place for a refusal: "file.csv:12" or 'file.xlsx, sheet "People", row 12'.
 */
export function tableSink(file: string, options: SinkOptions, visit: CsvVisitor, where: (line: number) => string = (line) => `${file}:${line}`) {
  const problems: CsvProblem[] = [];
  let problemCount = 0;
  // A million bad rows often share a handful of messages: each is kept once.
  const messages = new Map<string, string>();
  let header: string[] | undefined;
  const fail = (line: number, message: string): void => {
    if (!header) throw badInput('bad_csv', `${where(line)}: the header has ${message}`);
    if (options.badRows !== 'collect') throw badInput('bad_csv', `${where(line)}: ${message}`);
    if (problemCount++ >= KEPT_PROBLEMS) return;
    let kept = messages.get(message);
    if (kept === undefined) {
      kept = message;
      if (messages.size < 1000) messages.set(message, message);
    }
    problems.push({ line, message: kept });
  };
  return {
    fail,
    /** The header's width, once read. */
    width: (): number | undefined => header?.length,
    row(line: number, cells: string[]): void {
      if (isBlank(cells)) return;
      if (!header) {
        header = cells.map((c) => c.trim());
        if (options.required) requireColumns({ file, header }, options.required);
        visit.header?.(header);
        return;
      }
      if (cells.length !== header.length) return fail(line, `expected ${formatCount(header.length)} cells like the header, found ${formatCount(cells.length)}`);
      visit.row(line, cells);
    },
    end(): { header: string[]; problems: CsvProblem[]; problemCount: number } {
      if (!header) throw badInput('empty_csv', `${file}: the file is empty (a header row is needed)`);
      return { header, problems, problemCount };
    },
  };
}

/** Indexes of the named columns, or bad input naming the file and the missing column. */
export function requireColumns(table: { file: string; header: readonly string[] }, names: readonly string[]): number[] {
  return names.map((name) => {
    const at = table.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
    if (at < 0) {
      const found = table.header.length ? `found ${formatCount(table.header.length)} column${table.header.length > 1 ? 's' : ''}: ${listCut(table.header.map((h) => quoteCut(h, 30)))}` : 'found none';
      throw badInput('missing_column', `${table.file}:1: missing column "${name}" (${found})`);
    }
    return at;
  });
}
