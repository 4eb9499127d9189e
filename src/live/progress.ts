// Progress a person can trust while a read or an apply waits on the Admin API's rate limits
// (minutes at ~8 requests per minute per endpoint): lists or changes done/total, requests
// done, how many wait on rate limits, and an ETA at the learned rates. On a terminal, one
// line on stderr, redrawn as things move and every second (the ETA counts down while held);
// elsewhere (CI, pipes) no carriage returns: one log line every 30 s while work goes on.
// The terminal line is drawn through the terminal's StatusLine, so log lines and messages
// printed meanwhile appear above it, never inside it.
import type { PacingProgress } from '../api/scheduler.js';
import type { Logger } from '../logging/logger.js';
import { StatusLine } from '../logging/terminal.js';
import type { ReadProgress } from './types.js';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

export interface ProgressSources {
  /** The client's request counts (AdminClient.pacingProgress). */
  pacing?: () => PacingProgress | undefined;
  /** Where the periodic line goes when the stream is not a terminal. */
  logger?: Logger;
  /** Default: 30 s off a terminal (a CI log stays readable), 1 s on one. */
  intervalMs?: number;
}

export interface TerminalProgress {
  /** Pass as `onProgress`. */
  update: (progress: ReadProgress) => void;
  /** Changes of an apply done so far, out of the plan's. */
  changes: (done: number, total: number) => void;
  /** Clears the line and stops the timer; call when the work is over (success or not) or before printing. */
  finish: () => void;
}

/** Off a terminal: a progress log line this often (CI logs keep every line). */
export const CI_PROGRESS_INTERVAL_MS = 30_000;
const TTY_REFRESH_MS = 1_000;

const LABELS: Record<ReadProgress['phase'] | 'changes', string> = {
  organization: 'reading organization',
  details: 'reading users and groups',
  projects: 'reading projects',
  changes: 'applying changes',
};

interface Step {
  label: keyof typeof LABELS;
  done: number;
  total: number;
}

/**
 * `reading projects 12/40 · 230 requests done, 45 waiting (38 on rate limits) · about 4 min left`;
 * narrower than `width`, the compact `projects 12/40 · 230 done, 45 waiting · ~4 min left`.
 */
export function describeProgress(step: Step | undefined, pacing: PacingProgress | undefined, width = Number.POSITIVE_INFINITY): string {
  const full = describe(step, pacing, false);
  return full.length <= width ? full : describe(step, pacing, true);
}

function describe(step: Step | undefined, pacing: PacingProgress | undefined, compact: boolean): string {
  const parts: string[] = [];
  if (step !== undefined) parts.push(`${compact ? step.label : LABELS[step.label]} ${step.done}/${step.total}`);
  if (pacing !== undefined) {
    const waiting = pacing.queued + pacing.inFlight;
    let requests = `${pacing.done} ${compact ? 'done' : 'requests done'}`;
    if (waiting > 0) requests += `, ${waiting} waiting${pacing.waitingOnLimits > 0 && !compact ? ` (${pacing.waitingOnLimits} on rate limits)` : ''}`;
    parts.push(requests);
    if (pacing.waitingOnLimits > 0 && pacing.etaMs > 0) parts.push(`${compact ? '~' : 'about '}${formatEta(pacing.etaMs)} left`);
  }
  return parts.join(' · ');
}

/** Rounded the way a person reads a countdown: 40 s, 3 min, 1 h 20 min. */
export function formatEta(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${Math.max(1, s)} s`;
  const m = Math.ceil(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Pass the process's stderrStatus() so that logs and progress share the line; a bare stream gets its own. */
export function terminalProgress(target: ProgressStream | StatusLine, sources: ProgressSources = {}): TerminalProgress {
  const status = target instanceof StatusLine ? target : new StatusLine(target);
  const tty = status.live;
  let step: Step | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  const draw = (): void => {
    if (tty) {
      const width = Math.max(20, status.columns - 1);
      status.set(describeProgress(step, sources.pacing?.(), width).slice(0, width));
      return;
    }
    const pacing = sources.pacing?.();
    sources.logger?.info(
      {
        ...(step !== undefined ? { step: LABELS[step.label], done: step.done, total: step.total } : {}),
        ...(pacing !== undefined
          ? {
              requestsDone: pacing.done,
              requestsWaiting: pacing.queued + pacing.inFlight,
              waitingOnRateLimits: pacing.waitingOnLimits,
              etaSeconds: Math.ceil(pacing.etaMs / 1000),
            }
          : {}),
      },
      'progress',
    );
  };

  const tick = (): void => {
    if (timer !== undefined) return;
    // Off a terminal, only a logger can say anything.
    if (!tty && sources.logger === undefined) return;
    timer = setInterval(draw, sources.intervalMs ?? (tty ? TTY_REFRESH_MS : CI_PROGRESS_INTERVAL_MS));
    // Never what keeps the process alive.
    timer.unref();
  };

  const show = (next: Step): void => {
    step = next;
    tick();
    if (tty) draw();
  };

  return {
    update: ({ phase, done, total }) => show({ label: phase, done, total }),
    changes: (done, total) => show({ label: 'changes', done, total }),
    finish: () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      if (tty) status.clear();
    },
  };
}
