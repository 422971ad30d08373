/**
 * SPEC §3 normalisation, and its clarifications: values are trimmed with JavaScript's
 * trim(); emails compare case-insensitively (toLowerCase()); external ids compare
 * exactly. A missing field, null, or a string that trims to empty is absent.
 */

/** The stored form of a value: trimmed, case kept; undefined when absent. */
export function present(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The key an email is compared by. */
export function emailKey(value: string | null | undefined): string | undefined {
  return present(value)?.toLowerCase();
}

/** The key an external id is compared by (exact, after trimming). */
export function externalIdKey(value: string | null | undefined): string | undefined {
  return present(value);
}

/**
 * A non-string identity field is bad input, not absent (SPEC §3 clarifications).
 * Returns a message naming the field, or undefined when the value is acceptable.
 */
export function identityFieldProblem(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null || typeof value === 'string') return undefined;
  return `${field} must be a string or null, not ${Array.isArray(value) ? 'an array' : typeof value}`;
}
