import { badInput } from '../../src-shared/errors';
import { quoteCut } from '../../src-shared/text/short-line';
import { CHUNK_ROWS, TextChunkBuilder, type TextChunk } from '../../src-shared/resolver/text-columns';
import { guessColumns, headerSignature, mappedCell, type ImportMapping } from './import-columns';
import { decodeTextAuto, readFileBytes } from '../csv/decode';
import { streamCsv, type CsvProblem, type CsvVisitor } from '../csv/read-csv';
import { streamXlsx } from '../xlsx/read-xlsx';
import { looksLikeZip } from '../xlsx/zip-entries';
import { KEPT_PROBLEMS } from '../csv/csv-limits';

/** An import file to read: its text, or a path to read it from. */
export interface IncomingSource {
  file: string;
  text?: string;
  /** The file's bytes (the app sends an .xlsx as bytes); otherwise read from `file`. */
  bytes?: Uint8Array;
  /** An .xlsx's sheet by name; its first sheet otherwise. */
  sheet?: string;
  /** The mapping to use; otherwise the one saved for the file's header, or a guess. */
  mapping?: ImportMapping;
  /** Saved mappings by header signature (import_mappings), for a reader without the workspace. */
  saved: Record<string, ImportMapping>;
}

/** What is known once the header is read. */
export interface IncomingHead {
  header: string[];
  mapping: ImportMapping;
  /** False when no column is mapped to email or external id: rows are not kept. */
  planned: boolean;
}

/** Rows in the order of the file: email, external id, name, company (import-plan.ts), and their lines. */
export interface IncomingChunk {
  chunk: TextChunk;
  lines: Int32Array;
}

export interface IncomingEnd {
  /** The first KEPT_PROBLEMS bad rows, by line. */
  problems: CsvProblem[];
  /** All bad rows. */
  problemCount: number;
}

export interface IncomingSink {
  /**
   * The file's bytes, once decoded (not for a source given as text): the caller takes
   * the report's checksum of them, so the file is read once (issue 7).
   */
  bytes?(bytes: Uint8Array): void;
  head(head: IncomingHead): void;
  chunk(chunk: IncomingChunk): void;
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads an import file in one streaming pass (issue 7): bad rows are reported by line
 * and do not stop the rest (SPEC §7.2), an email that is not one is a bad row, and the
 * mapped cells of good rows go out in chunks of CHUNK_ROWS. It needs no workspace, so
 * it runs the same in a worker thread (incoming-worker.ts) and in the caller's.
 */
export function readIncoming(source: IncomingSource, sink: IncomingSink): IncomingEnd {
  const input = source.text ?? readFile(source, sink);
  let mapping: ImportMapping = {};
  let planned = false;
  const builder = new TextChunkBuilder(4);
  let lines = new Int32Array(CHUNK_ROWS);
  const invalid: CsvProblem[] = [];
  let invalidCount = 0;
  const visitor: CsvVisitor = {
    header: (header) => {
      mapping = source.mapping ?? source.saved[headerSignature(header)] ?? guessColumns(header);
      for (const [field, at] of Object.entries(mapping)) {
        if (at !== undefined && (at < 0 || at >= header.length)) throw badInput('bad_mapping', `${source.file}: mapping for ${field} points at column ${at}, which the file does not have`);
      }
      planned = mapping.email !== undefined || mapping.externalId !== undefined;
      sink.head({ header, mapping, planned });
    },
    row: (line, cells) => {
      if (!planned) return;
      const email = mappedCell(cells, mapping.email);
      // Longer than an address can be (RFC 5321) is not tested: the pattern backtracks on a long cell.
      if (email && (email.length > 254 || !EMAIL_SHAPE.test(email))) {
        if (invalidCount++ < KEPT_PROBLEMS) invalid.push({ line, message: `${quoteCut(email, 100)} is not a valid email` });
        return;
      }
      lines[builder.rows] = line;
      builder.push(email);
      builder.push(mappedCell(cells, mapping.externalId));
      builder.push(mappedCell(cells, mapping.name));
      builder.push(mappedCell(cells, mapping.company));
      if (builder.rows === CHUNK_ROWS) {
        sink.chunk({ chunk: builder.take(), lines });
        lines = new Int32Array(CHUNK_ROWS);
      }
    },
  };
  const read =
    typeof input !== 'string'
      ? xlsxThenBytes(input, source, sink, visitor)
      : // A slice, not a replace: a replace copies a 100 MB text.
        streamCsv(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, source.file, { badRows: 'collect' }, visitor);
  if (builder.rows > 0) {
    const rows = builder.rows;
    sink.chunk({ chunk: builder.take(), lines: lines.slice(0, rows) });
  }
  const problems = invalid.length ? [...read.problems, ...invalid].sort((a, b) => a.line - b.line).slice(0, KEPT_PROBLEMS) : read.problems;
  return { problems, problemCount: read.problemCount + invalidCount };
}

function xlsxThenBytes(bytes: Uint8Array, source: IncomingSource, sink: IncomingSink, visitor: CsvVisitor) {
  const read = streamXlsx(bytes, source.file, { badRows: 'collect', sheet: source.sheet }, visitor);
  if (!source.bytes) sink.bytes?.(bytes);
  return read;
}

/** The file's text, or its bytes when it is an .xlsx. */
function readFile(source: IncomingSource, sink: IncomingSink): string | Uint8Array {
  const bytes = source.bytes ?? readFileBytes(source.file);
  // An .xlsx's bytes go to the sink once read: the worker hands them over by moving
  // their buffer, which leaves nothing here to read.
  if (looksLikeZip(bytes)) return bytes;
  if (source.sheet !== undefined) throw badInput('bad_option', `${source.file}: --sheet is for .xlsx files, and this one is not`);
  const text = decodeTextAuto(source.file, bytes);
  if (!source.bytes) sink.bytes?.(bytes);
  return text;
}
