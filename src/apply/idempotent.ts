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
 * Create (or assign) exactly once: attempt; on an ambiguous failure or a 409, re-read;
 * only if the re-read finds nothing, attempt once more.
 */
export async function createOnce<T, F = T>(
  steps: { attempt: () => Promise<T>; check: () => Promise<F | undefined> },
  sleep: Sleep,
): Promise<Done<T> | Done<F>> {
  try {
    return { value: await steps.attempt() };
  } catch (error) {
    const conflict = statusOf(error) === 409;
    if (!conflict && !isAmbiguous(error)) throw error;
    const found = await checkWithGrace(steps.check, sleep);
    if (found !== undefined) {
      return { value: found, note: conflict ? 'already present (409), confirmed by re-reading' : 'the lost answer had succeeded, confirmed by re-reading' };
    }
    if (conflict) throw error;
  }
  try {
    return { value: await steps.attempt(), note: 'retried once after an ambiguous failure' };
  } catch (error) {
    if (statusOf(error) !== 409 && !isAmbiguous(error)) throw error;
    const found = await checkWithGrace(steps.check, sleep);
    if (found === undefined) throw error;
    return { value: found, note: 'present after a retry, confirmed by re-reading' };
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
