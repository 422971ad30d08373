import { describe, expect, it } from 'vitest';
import type { PullProgress } from '../../src-shared/contract/events';
import { describePull, pullProgressBar } from './progress-bar';

const progress = (connection: string, rows: number, done = false): PullProgress => ({
  connection,
  resource: 'users',
  lists: [
    { resource: 'users', pages: 1, rows, done },
    { resource: 'notes', pages: 1, rows: 5, total: 10, done: false },
  ],
  pages: 2,
  rows: rows + 5,
  requests: 2,
  retries: 0,
  rateLimitedMs: 0,
  done,
});

describe('pull progress in a terminal', () => {
  it('says the whole pull: the sum, then each list', () => {
    expect(describePull(progress('pb', 100))).toBe('pb: 105 rows · 2 pages (users 100, notes 5/10) · 0 retries');
    expect(describePull({ ...progress('pb', 5), total: 20, etaMs: 1500 })).toBe('pb: [############............] 10/20 rows · 2 pages (users 5, notes 5/10) · 0 retries · ETA 2s');
  });

  it('draws one line per connection and redraws them in place; nothing when stderr is not a terminal', () => {
    let out = '';
    const bar = pullProgressBar((t) => (out += t), true);
    bar.update(progress('pb', 1));
    bar.update(progress('scim', 1));
    bar.update(progress('pb', 2, true));
    bar.end();
    const draws = out.split('\r');
    expect(draws.at(-1)).toContain('pb: 7 rows');
    expect(draws.at(-1)).toContain('\x1b[2Kscim: 6 rows');
    expect(out).toContain('\x1b[1A'); // back up over the two lines before redrawing
    expect(out.endsWith('\n')).toBe(true);
    let quiet = '';
    const off = pullProgressBar((t) => (quiet += t), false);
    off.update(progress('pb', 1));
    off.end();
    expect(quiet).toBe('');
  });
});
