// Fault injection for /v1 requests: latency, a token-bucket rate limit answering 429
// with Retry-After, a share of 5xx answers and a share of dropped sockets. Random draws
// come from a seeded PRNG so a test can reproduce a sequence.

export interface FaultSettings {
  /** Added before every /v1 answer. Default 0. */
  latencyMs: number;
  /** Requests per second before 429s; 0 disables the limit. Default 0. */
  rateLimitRps: number;
  /** Share of /v1 requests answered 500 (0..1). Default 0. */
  errorRate: number;
  /** Share of /v1 requests whose socket is destroyed without an answer (0..1). Default 0. */
  dropRate: number;
  /** PRNG seed for errorRate and dropRate. Default 1. */
  seed: number;
}

export const NO_FAULTS: FaultSettings = { latencyMs: 0, rateLimitRps: 0, errorRate: 0, dropRate: 0, seed: 1 };

export type FaultDecision =
  | { kind: 'pass' }
  | { kind: 'drop' }
  | { kind: 'error' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

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

  constructor(private readonly clock: () => number) {}

  get current(): FaultSettings {
    return this.settings;
  }

  configure(partial: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...partial };
    this.random = prng(this.settings.seed);
    // The bucket holds one second of requests and starts full.
    this.tokens = this.settings.rateLimitRps;
    this.refilledAt = this.clock();
    return this.settings;
  }

  reset(): void {
    this.configure(NO_FAULTS);
  }

  decide(): FaultDecision {
    const { rateLimitRps, errorRate, dropRate } = this.settings;
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
