import { describe, expect, it } from 'vitest';
import { countDifferences, judgePush, pullCeilingSeconds } from './bench-judge';

describe('pull ceiling', () => {
  it('counts pages, so retries after a 429 do not lengthen the time a pull is judged against', () => {
    // 2,000 pages at 50 a second, 150 requests of them repeated after 429s.
    expect(pullCeilingSeconds({ pages: 2_000, requests: 2_150 } as { pages: number }, 50)).toBe(40);
  });
});

describe('push judgement', () => {
  // As the bench: 10,000 renames, 50 a request, 150 requests a minute: the ceiling is 7,500 a minute.
  const at = (seconds: number, more: Partial<Parameters<typeof judgePush>[0]> = {}) =>
    judgePush({ applied: 10_000, failed: 0, seconds, requests: 200, limited: 0, ceilingPerMinute: 7_500, ...more });

  it('meets the goal at 95–100% of the ceiling with no 429 and nothing failed', () => {
    // Paced 1% under the limit: 200 requests at 2.475 a second.
    expect(at(80.8)).toMatchObject({ perMinute: 7_426, met: true, missed: [] });
  });

  it('fails a push faster than the limit allows (a client that bursts into each fresh window)', () => {
    // 150 requests in the first window, the other 50 as soon as the next one opens.
    expect(at(61, { requests: 201, limited: 1 })).toMatchObject({ met: false, missed: ['above the ceiling: the limit was not kept'] });
  });

  it('fails a slow push, a push that leans on 429s, and a push with failed rows', () => {
    expect(at(90).missed).toEqual(['below 95% of the ceiling']);
    expect(at(81, { requests: 250, limited: 50 })).toMatchObject({ limitedShare: 20, missed: ['more than 1% of requests answered 429'] });
    expect(at(81, { failed: 3 }).missed).toEqual(['3 rows failed']);
  });
});

describe('count comparison', () => {
  it('names every action where two sides differ, including one only a side has', () => {
    expect(countDifferences({ match: 5, create: 3 }, { match: 5, create: 3 }, ['rekey', 'DuckDB'])).toEqual([]);
    expect(countDifferences({ match: 5, create: 3, fail: 1 }, { match: 5, create: 4 }, ['rekey', 'DuckDB'])).toEqual(['create: rekey 3, DuckDB 4', 'fail: rekey 1, DuckDB 0']);
  });
});
