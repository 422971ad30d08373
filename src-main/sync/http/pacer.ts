/**
 * Paces requests to one API under its rate limit (a token bucket refilled continuously).
 * The default burst of 1 spaces requests evenly, which is what keeps a client just under
 * a fixed-window server limit without tripping it; a 429 pauses the whole bucket.
 */
export class Pacer {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  /** Time spent waiting for the rate limit (pacing and 429 pauses), ms. */
  waitedMs = 0;

  constructor(
    private ratePerSecond: number,
    private readonly burst = 1,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = defaultSleep,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  get rate(): number {
    return this.ratePerSecond;
  }

  setRate(ratePerSecond: number): void {
    this.refill();
    this.ratePerSecond = ratePerSecond;
  }

  /** Nothing goes out before `until` (epoch ms): a 429's Retry-After, a spent quota. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
  }

  /** Waits until a request may be sent, then takes its token. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const t = this.now();
      if (t < this.pausedUntil) {
        const wait = this.pausedUntil - t;
        this.waitedMs += wait;
        await this.sleep(wait, signal);
        continue;
      }
      if (this.ratePerSecond <= 0) return;
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const wait = Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
      this.waitedMs += wait;
      await this.sleep(wait, signal);
    }
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
