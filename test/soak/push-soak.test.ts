import { describe, expect, it } from 'vitest';
import { runSoak } from './push-soak';

describe('push under faults (issue 10, the short soak)', () => {
  it('with 5% 5xx, 2% drops and 5% slow answers, every row is applied or reported, none applied twice', async () => {
    const report = await runSoak({ durationMs: 8_000, maxRounds: 4, batch: 60, seed: 3 });
    expect(report.rounds).toBeGreaterThanOrEqual(1);
    expect(report.unaccounted).toBe(0);
    expect(report.appliedTwice).toBe(0);
    expect(report.applied + report.failed).toBe(report.rows);
    expect(report.applied).toBeGreaterThan(0);
    expect(report.faults).toBeGreaterThan(0); // the faults really happened
  }, 120_000);
});
