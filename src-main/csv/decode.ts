import { readFileSync, statSync } from 'node:fs';
import { badInput } from '../../src-shared/errors';
import { formatBytes, formatCount } from '../../src-shared/text/short-line';
import { READ_LIMITS } from './csv-limits';

/**
 * Reads a text file the way spreadsheets export them: UTF-8 with or without a BOM, or
 * UTF-16 (LE or BE) with a BOM. A file with NUL bytes and no UTF-16 BOM is not text,
 * and is refused with one line naming it.
 */
export function readTextAuto(path: string): string {
  return decodeTextAuto(path, readFileBytes(path));
}

/** A file's bytes, or bad input naming it (missing, a folder, or past the size limit). */
export function readFileBytes(path: string): Buffer {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw badInput('not_a_file', `${path}: is a folder, not a file`);
    if (stat.size > READ_LIMITS.fileBytes) throw badInput('file_too_large', `${path}: a file of ${formatCount(stat.size)} bytes, larger than the ${formatBytes(READ_LIMITS.fileBytes)} limit`);
    return readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw badInput('file_not_found', `${path}: no such file`);
    throw e;
  }
}

/** The text of a file's bytes (see readTextAuto); `path` names the file in errors. */
export function decodeTextAuto(path: string, bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) throw badInput('not_text', `${path}: not a CSV, text or .xlsx file (it contains binary data; save it as CSV or .xlsx)`);
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    throw badInput('not_utf8', `${path}: not UTF-8 text (save it as CSV UTF-8, or UTF-16 with a BOM)`);
  }
}
