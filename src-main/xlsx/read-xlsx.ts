import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { badInput } from '../../src-shared/errors';
import { formatBytes, formatCount, listCut, quoteCut } from '../../src-shared/text/short-line';
import { cellTooLong, READ_LIMITS, type ReadLimits } from '../csv/csv-limits';
import { tableSink, type CsvProblem, type CsvVisitor, type SinkOptions } from '../csv/table-sink';
import { inflateEntry, zipEntries, type ZipEntry } from './zip-entries';

export interface XlsxOptions extends SinkOptions {
  /** The sheet to read, by its tab name; the first sheet when not given. */
  sheet?: string;
  limits?: Partial<ReadLimits>;
}

/** Excel's last column is XFD (16,384 columns). */
const MAX_COLUMNS = 16_384;
/** The small parts (workbook, relationships) are read whole, up to this. */
const SMALL_PART_BYTES = 16 << 20;
/** Different texts a workbook may hold (its shared strings are kept while the sheet is read). */
const MAX_SHARED_STRINGS = 4_000_000;
/** A sheet's XML is streamed, never held: its limit (this many times the file limit) only bounds the time a zip bomb takes. */
const SHEET_XML_FACTOR = 4;

/** "C" → 2, "AA" → 26 (the letters of a cell reference like C5). */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
    if (n > MAX_COLUMNS) return n - 1;
  }
  return n - 1;
}

/** 2 → "C" (for messages). */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Streams a part's XML through saxes: the bytes are inflated, decoded and parsed a piece
 * at a time. Malformed XML, and entities a document declares for itself (the "billion
 * laughs"), are refused with one line naming the part.
 */
function parsePart(bytes: Uint8Array, entry: ZipEntry, file: string, maxBytes: number, maxText: number, handlers: { open?: (tag: SaxesTagPlain) => void; close?: (name: string) => void; text?: (text: string) => void }): void {
  const parser = new SaxesParser();
  if (handlers.open) parser.on('opentag', handlers.open);
  if (handlers.close) parser.on('closetag', (tag) => handlers.close!(tag.name));
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  const decoder = new TextDecoder('utf-8');
  // saxes holds a text until the tag after it: a text longer than this (no "<" for that
  // long) refuses the file, so that what it holds stays bounded.
  let sinceTag = 0;
  try {
    inflateEntry(bytes, entry, file, maxBytes, (piece, final) => {
      const text = decoder.decode(piece, { stream: !final });
      for (let from = 0; ; ) {
        const tag = text.indexOf('<', from);
        sinceTag += (tag === -1 ? text.length : tag) - from;
        if (sinceTag > maxText || tag === -1) break;
        sinceTag = 0;
        from = tag + 1;
      }
      if (sinceTag > maxText) throw badInput('xlsx_too_large', `${file}: ${entry.name} holds a text of more than ${formatBytes(maxText)}, the limit`);
      parser.write(text);
      if (final) parser.close();
    });
  } catch (e) {
    if (e instanceof Error && e.name === 'RekeyError') throw e;
    throw badInput('bad_xlsx', `${file}: not a readable .xlsx (${entry.name}: ${(e as Error).message.split('\n')[0]})`);
  }
}

/** The workbook's sheets in tab order, each with the part that holds it. */
function sheetsOf(bytes: Uint8Array, entries: Map<string, ZipEntry>, file: string): { name: string; part: string }[] {
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) throw badInput('bad_xlsx', `${file}: not an .xlsx workbook (no xl/workbook.xml inside)`);
  const targets = new Map<string, string>();
  parsePart(bytes, rels, file, SMALL_PART_BYTES, SMALL_PART_BYTES, {
    open: (tag) => {
      if (localName(tag.name) === 'Relationship' && tag.attributes.Id && tag.attributes.Target) targets.set(tag.attributes.Id, tag.attributes.Target);
    },
  });
  const sheets: { name: string; part: string }[] = [];
  parsePart(bytes, workbook, file, SMALL_PART_BYTES, SMALL_PART_BYTES, {
    open: (tag) => {
      if (localName(tag.name) !== 'sheet') return;
      const id = Object.entries(tag.attributes).find(([k]) => localName(k) === 'id' && k !== 'sheetId')?.[1];
      const target = id ? targets.get(id) : undefined;
      if (tag.attributes.name && target) sheets.push({ name: tag.attributes.name, part: target.startsWith('/') ? target.slice(1) : `xl/${target}` });
    },
  });
  if (sheets.length === 0) throw badInput('bad_xlsx', `${file}: the workbook has no sheet`);
  return sheets;
}

/** The workbook's shared texts; a text over the cell limit is kept as its length only. */
function sharedStrings(bytes: Uint8Array, entries: Map<string, ZipEntry>, file: string, limits: ReadLimits): (string | number)[] {
  const entry = entries.get('xl/sharedStrings.xml');
  if (!entry) return [];
  const strings: (string | number)[] = [];
  let inItem = false;
  let inPhonetic = false;
  let inText = false;
  let text = '';
  let length = 0;
  parsePart(bytes, entry, file, limits.fileBytes, limits.rowChars, {
    open: (tag) => {
      const name = localName(tag.name);
      if (name === 'si') {
        inItem = true;
        text = '';
        length = 0;
      } else if (name === 'rPh') inPhonetic = true;
      else if (name === 't' && inItem && !inPhonetic) inText = true;
    },
    text: (t) => {
      if (!inText) return;
      length += t.length;
      if (length <= limits.cellChars) text += t;
    },
    close: (tagName) => {
      const name = localName(tagName);
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si') {
        inItem = false;
        if (strings.length >= MAX_SHARED_STRINGS) throw badInput('xlsx_too_large', `${file}: more than ${formatCount(MAX_SHARED_STRINGS)} different texts in the workbook`);
        strings.push(length > limits.cellChars ? length : text);
      }
    },
  });
  return strings;
}

