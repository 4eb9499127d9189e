// What one rate-limit scope (a route template, or the whole organization) has taught us,
// and when it lets the next request start. Pure state driven by the caller's clock.
//
// The live Admin API limits each endpoint to about 8 requests per ~60 s window and
// answers 429 with no Retry-After and no x-ratelimit-* headers (reference/API-NOTES.md,
// "Rate limits are tight, per endpoint, and unannounced"). So the server's window is
// modelled here: it opens with the first request sent after the previous one closed, and a
// 429 without a wait means "this window is full". On such a 429 the scope
// - learns its limit: the requests that got through in the window (`used`);
// - holds until the window ends, then releases at limit/window, one request every
//   window/limit, never as a burst;
// - learns the window: it starts from 60 s (the measurement), lengthens when the first
//   request of a window is refused, and shortens when one early probe, sent halfway
//   through a hold, gets through.
// With a Retry-After / retry-after-ms the server's word is taken instead (capped by the caller).

/** The measured window: "the window refilled after about 60 s" (API-NOTES.md). */
export const DEFAULT_WINDOW_MS = 60_000;
/** Shortest window we will believe: below it, timer granularity (~1-4 ms) dominates. */
export const MIN_WINDOW_MS = 50;
/** Longest: the live window is ~60 s; 10 minutes means the model is wrong, not the server. */
export const MAX_WINDOW_MS = 600_000;
/** A refused first request means the window is longer than modelled: grow it by half. */
const WINDOW_GROWTH = 1.5;
/**
 * Unless it was refused within this fraction of a window past the modelled end: then the
 * server's window started a little later than ours (transit), and it grows to cover that.
 */
const ARRIVAL_SLACK = 0.05;
/**
 * Spread requests 2% wider than window/limit: a fixed window that opened with our first
 * request then never sees limit+1 of ours, even when timers fire a millisecond early.
 */
const SPACING_MARGIN = 1.02;
/** Stop probing for a shorter window once the possible gain is under a quarter of it. */
const PROBE_MIN_GAIN = 0.25;
/**
 * Additive increase: +1 request per window after each full window without a 429, up to the
 * last limit the server refused at; above it only after this many clear windows (each
 * try above it costs at most one 429 and a short hold).
 */
export const CLEAR_WINDOWS_BEFORE_PROBING = 4;

export type Outcome = 'ok' | 'limited' | 'refused-elsewhere' | 'failed';

export interface PaceSeed {
  /** Requests per window, learned before (a saved file). */
  limit?: number;
  windowMs?: number;
  /** Never start two requests closer than this (from --max-rpm / --max-org-rpm). */
  minSpacingMs?: number;
}

export interface PaceSnapshot {
  limit: number | undefined;
  windowMs: number;
  limited: number;
  passed: number;
  learnedAt: number | undefined;
}

export class RoutePace {
  limit: number | undefined;
  windowMs: number;
  /** Times the server said 429 to this scope. */
  limited = 0;
  /** Requests that got through, in total. */
  passed = 0;
  learnedAt: number | undefined;

  private ceiling: number | undefined;
  private windowFloorMs = 0;
  private windowStart: number | undefined;
  /** Requests started in the modelled window and not refused (in flight or through). */
  private used = 0;
  /** Requests of the modelled window the server let through (the limit we learn). */
  private passedInWindow = 0;
  private limitedThisWindow = false;
  /** A 429 without a wait said this window was full: what passed in it is the limit. */
  private fullThisWindow = false;
  private clearWindows = 0;
  private inFlight = 0;
  private lastStart = Number.NEGATIVE_INFINITY;
  private heldUntil = 0;
  private probeAt: number | undefined;
  private probeStartedAt: number | undefined;
  private readonly minSpacingMs: number;

  constructor(seed: PaceSeed = {}, defaultWindowMs = DEFAULT_WINDOW_MS) {
    this.limit = seed.limit;
    this.ceiling = seed.limit;
    this.windowMs = clampWindow(seed.windowMs ?? defaultWindowMs);
    this.minSpacingMs = seed.minSpacingMs ?? 0;
  }

  /**
   * A 429 now would not be this scope's own: it has let fewer requests through in this
   * window than it did when the server last refused it (so another limit, e.g. the org's, spoke).
   * Not when nothing got through yet in what we model as a new window: the server's window
   * may still be the previous one (a little longer than modelled, or opened by a request
   * that arrived late), which finish() learns as a longer window. Taking that 429 as the
   * organization's would teach an org-wide limit that does not exist and slow every route.
   */
  belowCeiling(): boolean {
    return this.ceiling !== undefined && this.passedInWindow > 0 && this.passedInWindow < this.ceiling;
  }

  /** True while a 429 holds this scope (requests wait for the window to end). */
  held(now: number): boolean {
    return now < this.heldUntil;
  }

  /** The earliest time a new request may start; Infinity while it must wait for one in flight. */
  readyAt(now: number): number {
    if (now < this.heldUntil) {
      // One probe at a time, and only before the hold would end anyway.
      if (this.probeAt !== undefined && this.probeStartedAt === undefined) return Math.min(this.probeAt, this.heldUntil);
      return this.heldUntil;
    }
    let at = Math.max(now, this.lastStart + this.minSpacingMs);
    if (this.limit === undefined) return at;
    const windowOpen = this.windowStart !== undefined && now < this.windowStart + this.windowMs;
    // Never more in flight than the window's remaining budget: the rest waits for the next window.
    if (windowOpen && this.used >= this.limit) return Math.max(at, (this.windowStart ?? now) + this.windowMs);
    at = Math.max(at, this.lastStart + this.spacingMs());
    return at;
  }

  /** Call when a request of this scope starts (at or after readyAt). */
  start(now: number): void {
    if (now < this.heldUntil) {
      this.probeStartedAt = now;
    } else if (this.windowStart === undefined || now >= this.windowStart + this.windowMs) {
      this.closeWindow();
      this.windowStart = now;
      this.used = 0;
      this.passedInWindow = 0;
      this.limitedThisWindow = false;
      this.fullThisWindow = false;
    }
    this.used += 1;
    this.inFlight += 1;
    this.lastStart = now;
  }

  /**
   * Call when it ends. `askedMs`: the server's Retry-After, when it gave one. Returns true
   * when this taught something worth saving (a limit or a window).
   */
  finish(now: number, startedAt: number, outcome: Outcome, askedMs?: number): boolean {
    this.inFlight = Math.max(0, this.inFlight - 1);
    const wasProbe = this.probeStartedAt !== undefined && startedAt === this.probeStartedAt;
    if (wasProbe) this.probeStartedAt = undefined;
    if (outcome === 'failed') return false;
    if (outcome === 'ok') {
      this.passed += 1;
      if (wasProbe) return this.learnShorterWindow(startedAt);
      if (this.windowStart === undefined || startedAt < this.windowStart) return false;
      this.passedInWindow += 1;
      // A request started before the 429 and answered after it: the window held one more.
      if (this.fullThisWindow && (this.limit === undefined || this.passedInWindow > this.limit)) {
        this.limit = this.passedInWindow;
        this.ceiling = Math.max(this.ceiling ?? 0, this.limit);
        this.learnedAt = now;
        return true;
      }
      return false;
    }
    // Refused requests do not use the server's budget.
    this.used = Math.max(0, this.used - 1);
    if (outcome === 'refused-elsewhere') return false;
    this.limited += 1;
    this.limitedThisWindow = true;
    this.clearWindows = 0;
    if (askedMs !== undefined) {
      this.heldUntil = Math.max(this.heldUntil, now + askedMs);
      return false;
    }
    this.fullThisWindow = true;
    const start = this.windowStart ?? startedAt;
    if (wasProbe) {
      // Still the same window halfway through: it is at least this long.
      this.windowFloorMs = Math.max(this.windowFloorMs, startedAt - start);
      this.planProbe(start, now);
      return false;
    }
    if (now < this.heldUntil) return false; // already held: another request that was in flight
    let learned = false;
    let holdFrom = start;
    if (this.passedInWindow === 0 && this.limit !== undefined && this.windowStartBefore !== undefined) {
      // Refused as the first request of a window we thought new: the server's window that
      // opened at the previous start is still open, so it is longer than modelled.
      holdFrom = this.windowStartBefore;
      const overshootMs = startedAt - holdFrom - this.windowMs;
      this.windowFloorMs = Math.max(this.windowFloorMs, startedAt - holdFrom);
      // Refused just past the modelled end: the server's window opened when our first request
      // arrived, a little after we sent it. Cover that, not half a window more.
      const grown = overshootMs < this.windowMs * ARRIVAL_SLACK ? this.windowFloorMs * SPACING_MARGIN : this.windowMs * WINDOW_GROWTH;
      this.windowMs = clampWindow(Math.max(grown, this.windowFloorMs));
      this.windowStart = holdFrom;
      learned = true;
    } else if (this.passedInWindow > 0) {
      this.limit = this.passedInWindow;
      this.ceiling = this.passedInWindow;
      learned = true;
    }
    this.heldUntil = Math.max(now + 1, holdFrom + this.windowMs);
    this.planProbe(holdFrom, now);
    if (learned) this.learnedAt = now;
    return learned;
  }

