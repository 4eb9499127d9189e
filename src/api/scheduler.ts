// Which request starts next. One queue per route template (`GET /organization/users`),
// each paced by its own RoutePace, plus one RoutePace for the whole organization and a cap
// on requests in flight. Routes are served round-robin, so every route's budget drains at
// once: users of project 1 are read while service accounts of project 2 are, and a route
// held by a 429 holds only its own requests. Nothing here fails a request: a 429 is
// handed back to the retry layer, which sends it again through here, and here it waits.
// A deadline bounds the wait; when it passes, queued requests are refused with a message
// saying how far the command got and which limit held it.
import type { Logger } from '../logging/logger.js';
import { silentLogger } from '../logging/logger.js';
import type { Clock } from './clock.js';
import { RateLimitDeadlineError } from './errors.js';
import { retryAfterMs } from './retry-after.js';
import { RoutePace, DEFAULT_WINDOW_MS, type Outcome } from './route-pace.js';
import type { HttpResponse } from './transport.js';

/** Requests in flight at once over all routes (unchanged from the client's earlier p-queue). */
export const DEFAULT_CONCURRENCY = 8;

export interface SavedLimit {
  /** Requests the server let through per window. */
  limit: number;
  windowMs: number;
  /** ISO time it was learned. */
  learnedAt: string;
}

export interface SavedLimits {
  routes: Record<string, SavedLimit>;
  org?: SavedLimit;
}

export interface SchedulerOptions {
  clock: Clock;
  /** Default 8. */
  concurrency?: number;
  /** Per route: never more than this many requests a minute. */
  maxRpm?: number;
  /** Over the organization: never more than this many requests a minute. */
  maxOrgRpm?: number;
  /** Window assumed before one is learned. Default 60 000 ms (the measured live window). */
  windowMs?: number;
  /** Longest Retry-After honoured; a longer one is cut to this. */
  maxRetryAfterMs: number;
  /** Epoch ms after which queued requests are refused. None: wait as long as it takes. */
  deadlineAt?: number;
  /** How the deadline was set, for the message (`--timeout 5h`). */
  deadlineLabel?: string;
  /** Limits learned by an earlier run. */
  known?: SavedLimits;
  /** Called when a limit or window was learned (to save them). */
  onLearned?: (limits: SavedLimits) => void;
  logger?: Logger;
}

export interface PacingProgress {
  /** Requests answered (429s excluded: they are sent again). */
  done: number;
  inFlight: number;
  /** Requests waiting for their turn. */
  queued: number;
  /** Of those, the ones held by a rate limit (a route's window, spacing, or budget). */
  waitingOnLimits: number;
  /** Time to send what is queued at the learned rates; 0 when nothing is paced. */
  etaMs: number;
  /** 429s so far. */
  limited: number;
}

export interface RouteSummary {
  /** `GET /organization/projects/{project_id}/users`, or `organization` for the org-wide limit. */
  route: string;
  limited: number;
  limit: number | undefined;
  windowMs: number;
}

export interface Scheduler {
  /** Sends `send` when its route, the organization and a slot allow; retries go first. */
  run(key: string, send: () => Promise<HttpResponse>, options?: { retry?: boolean }): Promise<HttpResponse>;
  progress(): PacingProgress;
  /** Per route with 429s: how many, and what was learned. */
  summary(): RouteSummary[];
  learned(): SavedLimits;
}

interface Waiter {
  send: () => Promise<HttpResponse>;
  resolve: (response: HttpResponse) => void;
  reject: (error: unknown) => void;
}

interface Route {
  key: string;
  pace: RoutePace;
  queue: Waiter[];
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { clock } = options;
  const log = options.logger ?? silentLogger();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${String(concurrency)}`);
  }
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const routeSpacing = spacingOf(options.maxRpm);
  const routes = new Map<string, Route>();
  const order: Route[] = [];
  const org = new RoutePace({ ...seedOf(options.known?.org), minSpacingMs: spacingOf(options.maxOrgRpm) }, windowMs);
  let cursor = 0;
  let inFlight = 0;
  let queued = 0;
  let done = 0;
  let expired: RateLimitDeadlineError | undefined;
  let wake: { at: number; cancel: () => void } | undefined;
  const startedAt = clock.now();

  function routeOf(key: string): Route {
    let route = routes.get(key);
    if (route === undefined) {
      route = { key, pace: new RoutePace({ ...seedOf(options.known?.routes[key]), minSpacingMs: routeSpacing }, windowMs), queue: [] };
      routes.set(key, route);
      order.push(route);
    }
    return route;
  }

  function pump(): void {
    const now = clock.now();
    if (options.deadlineAt !== undefined && now >= options.deadlineAt && queued > 0) {
      expire(now);
      return;
    }
    let earliest = Number.POSITIVE_INFINITY;
    while (inFlight < concurrency && queued > 0) {
      const orgAt = org.readyAt(now);
      if (orgAt > now) {
        earliest = Math.min(earliest, orgAt);
        break;
      }
      let picked: Route | undefined;
      for (let i = 0; i < order.length; i += 1) {
        const route = order[(cursor + i) % order.length]!;
        if (route.queue.length === 0) continue;
        const at = route.pace.readyAt(now);
        if (at <= now) {
          picked = route;
          cursor = (cursor + i + 1) % order.length;
          break;
        }
        earliest = Math.min(earliest, at);
      }
      if (picked === undefined) break;
      start(picked, now);
    }
    if (queued === 0) {
      // Nothing waits: a pending wake-up would only keep the process alive.
      wake?.cancel();
      wake = undefined;
    } else if (Number.isFinite(earliest)) {
      wakeAt(options.deadlineAt === undefined ? earliest : Math.min(earliest, options.deadlineAt));
    } else if (inFlight === 0 && options.deadlineAt !== undefined) {
      wakeAt(options.deadlineAt);
    }
  }

  function wakeAt(at: number): void {
    if (wake !== undefined && wake.at <= at) return;
    wake?.cancel();
    const timer = { at, cancel: () => undefined as void };
    wake = timer;
    timer.cancel = sleepFor(clock, Math.max(0, at - clock.now()), () => {
      if (wake === timer) wake = undefined;
      pump();
    });
  }

  function start(route: Route, now: number): void {
    const waiter = route.queue.shift()!;
    queued -= 1;
    inFlight += 1;
    route.pace.start(now);
    org.start(now);
    waiter.send().then(
      (response) => {
        finish(route, now, response);
        waiter.resolve(response);
      },
      (error: unknown) => {
        finish(route, now, undefined);
        waiter.reject(error);
      },
    );
  }

  function finish(route: Route, sentAt: number, response: HttpResponse | undefined): void {
    const now = clock.now();
    inFlight -= 1;
    let routeOutcome: Outcome = response === undefined ? 'failed' : 'ok';
    let orgOutcome: Outcome = routeOutcome;
    let asked: number | undefined;
    if (response?.status === 429) {
      asked = retryAfterMs(response.headers, now);
      if (asked !== undefined) asked = Math.min(asked, options.maxRetryAfterMs);
      // Without a wait named, a route refused below what it got through before was
      // stopped by the org-wide limit, not its own.
      const orgWide = asked === undefined && route.pace.belowCeiling();
      routeOutcome = orgWide ? 'refused-elsewhere' : 'limited';
      orgOutcome = orgWide ? 'limited' : 'refused-elsewhere';
    } else {
      done += 1;
    }
    const learnedRoute = route.pace.finish(now, sentAt, routeOutcome, asked);
    const learnedOrg = org.finish(now, sentAt, orgOutcome);
    if (response?.status === 429) {
      const pace = orgOutcome === 'limited' ? org : route.pace;
      log.debug(
        { route: route.key, scope: orgOutcome === 'limited' ? 'organization' : 'route', retryAfterMs: asked, limit: pace.limit, windowMs: pace.windowMs },
        'admin api rate limited',
      );
    }
    if (learnedRoute || learnedOrg) options.onLearned?.(learned());
    pump();
  }

  function expire(now: number): void {
    const busiest = [...order].sort((a, b) => b.queue.length - a.queue.length)[0];
    const error = new RateLimitDeadlineError({
      elapsedMs: now - startedAt,
      label: options.deadlineLabel,
      done,
      notSent: queued + inFlight,
      route: busiest?.key,
      waiting: busiest?.queue.length ?? 0,
      limit: busiest?.pace.limit,
      windowMs: busiest?.pace.windowMs ?? windowMs,
    });
    expired = error;
    for (const route of order) {
      for (const waiter of route.queue.splice(0)) waiter.reject(error);
    }
    queued = 0;
    wake?.cancel();
    wake = undefined;
  }

  function learned(): SavedLimits {
    const saved = (pace: RoutePace): SavedLimit | undefined =>
      pace.limit === undefined || pace.learnedAt === undefined
        ? undefined
        : { limit: pace.limit, windowMs: Math.round(pace.windowMs), learnedAt: new Date(pace.learnedAt).toISOString() };
    const out: SavedLimits = { routes: { ...options.known?.routes } };
    for (const route of order) {
      const limit = saved(route.pace);
      if (limit !== undefined) out.routes[route.key] = limit;
    }
    const orgLimit = saved(org) ?? options.known?.org;
    if (orgLimit !== undefined) out.org = orgLimit;
    return out;
  }

  return {
    run(key, send, runOptions) {
      if (expired !== undefined) return Promise.reject(expired);
      const route = routeOf(key);
      return new Promise<HttpResponse>((resolve, reject) => {
        const waiter: Waiter = { send, resolve, reject };
        // A request that already waited does not queue again behind everything started since.
        if (runOptions?.retry === true) route.queue.unshift(waiter);
        else route.queue.push(waiter);
        queued += 1;
        pump();
      });
    },
    progress() {
      const now = clock.now();
      let waitingOnLimits = 0;
      let etaMs = 0;
      let limited = org.limited;
      const orgHeld = org.readyAt(now) > now;
      for (const route of order) {
        limited += route.pace.limited;
        if (route.queue.length === 0) continue;
        if (orgHeld || route.pace.readyAt(now) > now) waitingOnLimits += route.queue.length;
        etaMs = Math.max(etaMs, route.pace.etaMs(now, route.queue.length));
      }
      etaMs = Math.max(etaMs, org.etaMs(now, queued));
      return { done, inFlight, queued, waitingOnLimits, etaMs, limited };
    },
    summary() {
      const rows: RouteSummary[] = order
        .filter((r) => r.pace.limited > 0)
        .map((r) => ({ route: r.key, limited: r.pace.limited, limit: r.pace.limit, windowMs: r.pace.windowMs }));
      if (org.limited > 0) rows.push({ route: 'organization', limited: org.limited, limit: org.limit, windowMs: org.windowMs });
      return rows;
    },
    learned,
  };
}

/** `--max-rpm 6` → one request every 10 s at most. */
function spacingOf(rpm: number | undefined): number {
  return rpm === undefined ? 0 : 60_000 / rpm;
}

function seedOf(saved: SavedLimit | undefined): { limit?: number; windowMs?: number } {
  return saved === undefined ? {} : { limit: saved.limit, windowMs: saved.windowMs };
}

/** A cancellable wait on the injected clock (a stale long wait must not keep the process alive). */
function sleepFor(clock: Clock, ms: number, then: () => void): () => void {
  if (clock.timer !== undefined) return clock.timer(ms, then);
  let cancelled = false;
  void clock.sleep(ms).then(() => {
    if (!cancelled) then();
  });
  return () => {
    cancelled = true;
  };
}
