/**
 * Errors are values with stable codes (ARCHITECTURE "Style"): the same code shows in
 * a CLI message, a UI toast, a test assertion and a log line.
 *
 * `kind` decides how a door reports it: `bad_input` is the caller's fault (CLI exit 2,
 * nothing in the workspace changed); `failed` is an operation that could not be done
 * (CLI exit 1); `internal` is a bug and never crosses a boundary with its details.
 */
export type ErrorKind = 'bad_input' | 'failed' | 'internal';

export class RekeyError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, code: string, message: string) {
    super(message);
    this.name = 'RekeyError';
    this.kind = kind;
    this.code = code;
  }
}

/** The caller's input is wrong. The message names the file, line or field. */
export function badInput(code: string, message: string): RekeyError {
  return new RekeyError('bad_input', code, message);
}

/** The operation could not be carried out (remote refused, workspace busy…). */
export function failed(code: string, message: string): RekeyError {
  return new RekeyError('failed', code, message);
}

export function isRekeyError(e: unknown): e is RekeyError {
  return e instanceof RekeyError;
}

/** What crosses every boundary (IPC, HTTP, CLI --json): never a stack, never a token. */
export interface ErrorValue {
  code: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorValue };
