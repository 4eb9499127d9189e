// The retry layer: decides, after each attempt, whether to try again and after how long.
// - 429: not a failure (the server did not act) and never uses an attempt. The wait is the
//   pacing layer's business (scheduler.ts holds the route until its window ends) and is
//   bounded by the command's deadline, not here; without a pacing layer we sleep the
//   `retry-after-ms` / `Retry-After` (cut to maxRetryAfterMs) or back off.
// - 408, 5xx and failures without an answer: retried with backoff for reads, deletes and
//   idempotent updates. For a create (idempotent: false) they are ambiguous, since the request may
//   have reached the server and the API has no idempotency key (API-NOTES): we throw with
//   `ambiguous: true` instead of repeating it. A connection that was refused never left, so
//   even a create is retried then.
// - Any other status: thrown at once.
// Attempts (5xx, 408, network) and the time spent backing off from them are both bounded.
import type { Clock } from './clock.js';
import { backoffDelayMs, BACKOFF_BASE_MS, BACKOFF_CAP_MS } from './backoff.js';
import { httpError, networkError, RateLimitDeadlineError, type ApiError } from './errors.js';
import { retryAfterMs } from './retry-after.js';
import type { HttpMethod, HttpResponse } from './transport.js';
import { toTransportFailure, TransportFailure } from './transport.js';

export interface RetryPolicy {
  /** Attempts in total, the first included. Default 5. */
  maxAttempts: number;
  /**
   * Budget for the waits between attempts, summed. Default 60 000 ms. Time spent in the
   * client's queue is not counted: behind thousands of queued reads a request may start a
   * minute late through no fault of its own, and must still get its retries.
   */
  maxRetryTimeMs: number;
  /** The longest server-requested wait we honour; a longer Retry-After is cut to it. Default 60 000 ms. */
  maxRetryAfterMs: number;
  baseDelayMs: number;
  capDelayMs: number;
  clock: Clock;
}

export const DEFAULT_RETRY_POLICY: Omit<RetryPolicy, 'clock'> = {
  maxAttempts: 5,
  maxRetryTimeMs: 60_000,
  maxRetryAfterMs: 60_000,
  baseDelayMs: BACKOFF_BASE_MS,
  capDelayMs: BACKOFF_CAP_MS,
};

export interface RetryTarget {
  method: HttpMethod;
  route: string;
  /** False for creates: never repeated when their outcome is unknown. */
  idempotent: boolean;
  secrets: readonly string[];
  /**
   * Called on a 429 with the wait the server named (undefined when it named none). The
   * client's scheduler already holds the route, so it resolves at once; the default sleeps.
   */
  onRateLimited?: (askedMs: number | undefined) => Promise<void>;
  /** Called before each retry (for counting). */
  onRetry?: (info: { attempt: number; delayMs: number; status?: number; code?: string }) => void;
}

/** `attempt` counts tries that may fail (429s do not); `resend` is true after any answer. */
export type SendAttempt = (attempt: number, resend: boolean) => Promise<HttpResponse>;

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

export function isTransient(status: number): boolean {
  return status === 408 || status >= 500;
}

/** Runs `send` until it answers 2xx, or throws an ApiError saying why it stopped. */
export async function withRetry(
  send: SendAttempt,
  target: RetryTarget,
  policy: RetryPolicy,
): Promise<{ response: HttpResponse; attempts: number }> {
  const { clock } = policy;
  let waitedMs = 0;
  let resend = false;
  for (let attempt = 1; ; attempt += 1) {
    let response: HttpResponse | undefined;
    let failure: TransportFailure | undefined;
    try {
      response = await send(attempt, resend);
    } catch (error) {
      // The command's deadline is not a network failure: nothing to retry.
      if (error instanceof RateLimitDeadlineError) throw error;
      failure = toTransportFailure(error);
    }
    resend = true;
    const requestId = response?.headers['x-request-id'];
    const fail = (extra: { ambiguous?: boolean; retryAfterMs?: number | undefined } = {}): ApiError =>
      response !== undefined
        ? httpError({
            method: target.method,
            route: target.route,
            status: response.status,
            body: response.body,
            requestId,
            attempts: attempt,
            secrets: target.secrets,
            ...extra,
          })
        : networkError({
            method: target.method,
            route: target.route,
            failure: failure ?? new TransportFailure('ERR_NETWORK', 'request failed', true),
            attempts: attempt,
            ambiguous: extra.ambiguous ?? false,
            secrets: target.secrets,
          });

    if (response !== undefined && isSuccess(response.status)) return { response, attempts: attempt };

    if (response !== undefined && response.status === 429) {
      const asked = retryAfterMs(response.headers, clock.now());
      const capped = asked === undefined ? undefined : Math.min(asked, policy.maxRetryAfterMs);
      await (target.onRateLimited ?? ((ms: number | undefined) => clock.sleep(ms ?? backoffDelayMs(0, clock.random, policy.baseDelayMs, policy.capDelayMs))))(capped);
      // Sent again as the same attempt: a 429 is not a failure.
      attempt -= 1;
      continue;
    }
    let delayMs: number;
    if (response !== undefined && !isTransient(response.status)) {
      throw fail();
    } else {
      const mayHaveHappened = response !== undefined || (failure?.maybeSent ?? true);
      if (!target.idempotent && mayHaveHappened) throw fail({ ambiguous: true });
      const asked = response !== undefined ? retryAfterMs(response.headers, clock.now()) : undefined;
      delayMs =
        asked !== undefined && asked <= policy.maxRetryAfterMs
          ? asked
          : backoffDelayMs(attempt - 1, clock.random, policy.baseDelayMs, policy.capDelayMs);
    }

    if (attempt >= policy.maxAttempts) throw fail();
    if (waitedMs + delayMs > policy.maxRetryTimeMs) throw fail();
    waitedMs += delayMs;

    target.onRetry?.({
      attempt,
      delayMs,
      ...(response !== undefined ? { status: response.status } : {}),
      ...(failure !== undefined ? { code: failure.code } : {}),
    });
    await clock.sleep(delayMs);
  }
}
