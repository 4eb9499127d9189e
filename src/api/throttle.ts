// Concurrency and pace for one client: a p-queue (concurrency default 8, optional
// requests-per-second cap through interval/intervalCap) plus a client-wide pause gate.
// When any request is answered 429, `pauseFor` holds every request of the client, not
// just that one, until the wait is over (octokit's throttling plugin does the same per
// bucket; the Admin API's limits are per organization, so one bucket is right here).
import PQueue from 'p-queue';
import type { Clock } from './clock.js';

export interface ThrottleOptions {
  /** Requests in flight at once. Default 8. */
  concurrency?: number;
  /** Cap on requests started per second; unlimited when absent. */
  requestsPerSecond?: number;
  clock: Clock;
}

export interface Throttle {
  /**
   * Runs `task` when a slot is free and the client is not paused. Retries pass `retry: true`
   * and go ahead of first attempts, so a request that already waited does not queue again
   * behind everything started since.
   */
  run<T>(task: () => Promise<T>, options?: { retry?: boolean }): Promise<T>;
  /** Holds every request of the client for `ms` from now (extends, never shortens). */
  pauseFor(ms: number): void;
  /** Time left on the current pause. */
  pausedForMs(): number;
}

export const DEFAULT_CONCURRENCY = 8;

export function createThrottle(options: ThrottleOptions): Throttle {
  const { clock } = options;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${String(concurrency)}`);
  }
  const rps = options.requestsPerSecond;
  if (rps !== undefined && !(rps > 0)) {
    throw new RangeError(`requestsPerSecond must be positive, got ${String(rps)}`);
  }
  const queue = new PQueue({
    concurrency,
    // p-queue counts whole tasks per interval: express fractional rates over a longer window.
    ...(rps !== undefined ? rateWindow(rps) : {}),
  });
  let pausedUntil = 0;

  async function waitWhilePaused(): Promise<void> {
    for (let left = pausedUntil - clock.now(); left > 0; left = pausedUntil - clock.now()) {
      await clock.sleep(left);
    }
  }

  return {
    run: <T>(task: () => Promise<T>, runOptions?: { retry?: boolean }): Promise<T> =>
      queue.add(
        async () => {
          await waitWhilePaused();
          return task();
        },
        { priority: runOptions?.retry === true ? 1 : 0 },
      ),
    pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, clock.now() + ms);
    },
    pausedForMs: () => Math.max(0, pausedUntil - clock.now()),
  };
}

/** interval/intervalCap for a rate; e.g. 0.5 rps → 1 per 2000 ms, 4 rps → 4 per 1000 ms. */
export function rateWindow(requestsPerSecond: number): { interval: number; intervalCap: number } {
  if (requestsPerSecond >= 1) return { interval: 1000, intervalCap: Math.floor(requestsPerSecond) };
  return { interval: Math.ceil(1000 / requestsPerSecond), intervalCap: 1 };
}
