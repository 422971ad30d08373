import { statSync } from 'node:fs';
import type { TextChunk } from '../../src-shared/resolver/text-columns';

/**
 * About how many rows a CSV import holds, from its size and its first chunk of rows (the
 * mapped cells' length per row, plus a delimiter per cell). Only a hint for sizing the
 * users' index ahead of planning (PackedIdentityIndex.expectRows): a wrong guess costs
 * memory or a few more grows, never a different decision. Undefined for a spreadsheet
 * (its bytes are compressed) or when the size cannot be read.
 */
export function estimateRows(source: { file: string; text?: string; bytes?: Uint8Array }, first: TextChunk, width: number): number | undefined {
  if (/\.xlsx$/i.test(source.file) || first.rows === 0) return undefined;
  let size: number;
  if (source.text !== undefined) size = source.text.length;
  else if (source.bytes !== undefined) size = source.bytes.length;
  else {
    try {
      size = statSync(source.file).size;
    } catch {
      return undefined;
    }
  }
  const perRow = first.text.length / first.rows + width;
  return Math.ceil(size / perRow);
}
