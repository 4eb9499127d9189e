// Making each mutation safe to repeat. The Admin API has no idempotency key
// (API-NOTES: "No idempotency key"), so a create whose answer was lost (the client's
// ApiError.ambiguous: timeout or reset after send, 5xx) is re-read before it is
// retried, and a 409 "already exists" counts as done once a re-read finds the thing.
import { isAmbiguous, statusOf } from './errors.js';
import type { Sleep } from './types.js';

/**
 * Re-reads after an ambiguous create: just-created things can be briefly invisible
 * (API-NOTES), so look a few times before concluding the create did not happen.
 * 3 reads over ~1.75 s: enough for the observed lag, small next to the client's own retries.
 */
export const GRACE_DELAYS_MS: readonly number[] = [0, 500, 1250];

export type Done<T> = { value: T; note?: string };

async function checkWithGrace<T>(check: () => Promise<T | undefined>, sleep: Sleep): Promise<T | undefined> {
  for (const delay of GRACE_DELAYS_MS) {
    if (delay > 0) await sleep(delay);
    const found = await check();
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Attempts per create, the first included: every retry follows a re-read that found
 * nothing, so each is as safe as the first. 5 matches the client's budget for requests
 * it may repeat itself (src/api DEFAULT_RETRY_POLICY.maxAttempts).
 */
export const CREATE_ATTEMPTS = 5;

/**
 * Create (or assign) exactly once: attempt; on an ambiguous failure or a 409, re-read
 * (with a short grace); only if the re-read finds nothing, attempt again.
 */
export async function createOnce<T, F = T>(
  steps: { attempt: () => Promise<T>; check: () => Promise<F | undefined> },
  sleep: Sleep,
  attempts: number = CREATE_ATTEMPTS,
): Promise<Done<T> | Done<F>> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const value = await steps.attempt();
      return attempt === 1 ? { value } : { value, note: `created on attempt ${attempt}, after re-reading showed the earlier ones had not` };
    } catch (error) {
      const conflict = statusOf(error) === 409;
      if (!conflict && !isAmbiguous(error)) throw error;
      const found = await checkWithGrace(steps.check, sleep);
      if (found !== undefined) {
        const note = conflict ? 'already present (409), confirmed by re-reading' : 'the lost answer had succeeded, confirmed by re-reading';
        return { value: found, note };
      }
      if (conflict || attempt >= attempts) throw error;
    }
  }
}

/** Delete (or unassign): a 404 means already gone; an ambiguous failure is retried once. */
export async function removeOnce(attempt: () => Promise<unknown>): Promise<Done<undefined>> {
  try {
    await attempt();
    return { value: undefined };
  } catch (error) {
    if (statusOf(error) === 404) return { value: undefined, note: 'already gone (404)' };
    if (!isAmbiguous(error)) throw error;
  }
  try {
    await attempt();
    return { value: undefined, note: 'retried once after an ambiguous failure' };
  } catch (error) {
    if (statusOf(error) === 404) return { value: undefined, note: 'gone after an ambiguous failure (404 on retry)' };
    throw error;
  }
}

/** Update to a stated value: repeating it is harmless, so an ambiguous failure is retried once. */
export async function updateOnce<T>(attempt: () => Promise<T>): Promise<Done<T>> {
  try {
    return { value: await attempt() };
  } catch (error) {
    if (!isAmbiguous(error)) throw error;
  }
  return { value: await attempt(), note: 'retried once after an ambiguous failure' };
}
