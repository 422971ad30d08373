/**
 * Paces requests to one API under its rate limit. It schedules on a virtual timeline
 * (GCRA, the token bucket's equivalent in scheduling form): each request gets the next
 * slot `1/rate` after the previous one, so timer lag and request time never accumulate
 * into a slower pace, and a burst of 1 spaces requests evenly — which is what keeps a
 * client just under a fixed-window server limit without tripping it. A 429 pauses the
 * whole schedule.
 */
export class Pacer {
  /** The earliest time the next request may start (theoretical arrival time). */
  private next: number;
  private pausedUntil = 0;
  /** Time spent waiting for the rate limit (pacing and 429 pauses), ms. */
  waitedMs = 0;

  constructor(
    private ratePerSecond: number,
    private readonly burst = 1,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = defaultSleep,
  ) {
    this.next = now();
  }

  get rate(): number {
    return this.ratePerSecond;
  }

  setRate(ratePerSecond: number): void {
    this.ratePerSecond = ratePerSecond;
  }

  /** Nothing goes out before `until` (epoch ms): a 429's Retry-After, a spent quota. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** Waits until a request may be sent, and books its slot. */
  async take(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const t = this.now();
    if (this.ratePerSecond <= 0) {
      if (t < this.pausedUntil) await this.wait(this.pausedUntil - t, signal);
      return;
    }
    const interval = 1000 / this.ratePerSecond;
    // A quiet spell earns at most `burst` requests, not an unlimited backlog.
    const earliest = Math.max(this.next, t - (this.burst - 1) * interval, this.pausedUntil);
    this.next = Math.max(earliest, t - (this.burst - 1) * interval) + interval;
    if (earliest > t) await this.wait(earliest - t, signal);
  }

  private async wait(ms: number, signal?: AbortSignal): Promise<void> {
    this.waitedMs += ms;
    await this.sleep(ms, signal);
  }
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}
