import type { z } from 'zod';
import { badInput } from '../../src-shared/errors';

/**
 * Validates CLI input with the same contract schema the app's doors use, and names
 * the offending flag the way the user typed it (`--url`, not `baseUrl`).
 */
export function parseCliInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  flagNames: Record<string, string>,
  command: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  const flag = flagNames[field] ?? (field || 'input');
  throw badInput('invalid_argument', `${command}: ${flag}: ${issue.message}`);
}
