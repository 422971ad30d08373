/**
 * A typed array with room for at least `needed` elements: this one if it has it, else a
 * copy at least twice as long (and at least 1,024), so appending stays amortised O(1).
 */
export function grown<T extends Int32Array | Uint8Array>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  let size = Math.max(1024, array.length);
  while (size < needed) size *= 2;
  const next = new (array.constructor as new (length: number) => T)(size);
  next.set(array);
  return next;
}
