// Convergence: after applying, plan again against a fresh read. Anything left is
// non-convergence, except that just-created things can be briefly invisible
// (API-NOTES), so a leftover that this run just applied earns a few re-reads first.
import { silentLogger, type Logger } from '../logging/logger.js';
import type { Change, Plan } from '../plan/types.js';
import type { Sleep } from './types.js';

/** Waits before each re-read after the first: short, growing, ~3.5 s in all. */
export const CONVERGENCE_DELAYS_MS: readonly number[] = [500, 1000, 2000];

export interface VerifyOptions {
  /** Reads the live state again and plans against it. */
  replan: () => Promise<Plan>;
  /** Whether a leftover change may still settle (default: every leftover may). */
  mayStillSettle?: (change: Change) => boolean;
  /** Default CONVERGENCE_DELAYS_MS. */
  delaysMs?: readonly number[];
  sleep?: Sleep;
  logger?: Logger;
}

export interface Convergence {
  converged: boolean;
  /** Changes the last plan still holds. */
  remaining: Change[];
  /** How many times the state was read. */
  reads: number;
}

export async function verifyConvergence(options: VerifyOptions): Promise<Convergence> {
  const logger = options.logger ?? silentLogger();
  const delays = options.delaysMs ?? CONVERGENCE_DELAYS_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const mayStillSettle = options.mayStillSettle ?? (() => true);
  let reads = 0;
  for (;;) {
    const plan = await options.replan();
    reads += 1;
    const remaining = plan.changes;
    if (remaining.length === 0) return { converged: true, remaining, reads };
    const delay = delays[reads - 1];
    if (delay === undefined || !remaining.some(mayStillSettle)) {
      return { converged: false, remaining, reads };
    }
    logger.info({ remaining: remaining.length, delayMs: delay }, 'not converged yet, re-reading');
    await sleep(delay);
  }
}
