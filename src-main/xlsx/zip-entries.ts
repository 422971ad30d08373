import { Inflate } from 'fflate';
import { badInput } from '../../src-shared/errors';
import { formatBytes } from '../../src-shared/text/short-line';

/** One file inside a zip, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  localOffset: number;
}

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** Whether bytes start like a zip (an .xlsx is one). */
export const looksLikeZip = (bytes: Uint8Array) => bytes.length >= 4 && u32(bytes, 0) === 0x04034b50;

/**
 * The entries of a zip, from its central directory (the local headers can leave their
 * sizes to a trailing descriptor; the directory always has them). `file` names the
 * zip in errors.
 */
export function zipEntries(bytes: Uint8Array, file: string): Map<string, ZipEntry> {
  const broken = () => badInput('bad_xlsx', `${file}: not a readable .xlsx (its zip directory is damaged)`);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(bytes, at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw broken();
  const count = u16(bytes, end + 10);
  let at = u32(bytes, end + 16);
  const entries = new Map<string, ZipEntry>();
  const names = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50) throw broken();
    const nameLength = u16(bytes, at + 28);
    const entry: ZipEntry = {
      flags: u16(bytes, at + 8),
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      localOffset: u32(bytes, at + 42),
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    };
    entries.set(entry.name, entry);
    at += 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
  }
  return entries;
}

/**
 * Streams an entry's decompressed bytes to `onData` in pieces, never holding it whole,
 * and stops with one line past `maxBytes` of output: a zip bomb (a few kilobytes that
 * inflate to gigabytes) costs at most the limit, whatever its header claims.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, file: string, maxBytes: number, onData: (piece: Uint8Array, final: boolean) => void): void {
  if (entry.flags & 1) throw badInput('bad_xlsx', `${file}: the workbook is password-protected; save it without a password`);
  const local = entry.localOffset;
  if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) throw badInput('bad_xlsx', `${file}: not a readable .xlsx (${entry.name} is damaged)`);
  const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
  const data = bytes.subarray(start, Math.min(bytes.length, start + entry.compressedSize));
  let total = 0;
  // What onData throws (the XML parser's complaint) goes out as it is; only inflate's own is "damaged".
  let fromData: unknown;
  const take = (piece: Uint8Array, final: boolean) => {
    total += piece.length;
    if (total > maxBytes) throw (fromData = badInput('xlsx_too_large', `${file}: ${entry.name} inflates past the ${formatBytes(maxBytes)} limit`));
    try {
      onData(piece, final);
    } catch (e) {
      throw (fromData = e);
    }
  };
  if (entry.method === 0) return take(data, true);
  if (entry.method !== 8) throw badInput('bad_xlsx', `${file}: not a readable .xlsx (${entry.name} uses an unknown compression)`);
  const inflate = new Inflate(take);
  // 16 KiB in at a time: deflate inflates at most ~1,000-fold, so a piece out is ≤ 16 MB.
  const PIECE = 1 << 14;
  try {
    for (let at = 0; at < data.length; at += PIECE) inflate.push(data.subarray(at, at + PIECE), at + PIECE >= data.length);
    if (data.length === 0) inflate.push(new Uint8Array(0), true);
  } catch (e) {
    if (e === fromData) throw e;
    throw badInput('bad_xlsx', `${file}: not a readable .xlsx (${entry.name} is damaged: ${(e as Error).message})`);
  }
}
