// The live Admin API's rate limit as measured (reference/API-NOTES.md, "Rate limits are
// tight, per endpoint, and unannounced"): a fixed window of N requests per route template,
// about 8 per 60 s, beyond which the API answers 429 with no Retry-After and no
// x-ratelimit-* headers; an earlier measurement also saw an org-wide limit near 60 a minute.
// A window opens with the first request after the previous one closed, so a client that
// waits out a window always finds a fresh one. Refused requests do not use the budget.

export interface WindowLimits {
  /** Requests per route template per window; 0 means no per-route limit. */
  routeLimit: number;
  /** Requests over all routes per window; 0 means no org-wide limit. */
  orgLimit: number;
  /** Length of a window in milliseconds (fractional seconds allowed, for scaled runs). */
  windowMs: number;
}

export interface WindowRecord {
  /** When the window opened, in milliseconds on the emulator's clock. */
  startedAt: number;
  /** Requests let through in this window. */
  passed: number;
  /** Requests answered 429 in this window. */
  limited: number;
}

export interface WindowHistory {
  passed: number;
  limited: number;
  /** Oldest first; at most MAX_WINDOWS_KEPT (the totals above count every window). */
  windows: WindowRecord[];
}

export interface ThrottleReport {
  routeLimit: number;
  orgLimit: number;
  windowMs: number;
  /** Keyed like the request counts: `GET /v1/organization/projects/{project_id}/users`. */
  routes: Record<string, WindowHistory>;
  /** Every /v1 request, whichever its route: the org-wide windows. */
  org: WindowHistory;
}

export type WindowDecision = { kind: 'pass' } | { kind: 'limited'; scope: 'route' | 'org' };

/**
 * History kept per route: a large benchmark run needs a few thousand windows per route; an
 * emulator left running for days must not grow without end.
 */
export const MAX_WINDOWS_KEPT = 10_000;

class FixedWindows {
  readonly history: WindowHistory = { passed: 0, limited: 0, windows: [] };

  /** The window `now` falls in, opening a new one when the last has closed. */
  current(now: number, windowMs: number): WindowRecord {
    const last = this.history.windows.at(-1);
    if (last !== undefined && now < last.startedAt + windowMs) return last;
    const opened = { startedAt: now, passed: 0, limited: 0 };
    this.history.windows.push(opened);
    if (this.history.windows.length > MAX_WINDOWS_KEPT) this.history.windows.shift();
    return opened;
  }

  pass(window: WindowRecord): void {
    window.passed += 1;
    this.history.passed += 1;
  }

  limit(window: WindowRecord): void {
    window.limited += 1;
    this.history.limited += 1;
  }
}

export class WindowThrottle {
  private routes = new Map<string, FixedWindows>();
  private org = new FixedWindows();

  constructor(
    private limits: WindowLimits,
    private readonly clock: () => number,
  ) {}

  get enabled(): boolean {
    return this.limits.routeLimit > 0 || this.limits.orgLimit > 0;
  }

  /** New limits start from empty windows and an empty history. */
  configure(limits: WindowLimits): void {
    this.limits = limits;
    this.clear();
  }

  clear(): void {
    this.routes = new Map();
    this.org = new FixedWindows();
  }

  decide(routeKey: string): WindowDecision {
    const { routeLimit, orgLimit, windowMs } = this.limits;
    if (!this.enabled) return { kind: 'pass' };
    const now = this.clock();
    let route = this.routes.get(routeKey);
    if (route === undefined) {
      route = new FixedWindows();
      this.routes.set(routeKey, route);
    }
    const routeWindow = route.current(now, windowMs);
    if (routeLimit > 0 && routeWindow.passed >= routeLimit) {
      route.limit(routeWindow);
      return { kind: 'limited', scope: 'route' };
    }
    const orgWindow = this.org.current(now, windowMs);
    // A 429 for either reason is a 429 the route saw; the org history counts only its own.
    if (orgLimit > 0 && orgWindow.passed >= orgLimit) {
      route.limit(routeWindow);
      this.org.limit(orgWindow);
      return { kind: 'limited', scope: 'org' };
    }
    route.pass(routeWindow);
    this.org.pass(orgWindow);
    return { kind: 'pass' };
  }

  report(): ThrottleReport {
    const copy = (h: WindowHistory): WindowHistory => ({ passed: h.passed, limited: h.limited, windows: h.windows.map((w) => ({ ...w })) });
    const routes: Record<string, WindowHistory> = {};
    for (const [key, windows] of [...this.routes].sort(([a], [b]) => a.localeCompare(b))) routes[key] = copy(windows.history);
    return { ...this.limits, routes, org: copy(this.org.history) };
  }
}
