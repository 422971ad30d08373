/**
 * An audit entry's detail as one short line for the Audit page: its fields in words
 * ("approved rows 0-199,205 · rows 250"), long values cut. The detail itself can be
 * hundreds of kilobytes (an approve-all names every row it decided); it stays whole in
 * `rekey audit export`, and the page shows a line a person can read.
 */
import { REASON_SENTENCES } from './plain-words';

const LINE_MAX = 240;
const VALUE_MAX = 60;
/** A group of fields (rows per reason) says more than one value, and gets more room. */
const GROUP_MAX = 160;
const CODES_MAX = 1_000;

/** A reason code's sentence without its full stop ("No user has this current external id"), or undefined. */
function reasonWords(code: string): string | undefined {
  const sentence = (REASON_SENTENCES as Record<string, string>)[code];
  return sentence?.replace(/\.$/, '');
}

/** `approvedRows` / `approved_rows` → "approved rows". */
function words(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return value.toLocaleString('en-US');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return reasonWords(value) ?? cut(value, VALUE_MAX);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string' || typeof v === 'number')) return cut(value.join(', '), VALUE_MAX);
    return `${value.length.toLocaleString('en-US')} ${value.length === 1 ? 'item' : 'items'}`;
  }
  return cut(
    Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => {
        const text = typeof v === 'object' && v !== null ? '…' : valueText(v);
        // Keyed by a reason (an approve-all's rejected rows): the rows, then why, in words.
        const reason = reasonWords(k);
        return reason ? `${text} (${reason})` : `${words(k)} ${text}`;
      })
      .join(', '),
    GROUP_MAX,
  );
}

/** The detail as its codes say it, cut: the Audit page's tooltip (the whole of it is in `rekey audit export`). */
export function auditDetailCodes(detail: Record<string, unknown>): string {
  return cut(JSON.stringify(detail), CODES_MAX);
}

export function auditDetailLine(detail: Record<string, unknown>): string {
  return cut(
    Object.entries(detail)
      .map(([key, value]) => `${words(key)} ${valueText(value)}`)
      .join(' · '),
    LINE_MAX,
  );
}
