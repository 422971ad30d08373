import { badInput } from '../../src-shared/errors';

/** A positive integer id from the command line, or a bad-input error naming it. */
export function idArgument(args: string[], command: string, what = 'ID'): number {
  if (args.length !== 1) throw badInput('missing_argument', `${command}: give exactly one ${what}`);
  const id = Number(args[0]);
  if (!Number.isInteger(id) || id <= 0) throw badInput('bad_argument', `${command}: ${what} must be a positive whole number, not "${args[0]}"`);
  return id;
}

export function requiredOption(value: unknown, flag: string, command: string): string {
  if (typeof value !== 'string' || value === '') throw badInput('missing_option', `${command}: ${flag} is required`);
  return value;
}

export function intOption(value: unknown, flag: string, command: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw badInput('bad_option', `${command}: ${flag} must be a whole number ≥ ${min}, not "${String(value)}"`);
  return n;
}