  /** What a request count needs from here at the learned pace (for an ETA). */
  etaMs(now: number, queued: number): number {
    if (queued <= 0) return 0;
    // A probe is a guess: the ETA counts on the hold lasting.
    const first = Math.max(0, this.heldUntil - now, this.readyAt(now) - now);
    if (!Number.isFinite(first)) return this.windowMs + (queued - 1) * this.spacingMs();
    return first + (queued - 1) * Math.max(this.spacingMs(), this.minSpacingMs);
  }

  spacingMs(): number {
    return this.limit === undefined ? this.minSpacingMs : Math.max(this.minSpacingMs, (this.windowMs / this.limit) * SPACING_MARGIN);
  }

  snapshot(): PaceSnapshot {
    return { limit: this.limit, windowMs: this.windowMs, limited: this.limited, passed: this.passed, learnedAt: this.learnedAt };
  }

  /** Start of the window before the current one (for the refused-first-request case). */
  private windowStartBefore: number | undefined;

  private closeWindow(): void {
    this.windowStartBefore = this.windowStart;
    if (this.windowStart === undefined || this.limit === undefined || this.limitedThisWindow) return;
    // Additive increase only when the budget was used in full: a half-used window proves nothing.
    if (this.used < this.limit) return;
    this.clearWindows += 1;
    if (this.ceiling === undefined || this.limit < this.ceiling || this.clearWindows >= CLEAR_WINDOWS_BEFORE_PROBING) {
      this.limit += 1;
      this.clearWindows = 0;
    }
  }

  /** A probe halfway between what the window is known to be and what we assume. */
  private planProbe(start: number, now: number): void {
    this.probeAt = undefined;
    if (this.windowMs - this.windowFloorMs <= this.windowMs * PROBE_MIN_GAIN) return;
    const at = start + (this.windowFloorMs + this.windowMs) / 2;
    if (at > now && at < this.heldUntil) this.probeAt = at;
  }

  /** The probe got through before the hold ended: the window is at most this long. */
  private learnShorterWindow(startedAt: number): boolean {
    const start = this.windowStart ?? startedAt;
    this.windowMs = clampWindow(Math.max(startedAt - start, this.windowFloorMs));
    this.heldUntil = 0;
    this.probeAt = undefined;
    // The limit was measured against a window that was too long: let additive increase climb again.
    this.ceiling = undefined;
    // The probe opened the server's next window.
    this.windowStart = startedAt;
    this.used = 1;
    this.passedInWindow = 1;
    this.limitedThisWindow = false;
    this.fullThisWindow = false;
    this.learnedAt = startedAt;
    return true;
  }
}

function clampWindow(ms: number): number {
  return Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, ms));
}
