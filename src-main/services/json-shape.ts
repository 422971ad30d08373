import { formatBytes, formatCount } from '../../src-shared/text/short-line';

/**
 * Limits on a JSON file a user hands us (issue 24): no identity, row or decision in
 * `rekey resolve` input or a review bundle is nested deeper or holds a longer string.
 * Past them the file is refused before JSON.parse builds it: a 50 MB string would be
 * held twice, and a value nested a million deep overflows the stack of whatever walks it.
 */
export const JSON_LIMITS = { depth: 64, stringChars: 1 << 20 };

/** The 1-based line and column of an offset (line breaks found by indexOf, not by splitting the text). */
export function lineColumnAt(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < at; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, column: at - lineStart + 1 };
}

/**
 * The first place where JSON text passes a limit, or undefined. Only brackets and
 * strings are looked at; whatever else is wrong is left to JSON.parse to say.
 */
export function jsonShapeProblem(text: string, limits = JSON_LIMITS): { at: number; message: string } | undefined {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let q = i;
      for (;;) {
        q = text.indexOf('"', q + 1);
        if (q === -1) return undefined; // never closed: JSON.parse says where
        let backslashes = 0;
        for (let k = q - 1; text.charCodeAt(k) === 92; k--) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      const chars = q - i - 1;
      if (chars > limits.stringChars) return { at: i, message: `a JSON string of ${formatCount(chars)} characters, longer than the ${formatBytes(limits.stringChars)} limit` };
      i = q;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limits.depth) return { at: i, message: `JSON nested more than ${limits.depth} levels deep` };
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      depth--;
    }
  }
  return undefined;
}
