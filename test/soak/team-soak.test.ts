import { describe, expect, it } from 'vitest';
import { runTeamSoak } from './team-soak';

describe('team review under churn (issue 20, the short soak)', () => {
  it('5 member processes deciding and commenting with disconnects converge to one state with every decision and comment', async () => {
    const report = await runTeamSoak({ seconds: 8, members: 5 });
    expect(report.decisions).toBeGreaterThan(0);
    expect(report.comments).toBeGreaterThan(0);
    expect(report.hashes).toBe(1);
    expect(report.missingDecisions).toBe(0);
    expect(report.missingComments).toBe(0);
  }, 180_000);
});
