/**
 * How long a `Retry-After` asks us to wait, in ms, from any of its three forms (SPEC §6):
 * delay seconds ("30"), an HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT"), or — as
 * UserVoice sends it — a Unix time in seconds ("1795000000"). A number that large is
 * not a sensible delay, so anything past ~2001 in epoch seconds is read as a time.
 */
const EPOCH_THRESHOLD_S = 1_000_000_000;

export function retryAfterMs(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    if (n >= EPOCH_THRESHOLD_S) return Math.max(0, n * 1000 - now);
    return n * 1000;
  }
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