/**
 * Reads one sheet of an .xlsx as a table (the first row that is not blank is the
 * header), row by row, with the same rules and limits as a CSV: a cell over the limit
 * makes its row a bad row, placed by sheet, row and column. The zip's parts are
 * inflated in pieces and the sheet is parsed as it streams (fflate, saxes): only the
 * shared texts and the current row are held, and a zip bomb stops at the limits.
 * Numbers and dates come as Excel stores them (a date is a serial number).
 */
export function streamXlsx(bytes: Uint8Array, file: string, options: XlsxOptions, visit: CsvVisitor): { header: string[]; problems: CsvProblem[]; problemCount: number; sheet: string } {
  const limits = { ...READ_LIMITS, ...options.limits };
  const entries = zipEntries(bytes, file);
  const sheets = sheetsOf(bytes, entries, file);
  const sheet = options.sheet === undefined ? sheets[0]! : sheets.find((s) => s.name === options.sheet) ?? sheets.find((s) => s.name.toLowerCase() === options.sheet!.toLowerCase());
  if (!sheet) throw badInput('no_such_sheet', `${file}: no sheet named ${quoteCut(options.sheet!)} (the sheets: ${listCut(sheets.map((s) => quoteCut(s.name)))})`);
  const part = entries.get(sheet.part);
  if (!part) throw badInput('bad_xlsx', `${file}: not a readable .xlsx (sheet "${sheet.name}" is missing from it)`);
  const shared = sharedStrings(bytes, entries, file, limits);
  const place = `${file}, sheet ${quoteCut(sheet.name)}`;
  const sink = tableSink(file, options, visit, (row) => `${place}, row ${row}`);

  let rowNumber = 0;
  let cells: string[] = [];
  let rowChars = 0;
  let tooLong: { column: number; chars: number } | undefined;
  let beyond: number | undefined;
  let column = -1;
  let type = '';
  let inValue = false;
  let inInline = false;
  let value = '';
  let valueLength = 0;

  const endCell = () => {
    let text: string | number = value;
    if (type === 's') text = shared[Number(value)] ?? '';
    else if (type === 'b') text = value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
    const chars = typeof text === 'number' ? text : Math.max(valueLength, text.length);
    if (chars > limits.cellChars) {
      tooLong ??= { column, chars };
      return;
    }
    if (typeof text === 'number' || text === '') return;
    rowChars += text.length;
    if (rowChars > limits.rowChars) throw badInput('line_too_long', `${place}, row ${rowNumber}: a row of more than ${formatBytes(limits.rowChars)}, the limit`);
    const width = sink.width();
    if (width !== undefined && column >= width) {
      beyond ??= column;
      return;
    }
    while (cells.length < column) cells.push('');
    cells[column] = text;
  };
  const endRow = () => {
    if (tooLong) sink.fail(rowNumber, `column ${columnName(tooLong.column)}: ${cellTooLong(tooLong.chars, limits.cellChars)}`);
    else if (beyond !== undefined) sink.fail(rowNumber, `column ${columnName(beyond)}: a value beyond the header's ${formatCount(sink.width()!)} columns`);
    else {
      const width = sink.width();
      if (width !== undefined) while (cells.length < width) cells.push('');
      sink.row(rowNumber, cells);
    }
    cells = [];
    rowChars = 0;
    tooLong = undefined;
    beyond = undefined;
    column = -1;
  };

  parsePart(bytes, part, file, SHEET_XML_FACTOR * limits.fileBytes, limits.rowChars, {
    open: (tag) => {
      const name = localName(tag.name);
      if (name === 'row') {
        const r = Number(tag.attributes.r);
        rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
      } else if (name === 'c') {
        const ref = tag.attributes.r;
        column = ref ? columnIndex(ref) : column + 1;
        if (column >= MAX_COLUMNS || column < 0) throw badInput('bad_xlsx', `${place}, row ${rowNumber}: a cell beyond Excel's last column (XFD)`);
        type = tag.attributes.t ?? 'n';
        value = '';
        valueLength = 0;
      } else if (name === 'v') inValue = true;
      else if (name === 'is') inInline = true;
      else if (name === 't' && inInline) inValue = true;
    },
    text: (t) => {
      if (!inValue) return;
      valueLength += t.length;
      if (valueLength <= limits.cellChars) value += t;
    },
    close: (tagName) => {
      const name = localName(tagName);
      if (name === 'v' || name === 't') inValue = false;
      else if (name === 'is') inInline = false;
      else if (name === 'c') endCell();
      else if (name === 'row') endRow();
    },
  });
  return { ...sink.end(), sheet: sheet.name };
}
