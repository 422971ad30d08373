/**
 * Reads the items of a JSON array a batch at a time: finds where each top-level item ends
 * (commas outside strings and brackets), and parses `size` items at a time. A million
 * items parsed at once are a million objects alive together, which the garbage collector
 * walks again and again; parsed in batches and turned into columns at once, they die
 * young (issue 22: `rekey resolve` at 1M × 1M).
 *
 * Returns false, having called nothing or part, when the text is not an array it can
 * split and parse this way: the caller then parses the text whole, for the exact error.
 */
export function forEachJsonArrayBatch(text: string, size: number, onBatch: (items: unknown[], first: number) => void): boolean {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x5b /* [ */) return false;
  i++;
  let depth = 0;
  let batchStart = i;
  let inBatch = 0;
  let first = 0;
  let seenItem = false;
  const flush = (end: number): boolean => {
    if (inBatch === 0) return true;
    let items: unknown;
    try {
      items = JSON.parse(`[${text.slice(batchStart, end)}]`);
    } catch {
      return false;
    }
    if (!Array.isArray(items) || items.length !== inBatch) return false;
    onBatch(items, first);
    first += inBatch;
    inBatch = 0;
    return true;
  };
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // To the closing quote, past escaped characters.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i++;
        else if (s === 0x22) break;
      }
      seenItem = true;
    } else if (c === 0x5b || c === 0x7b /* [ { */) {
      depth++;
      seenItem = true;
    } else if (c === 0x5d || c === 0x7d /* ] } */) {
      if (depth === 0) {
        if (c !== 0x5d) return false;
        if (seenItem) inBatch++;
        if (!flush(i)) return false;
        return skipSpace(text, i + 1) === text.length;
      }
      depth--;
    } else if (c === 0x2c /* , */ && depth === 0) {
      inBatch++;
      seenItem = false;
      if (inBatch === size) {
        if (!flush(i)) return false;
        batchStart = i + 1;
      }
    } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) seenItem = true;
  }
  return false;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}
