import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import { badInput } from '../../src-shared/errors';
import { formatBytes, formatCount } from '../../src-shared/text/short-line';
import { cellTooLong, READ_LIMITS, type ReadLimits } from './csv-limits';
import { decodeTextAuto, readFileBytes } from './decode';
import { streamXlsx } from '../xlsx/read-xlsx';
import { looksLikeZip } from '../xlsx/zip-entries';
import { tableSink, type CsvProblem, type CsvVisitor, type SinkOptions } from './table-sink';

export { requireColumns, type CsvProblem, type CsvVisitor } from './table-sink';

export interface CsvRow {
  /** 1-based line of the file where the row starts (the header is line 1). */
  line: number;
  cells: string[];
}

export interface CsvTable {
  file: string;
  header: string[];
  rows: CsvRow[];
  delimiter: string;
  /** Rows left out because they were malformed (only with `badRows: 'collect'`): the first KEPT_PROBLEMS. */
  problems: CsvProblem[];
  /** How many rows were left out, kept or not. */
  problemCount: number;
}

export interface CsvOptions extends SinkOptions {
  /** Delimiter; detected among `,` `;` and tab when not given. */
  delimiter?: string;
  /** Tighter or looser limits than READ_LIMITS (tests). */
  limits?: Partial<ReadLimits>;
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

function detectDelimiter(text: string): string {
  // The first line, or its first 64 KiB: a file with no line break is not split whole.
  const nl = text.search(/\r|\n/);
  const firstLine = text.slice(0, Math.min(nl === -1 ? text.length : nl, 1 << 16));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

/** papaparse's own guess of the line break (its ParserHandle does it before parsing; the raw Parser does not). */
function detectNewline(text: string): '\n' | '\r' | '\r\n' {
  const head = text.slice(0, 1 << 20).replace(/"[^]*?"/g, '');
  const r = head.split('\r');
  const n = head.split('\n');
  if (r.length === 1 || (n.length > 1 && n[0]!.length < r[0]!.length)) return '\n';
  let withN = 0;
  for (const piece of r) if (piece[0] === '\n') withN++;
  return withN >= r.length / 2 ? '\r\n' : '\r';
}

const QUOTE = 34;
/** Rows are parsed in pieces of this many characters (see the loop in streamCsv). */
const PIECE = 1 << 16;

/**
 * The extent of one row that does not fit in a piece, found without making a string of
 * it (a 60 MB cell costs nothing here): where it ends, and its longest cell. It follows
 * papaparse's rules: a cell is quoted only when it starts with a quote, `""` is a quote
 * inside one, and a quoted cell may hold line breaks.
 */
export function measureRow(text: string, from: number, delimiter: string, newline: string): { end: number; longest: number; unclosed: boolean } {
  const n = text.length;
  let i = from;
  let longest = 0;
  let nextDelim = text.indexOf(delimiter, i);
  let nextLine = text.indexOf(newline, i);
  for (;;) {
    const cellStart = i;
    if (text.charCodeAt(i) === QUOTE) {
      let q = i;
      for (;;) {
        q = text.indexOf('"', q + 1);
        if (q === -1) return { end: n, longest: Math.max(longest, n - cellStart), unclosed: true };
        if (text.charCodeAt(q + 1) !== QUOTE) break;
        q++;
      }
      i = q + 1;
      if (nextDelim !== -1 && nextDelim < i) nextDelim = text.indexOf(delimiter, i);
      if (nextLine !== -1 && nextLine < i) nextLine = text.indexOf(newline, i);
    }
    const d = nextDelim === -1 ? n : nextDelim;
    const l = nextLine === -1 ? n : nextLine;
    if (d < l) {
      longest = Math.max(longest, d - cellStart);
      i = d + delimiter.length;
      nextDelim = text.indexOf(delimiter, i);
      continue;
    }
    longest = Math.max(longest, l - cellStart);
    return { end: l === n ? n : l + newline.length, longest, unclosed: false };
  }
}

/**
 * Reads CSV text with a header row (papaparse: RFC 4180 quoting, embedded newlines,
 * CRLF), row by row without keeping them: a million-row import preview holds its rows
 * its own way. Each row comes with the line it starts on; malformed rows — an
 * unterminated quote, a wrong cell count, a cell over the limit — are reported by line.
 *
 * The text goes to papaparse's Parser in pieces of 64 KiB, each ending where the last
 * whole row of the piece ends. A row longer than a piece is measured first
 * (measureRow): with a cell over the limit it is a bad row and skipped without being
 * parsed; otherwise it is parsed as one piece, or the file refused past the row limit.
 * (papaparse's own streamer re-parsed a long row's growing beginning for every 64 KiB
 * piece: a 60 MB line took minutes and 4 GB.)
 */
export function streamCsv(text: string, file: string, options: CsvOptions, visit: CsvVisitor): { header: string[]; delimiter: string; problems: CsvProblem[]; problemCount: number } {
  const limits = { ...READ_LIMITS, ...options.limits };
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const newline = detectNewline(text);
  const checkCells = limits.cellChars < PIECE;
  const sink = tableSink(file, options, visit);
  const fail = sink.fail;
  const lineAt = lineCounter(text);
  let rowStart = 0;

  const parser = new Papa.Parser({
    delimiter,
    newline,
    // Blank lines are skipped here, not by papaparse: a row it drops never reaches step,
    // and the next row would be numbered from where the blank line began. Its 'greedy'
    // test also joined and trimmed every row (0.09 s on a million).
    skipEmptyLines: false,
    step: (result: Papa.ParseStepResult<string[][]>) => {
      const line = lineAt(rowStart);
      rowStart = result.meta.cursor;
      const cells = result.data[0]!;
      const quoteError = result.errors.find((e) => e.type === 'Quotes');
      if (quoteError) return fail(line, 'a quoted cell is never closed');
      // A piece is shorter than the default cell limit, so only a tighter limit needs a look here.
      if (checkCells) {
        const longest = cells.reduce((m, c) => Math.max(m, c.length), 0);
        if (longest > limits.cellChars) return fail(line, cellTooLong(longest, limits.cellChars));
      }
      sink.row(line, cells);
    },
  });
  /** Parses text[from, to) and says where its last whole row ends (all of it when `last`). */
  const parse = (from: number, to: number, last: boolean): number => {
    rowStart = from;
    const result = parser.parse(text.slice(from, to), from, !last) as Papa.ParseResult<string[]>;
    return last ? to : result.meta.cursor;
  };

  for (let at = 0; at < text.length; ) {
    const to = Math.min(text.length, at + PIECE);
    const next = parse(at, to, to === text.length);
    if (next > at) {
      at = next;
      continue;
    }
    // No whole row in the piece: one row longer than a piece starts here.
    const row = measureRow(text, at, delimiter, newline);
    const line = lineAt(at);
    if (row.longest > limits.cellChars) {
      fail(line, row.unclosed ? `a quoted cell that is never closed (${formatCount(row.longest)} characters to the end of the file)` : cellTooLong(row.longest, limits.cellChars));
      at = row.end;
    } else if (row.end - at > limits.rowChars) {
      throw badInput('line_too_long', `${file}:${line}: a ${sink.width() !== undefined ? 'line' : 'header'} of ${formatCount(row.end - at)} characters, longer than the ${formatBytes(limits.rowChars)} limit`);
    } else {
      const whole = parse(at, row.end, row.end === text.length);
      // papaparse and measureRow disagreeing on where the row ends: take the piece whole.
      at = whole > at ? whole : parse(at, row.end, true);
    }
  }
  return { ...sink.end(), delimiter };
}

/** The whole table (small files: renames, merges); see streamCsv. */
export function parseCsv(text: string, file: string, options: CsvOptions = {}): CsvTable {
  const rows: CsvRow[] = [];
  const { header, delimiter, problems, problemCount } = streamCsv(text, file, options, { row: (line, cells) => rows.push({ line, cells }) });
  return { file, header, rows, delimiter, problems, problemCount };
}

/**
 * A CSV or .xlsx file's table (the first sheet, or `sheet`) and the SHA-256 of its
 * bytes (read once). An .xlsx is known by its content, not its name.
 */
export function readCsvFile(path: string, options: CsvOptions & { sheet?: string } = {}): CsvTable & { sha256: string } {
  return readTable(readFileBytes(path), path, options);
}

/** A table from a file's bytes, CSV or .xlsx (see readCsvFile); `path` names it in errors. */
export function readTable(bytes: Uint8Array, path: string, options: CsvOptions & { sheet?: string } = {}): CsvTable & { sha256: string } {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (looksLikeZip(bytes)) {
    const rows: CsvRow[] = [];
    const read = streamXlsx(bytes, path, options, { row: (line, cells) => rows.push({ line, cells }) });
    return { file: path, header: read.header, rows, delimiter: '', problems: read.problems, problemCount: read.problemCount, sha256 };
  }
  if (options.sheet !== undefined) throw badInput('bad_option', `${path}: --sheet is for .xlsx files, and this one is not`);
  return { ...parseCsv(decodeTextAuto(path, bytes), path, options), sha256 };
}
