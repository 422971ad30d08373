/** SPEC §4 N5: at most 50 renames or removals in one request; none is an error too. */
export const MAX_REQUEST_ITEMS = 50;

/** The whole-request error for a rename or removal list, or undefined when its size is fine. */
export function requestSizeError(items: unknown, field: string): string | undefined {
  if (!Array.isArray(items)) return `${field} must be an array`;
  if (items.length === 0) return `${field} is empty`;
  if (items.length > MAX_REQUEST_ITEMS) return `${field} has ${items.length} items; at most ${MAX_REQUEST_ITEMS} are allowed per request`;
  return undefined;
}
