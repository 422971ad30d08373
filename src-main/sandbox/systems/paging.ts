/** A page of a list by offset and limit, clamped to what the API allows. */
export function pageOf<T>(items: readonly T[], offset: number, limit: number): { page: T[]; nextOffset: number | null } {
  const page = items.slice(offset, offset + limit);
  return { page, nextOffset: offset + limit < items.length ? offset + limit : null };
}

/** Parses an integer query parameter within bounds; undefined means use the default. */
export function intParam(value: string | null, min: number, max: number): number | undefined | 'invalid' {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) return 'invalid';
  return n;
}
