import { formatBytes, formatCount } from '../../src-shared/text/short-line';

/**
 * How much of a user's file a reader will hold (issue 24). Whatever the shape of the
 * file — one giant cell, 300,000 columns, no line break at all — a reader holds the file
 * and its rows, never a multiple of them: past these limits a row is a bad row or the
 * file is refused with one line.
 */
export interface ReadLimits {
  /** A longer cell makes its row a bad row (the header's: the file is refused). */
  cellChars: number;
  /** A longer row (or header) with no oversized cell refuses the file. */
  rowChars: number;
  /** A larger file is refused before it is read. */
  fileBytes: number;
}

export const READ_LIMITS: ReadLimits = {
  cellChars: 1 << 20,
  rowChars: 16 << 20,
  // Below V8's longest string (2^29 - 24 characters) with room for a UTF-16 file's text.
  fileBytes: 256 << 20,
};

/**
 * Bad rows kept with their line and message; the rest are counted. A file of two million
 * bad rows is told as the first ten thousand and a count: nobody reads further, and
 * keeping them all cost 300 MB.
 */
export const KEPT_PROBLEMS = 10_000;

export const cellTooLong = (chars: number, limit: number) => `a cell of ${formatCount(chars)} characters, longer than the ${formatBytes(limit)} limit`;
