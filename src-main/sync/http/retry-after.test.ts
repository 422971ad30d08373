import { describe, expect, it } from 'vitest';
import { backoffMs } from './backoff';
import { Pacer } from './pacer';
import { retryAfterMs } from './retry-after';

describe('Retry-After in all three forms (SPEC §6)', () => {
  const now = Date.parse('2026-11-24T10:00:00Z');
  it('reads delay seconds', () => {
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs('0', now)).toBe(0);
  });
  it('reads an HTTP date', () => {
    expect(retryAfterMs('Tue, 24 Nov 2026 10:00:05 GMT', now)).toBe(5_000);
  });
  it('reads a Unix time in seconds (UserVoice)', () => {
    expect(retryAfterMs(String(now / 1000 + 7), now)).toBe(7_000);
  });
  it('never asks to wait a negative time, and ignores garbage', () => {
    expect(retryAfterMs('Tue, 24 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe('backoff with full jitter', () => {
  it('grows exponentially up to its cap and never exceeds it', () => {
    expect(backoffMs(0, () => 0.999)).toBeLessThan(250);
    expect(backoffMs(3, () => 0.999)).toBeLessThan(2000);
    expect(backoffMs(30, () => 0.999)).toBeLessThan(8000);
    expect(backoffMs(5, () => 0)).toBe(0);
  });
});

describe('Pacer (token bucket)', () => {
  function clock() {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms), get t() { return t; } };
  }

  it('spaces requests evenly at its rate', async () => {
    const c = clock();
    const pacer = new Pacer(50, 1, c.now, c.sleep);
    for (let i = 0; i < 101; i++) await pacer.take();
    expect(c.t).toBeGreaterThanOrEqual(2000);
    expect(c.t).toBeLessThanOrEqual(2000 + 101);
  });

  it('pauses the whole bucket until a 429 says it may go on', async () => {
    const c = clock();
    const pacer = new Pacer(1000, 1, c.now, c.sleep);
    pacer.pauseUntil(5_000);
    await pacer.take();
    expect(c.t).toBe(5_000);
    expect(pacer.waitedMs).toBeGreaterThanOrEqual(5_000);
  });
});
