/**
 * How the pull, push and preview suites judge their figures, kept apart from the runs
 * so that each judgement is unit-tested (bench-judge.test.ts): a bench that cannot
 * fail flatters, and a flattering bench is caught here without a ten-minute run.
 */

/**
 * The fastest a paced pull can be: one request per page at the API's rate. Pages, not
 * requests: a retry after a 429 or a 5xx is the client's cost and must not lengthen
 * the time it is judged against.
 */
export function pullCeilingSeconds(pull: { pages: number }, perSecond: number): number {
  return pull.pages / perSecond;
}

export interface PushFigures {
  /** Rows the push applied, and those it failed. */
  applied: number;
  failed: number;
  seconds: number;
  /** Every request the sandbox saw from the push, and how many it answered 429. */
  requests: number;
  limited: number;
  /** Rows a minute at the API's limit (rows a request × requests a minute). */
  ceilingPerMinute: number;
}

export interface PushJudgement {
  perMinute: number;
  /** Share of requests answered 429, %. */
  limitedShare: number;
  met: boolean;
  /** What was missed, in words (empty when met). */
  missed: string[];
}

/**
 * A push is judged against the limit in both directions: at least 95% of the ceiling
 * (it keeps the pipe full), never above it (a client that ignores the limit and bursts
 * into each fresh window would otherwise score best), with at most 1% of requests
 * answered 429 and no row failed.
 */
export function judgePush(f: PushFigures): PushJudgement {
  const perMinute = Math.round((f.applied / f.seconds) * 60);
  const limitedShare = f.requests ? (f.limited / f.requests) * 100 : 0;
  const missed: string[] = [];
  if (perMinute < f.ceilingPerMinute * 0.95) missed.push('below 95% of the ceiling');
  if (perMinute > f.ceilingPerMinute) missed.push('above the ceiling: the limit was not kept');
  if (limitedShare > 1) missed.push('more than 1% of requests answered 429');
  if (f.failed > 0) missed.push(`${f.failed} rows failed`);
  return { perMinute, limitedShare, met: missed.length === 0, missed };
}

/**
 * Two classifications of the same rows, action by action: each difference in words
 * ("create: 333,333 vs 333,334"). Empty when both sides agree on every action.
 */
export function countDifferences(a: Record<string, number>, b: Record<string, number>, names: [string, string]): string[] {
  const actions = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return actions
    .filter((action) => (a[action] ?? 0) !== (b[action] ?? 0))
    .map((action) => `${action}: ${names[0]} ${(a[action] ?? 0).toLocaleString('en-US')}, ${names[1]} ${(b[action] ?? 0).toLocaleString('en-US')}`);
}
