/**
 * Error lines a person reads in a terminal or a toast (issue 24): one line, at most
 * MAX_LINE characters, the file and place first. A file can put anything in a message
 * (a header of 300,000 columns, a cell of 60 MB): these helpers keep what is shown short
 * and say how much was left out, instead of printing megabytes.
 */
export const MAX_LINE = 300;

const count = (n: number) => n.toLocaleString('en-US');

/** A number for people: 62914560 → "62,914,560". */
export const formatCount = count;

/** A size limit for people: 1048576 → "1 MiB". */
export function formatBytes(n: number): string {
  if (n >= 1 << 30 && n % (1 << 30) === 0) return `${n / (1 << 30)} GiB`;
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1 << 10 && n % (1 << 10) === 0) return `${n / (1 << 10)} KiB`;
  return `${count(n)} bytes`;
}

/** One value quoted for a message, cut when long: `"abc…" (60,000 characters)`. */
export function quoteCut(value: string, max = 40): string {
  if (value.length <= max) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, max))}… (${count(value.length)} characters)`;
}

/**
 * A list for a message, cut with a count: "c0, c1, c2 … and 299,997 more". Items are
 * taken while they fit in `budget` characters (at least one is shown when there is one).
 */
export function listCut(items: readonly string[], budget = 120, empty = 'none'): string {
  if (items.length === 0) return empty;
  const shown: string[] = [];
  let used = 0;
  for (const item of items) {
    const piece = item.length > budget ? item.slice(0, budget) + '…' : item;
    if (shown.length > 0 && used + piece.length + 2 > budget) break;
    shown.push(piece);
    used += piece.length + 2;
  }
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} … and ${count(rest)} more` : shown.join(', ');
}

/**
 * The last guard before a message is shown: line breaks become a visible `\n` and a
 * message longer than MAX_LINE is cut in the middle, keeping its start (the file and
 * place) and its end (usually what to do).
 */
export function shortLine(message: string, max = MAX_LINE): string {
  const flat = message.replace(/\r\n|\r|\n/g, '\\n');
  if (flat.length <= max) return flat;
  const cut = ` … (${count(flat.length - max)} characters left out) … `;
  const keep = Math.max(0, max - cut.length);
  const head = Math.ceil(keep * 0.7);
  return flat.slice(0, head) + cut + flat.slice(flat.length - (keep - head));
}
