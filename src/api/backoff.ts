// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
// Jitter"): sleep a random time in [0, min(cap, base * 2^retry)). Base 0.5 s and cap 8 s are
// the official SDKs' numbers (openai-node INITIAL_RETRY_DELAY / MAX_RETRY_DELAY).
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 8_000;

/** `retry` counts from 0 (the first retry). */
export function backoffDelayMs(
  retry: number,
  random: () => number,
  baseMs: number = BACKOFF_BASE_MS,
  capMs: number = BACKOFF_CAP_MS,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retry));
  return Math.floor(random() * ceiling);
}
