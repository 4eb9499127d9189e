// Time and randomness behind one small interface, so retry, backoff and the rate-limit
// pause can be tested with a fake clock and no real sleeping.
export interface Clock {
  /** Milliseconds since the epoch. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1), for jitter. */
  random: () => number;
  /** Calls `then` after `ms`; returns a cancel. Optional: without it, waits use `sleep`. */
  timer?: (ms: number, then: () => void) => () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  random: () => Math.random(),
  timer: (ms, then) => {
    const handle = setTimeout(then, Math.max(0, ms));
    return () => clearTimeout(handle);
  },
};
