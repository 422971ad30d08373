import { describe, expect, it } from 'vitest';
import { previewSummary } from './preview';

describe('rekey preview summary', () => {
  it('names the first unreadable rows by line and counts the rest, pointing at where they all are', () => {
    const problems = Array.from({ length: 7 }, (_, i) => ({ line: i + 2, message: `"x${i}" is not a valid email` }));
    const base = { rows: 1_200, counts: { match: 1_000, 'create-detached': 200 }, rows_sample: [], problems, problem_count: problems.length, mapping: {}, file: 'c.csv', connection: 'pb', mode: 'lenient' };
    const text = previewSummary({ ...base, by_hand: 3 });
    expect(text.split('\n').slice(0, 6)).toEqual([
      'c.csv into pb, lenient mode: 1,200 rows read. Nothing was sent.',
      '  Matched                  1,000  Already exists and will be matched.',
      '  Created as a second user   200  Will be created as a second user without an email, because the email belongs to a user with another external id.',
      "  Left by hand                 3  rows this system's API will not carry out (--json says which and why)",
      '  Unreadable                   7  rows of the file that could not be read:',
      '      line 2: "x0" is not a valid email',
    ]);
    expect(text).toContain('      line 6: "x4" is not a valid email\n      and 2 more (--out REPORT.html lists them all)\nNo report written');
    expect(previewSummary({ ...base, report: 'r.html' })).toContain('and 2 more, all listed in the report\nReport: r.html\n');
  });
});
