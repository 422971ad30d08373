/**
 * A fixed-window limiter per token, as the real services count: Productboard 50 a
 * second, UserVoice and Braze 1,000 a minute. `limit` 0 turns it off.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    public limit: number,
    public windowMs: number,
  ) {}

  configure(limit: number, windowMs: number): void {
    this.limit = limit;
    this.windowMs = windowMs;
    this.windows.clear();
  }

  /** Counts a request; says whether it may proceed and when the window resets. */
  take(token: string, now = Date.now()): { allowed: boolean; remaining: number; resetAt: number } {
    if (this.limit <= 0) return { allowed: true, remaining: Number.MAX_SAFE_INTEGER, resetAt: now };
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    let window = this.windows.get(token);
    if (!window || window.start !== start) {
      window = { start, used: 0 };
      this.windows.set(token, window);
    }
    const resetAt = start + this.windowMs;
    if (window.used >= this.limit) return { allowed: false, remaining: 0, resetAt };
    window.used++;
    return { allowed: true, remaining: this.limit - window.used, resetAt };
  }
}
