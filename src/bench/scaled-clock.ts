// The client's clock in a time-scaled run (`--time-scale F`): the emulator's windows and
// latency are shrunk by F, and the client's time runs F times faster, so every constant
// the client holds in live time (backoff 0.5–8 s, a 60 s window assumed before one is
// learned, deadlines) meets the emulator at the same proportion as it would meet the
// live API. F = 1 is the system clock.
import { systemClock, type Clock } from '../api/index.js';

/** `timer` is the optional one-shot of the client's Clock (where the client has it). */
export type ScaledClock = Clock & { timer: (ms: number, then: () => void) => () => void };

export function scaledClock(factor: number, realNow: () => number = Date.now): ScaledClock {
  if (!(factor > 0)) throw new Error(`time scale must be above 0, got ${String(factor)}`);
  const origin = realNow();
  return {
    now: () => origin + (realNow() - origin) * factor,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms) / factor)),
    random: systemClock.random,
    timer: (ms, then) => {
      const handle = setTimeout(then, Math.max(0, ms) / factor);
      return () => clearTimeout(handle);
    },
  };
}
