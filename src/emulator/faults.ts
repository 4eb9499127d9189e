// Fault injection for /v1 requests: latency, a token-bucket rate limit answering 429
// with Retry-After, the live API's fixed windows per route (throttle.ts) answering 429
// without it, a share of 5xx answers and a share of dropped sockets. Random draws come
// from a seeded PRNG so a test can reproduce a sequence.
import { WindowThrottle, type ThrottleReport } from './throttle.js';

export interface FaultSettings {
  /** Added before every /v1 answer. Default 0. */
  latencyMs: number;
  /** Token bucket: requests per second before 429s with Retry-After; 0 disables it. Default 0. */
  rateLimitRps: number;
  /**
   * Live-like throttle: requests per route template (method + path template) per window
   * before 429s without Retry-After; 0 disables it. Default 0 (`--throttle live`: 8).
   */
  routeLimit: number;
  /** Length of the live-like throttle's window in seconds, fractions allowed. Default 60. */
  routeWindowSeconds: number;
  /** Live-like throttle: requests over all routes per window; 0 disables it. Default 0. */
  orgLimit: number;
  /** Share of /v1 requests answered 500 (0..1). Default 0. */
  errorRate: number;
  /** Share of /v1 requests whose socket is destroyed without an answer (0..1). Default 0. */
  dropRate: number;
  /** PRNG seed for errorRate and dropRate. Default 1. */
  seed: number;
}

export const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  rateLimitRps: 0,
  routeLimit: 0,
  routeWindowSeconds: 60,
  orgLimit: 0,
  errorRate: 0,
  dropRate: 0,
  seed: 1,
};

/** `--throttle live` without numbers: the live API as measured, about 8 per endpoint per minute. */
export const LIVE_THROTTLE = { routeLimit: 8, routeWindowSeconds: 60 } as const;

const WINDOW_KEYS = ['routeLimit', 'routeWindowSeconds', 'orgLimit'] as const;

export type FaultDecision =
  | { kind: 'pass' }
  | { kind: 'drop' }
  | { kind: 'error' }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  /** The live API's answer: no Retry-After, no x-ratelimit-* headers. */
  | { kind: 'window_limited'; scope: 'route' | 'org' };

/** mulberry32: small, fast, good enough for picking which requests fail. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private settings: FaultSettings = NO_FAULTS;
  private random = prng(NO_FAULTS.seed);
  private tokens = 0;
  private refilledAt = 0;
  private readonly windows: WindowThrottle;

  constructor(private readonly clock: () => number) {
    this.windows = new WindowThrottle(windowLimits(NO_FAULTS), clock);
  }

  get current(): FaultSettings {
    return this.settings;
  }

  configure(partial: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...partial };
    this.random = prng(this.settings.seed);
    // The bucket holds one second of requests and starts full.
    this.tokens = this.settings.rateLimitRps;
    this.refilledAt = this.clock();
    // Changing the latency must not hand out fresh windows; changing the windows does.
    if (WINDOW_KEYS.some((key) => key in partial)) this.windows.configure(windowLimits(this.settings));
    return this.settings;
  }

  reset(): void {
    this.configure(NO_FAULTS);
  }

  /** The live-like throttle's windows per route since it was last configured. */
  throttleReport(): ThrottleReport {
    return this.windows.report();
  }

  decide(routeKey: string): FaultDecision {
    const { rateLimitRps, errorRate, dropRate } = this.settings;
    const windowed = this.windows.decide(routeKey);
    if (windowed.kind === 'limited') return { kind: 'window_limited', scope: windowed.scope };
    if (rateLimitRps > 0) {
      const now = this.clock();
      this.tokens = Math.min(rateLimitRps, this.tokens + ((now - this.refilledAt) / 1000) * rateLimitRps);
      this.refilledAt = now;
      if (this.tokens < 1) {
        // The spec's 429 carries an integer Retry-After (seconds).
        return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil((1 - this.tokens) / rateLimitRps)) };
      }
      this.tokens -= 1;
    }
    if (dropRate > 0 && this.random() < dropRate) return { kind: 'drop' };
    if (errorRate > 0 && this.random() < errorRate) return { kind: 'error' };
    return { kind: 'pass' };
  }
}

function windowLimits(settings: FaultSettings): { routeLimit: number; orgLimit: number; windowMs: number } {
  return { routeLimit: settings.routeLimit, orgLimit: settings.orgLimit, windowMs: settings.routeWindowSeconds * 1000 };
}
