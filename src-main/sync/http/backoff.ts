/**
 * Exponential backoff with full jitter (the AWS architecture blog's recommendation, as
 * the Stripe and Slack SDKs use): attempt n waits a random time in [0, min(cap, base·2ⁿ)].
 */
export function backoffMs(attempt: number, random: () => number = Math.random, baseMs = 250, capMs = 8_000): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
