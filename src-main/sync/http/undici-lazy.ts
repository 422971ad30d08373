/**
 * undici is loaded at the first request, not at start: it is half of the CLI's bundled
 * code, and most commands send nothing (issue 22: `rekey --help` ≤ 0.15 s).
 */
type Undici = typeof import('undici');

let undici: Promise<Undici> | undefined;

export function loadUndici(): Promise<Undici> {
  return (undici ??= import('undici').then(
    // In the CLI's bundle this CommonJS package arrives as a chunk's default export.
    (m) => ('Agent' in m ? m : (m as unknown as { default: Undici }).default),
  ));
}
