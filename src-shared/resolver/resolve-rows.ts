import { IdentityIndex, type IdentityIndexOptions } from './identity-index';
import type { Decision, IdentityUser, IncomingIdentity, ResolveMode } from './types';

/**
 * `rekey resolve` (SPEC §9): every row in order against the users, each row seeing what
 * the rows before it changed. Returns the decisions and the users' final state.
 */
export function resolveRows(
  users: readonly IdentityUser[],
  rows: readonly IncomingIdentity[],
  mode: ResolveMode,
  options: IdentityIndexOptions = {},
): { decisions: Decision[]; users: IdentityUser[] } {
  const index = new IdentityIndex(users, options);
  const decisions = rows.map((row, i) => index.resolve(row, mode, i));
  return { decisions, users: index.users() };
}

/** Counts per action, for summaries and reports. */
export function countActions(decisions: readonly Decision[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of decisions) counts[d.action] = (counts[d.action] ?? 0) + 1;
  return counts;
}
