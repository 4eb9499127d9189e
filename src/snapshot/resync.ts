// The background resync (docs/snapshot.md): the audit log cannot show every change, so the
// kept answers are read again in the background, the oldest first, paced so that each is
// read again once per `--resync` period, and never more than a share of each route's rate
// limit per window so a plan or an apply always finds most of the budget free.
import type { AdminApi } from '../api/admin-api.js';
import { ApiError } from '../api/errors.js';
import { CACHEABLE_READS, parseReadKey, vouchingOf, type CacheableRead } from './reads.js';
import type { CachedRead, SnapshotDocument } from './types.js';

/** `--resync-share` default: a quarter of each route's budget. */
export const DEFAULT_RESYNC_SHARE = 0.25;

/**
 * A route's limit before one is learned: about 8 requests per 60 s window
 * (reference/API-NOTES.md, "Rate limits are tight, per endpoint, and unannounced").
 */
export const ASSUMED_ROUTE_LIMIT = { limit: 8, windowMs: 60_000 };

export interface RouteLimit {
  limit: number;
  windowMs: number;
}

export interface ResyncBudgetOptions {
  /** Share of each route's limit per window the resync may use (0 < share ≤ 1). */
  share: number;
  /** Per route (`GET /organization/users`): the limit learned or loaded; default none (assumed). */
  limits?: () => Readonly<Record<string, RouteLimit>>;
  /** Milliseconds since the epoch. */
  now: () => number;
}

/**
 * What the resync spent on each route, within each route's window, against its share. An
 * answer's cost is what it cost the last time it was read (pages; unknown before the first).
 */
export class ResyncBudget {
  private readonly sent = new Map<string, number[]>();
  /** Read key, then method: requests by route its last read cost. */
  private readonly costs = new Map<string, Record<string, number>>();

  constructor(private readonly options: ResyncBudgetOptions) {}

  /** Requests this route may take from the resync per window. */
  allowance(route: string): number {
    const limit = this.limitOf(route);
    return Math.max(1, Math.floor(limit.limit * this.options.share));
  }

  /** Requests the resync sent on this route in its current window. */
  used(route: string): number {
    const since = this.options.now() - this.limitOf(route).windowMs;
    const times = (this.sent.get(route) ?? []).filter((t) => t > since);
    this.sent.set(route, times);
    return times.length;
  }

  /**
   * Whether reading this answer again now stays within the share. An answer that costs more
   * than a whole share (a list of many pages) goes only when its route has had none this window.
   */
  allows(key: string): boolean {
    const cost = this.costs.get(key) ?? this.costs.get(parseReadKey(key).method);
    if (cost === undefined) return true;
    return Object.entries(cost).every(([route, n]) => {
      const used = this.used(route);
      return used === 0 || used + n <= this.allowance(route);
    });
  }

  /** Records what reading an answer again cost, by route. */
  spend(key: string, byRoute: Readonly<Record<string, number>>): void {
    const now = this.options.now();
    for (const [route, n] of Object.entries(byRoute)) {
      const times = this.sent.get(route) ?? [];
      for (let i = 0; i < n; i += 1) times.push(now);
      this.sent.set(route, times);
    }
    this.costs.set(key, { ...byRoute });
    this.costs.set(parseReadKey(key).method, { ...byRoute });
  }

  private limitOf(route: string): RouteLimit {
    return this.options.limits?.()[route] ?? ASSUMED_ROUTE_LIMIT;
  }
}

export interface ResyncSliceInput {
  api: AdminApi;
  snapshot: SnapshotDocument;
  /** How many answers to read again at most, oldest first. */
  count: number;
  budget: ResyncBudget;
  /** Unix seconds, for `readAt`. */
  nowSeconds: () => number;
  reads?: Readonly<Record<string, CacheableRead>>;
}

export interface ResyncSliceResult {
  snapshot: SnapshotDocument;
  /** Answers read again, oldest first. */
  refreshed: string[];
  /** Of those, the ones the API answered differently (or no longer answers): drift the audit log did not show. */
  changed: string[];
  /** Due but left for a later poll: their route's share was spent. */
  deferred: string[];
  requests: number;
  /** The read that failed (the slice stops there; the answer stays as kept). */
  failure?: { key: string; error: unknown };
}

/** The kept answers a resync reads again, oldest first (ties by key, for a stable order). */
export function resyncOrder(snapshot: SnapshotDocument, reads: Readonly<Record<string, CacheableRead>> = CACHEABLE_READS): [string, CachedRead][] {
  return Object.entries(snapshot.reads)
    .filter(([key]) => {
      const vouching = vouchingOf(key, reads);
      return vouching === 'audit' || vouching === 'blind';
    })
    .sort(([ka, a], [kb, b]) => a.readAt - b.readAt || (ka < kb ? -1 : ka > kb ? 1 : 0));
}

/** Reads up to `count` of the oldest kept answers again, within the budget, and patches the snapshot. */
export async function resyncSlice(input: ResyncSliceInput): Promise<ResyncSliceResult> {
  const reads = input.reads ?? CACHEABLE_READS;
  const kept: Record<string, CachedRead> = { ...input.snapshot.reads };
  const result: Omit<ResyncSliceResult, 'snapshot'> = { refreshed: [], changed: [], deferred: [], requests: 0 };
  for (const [key, held] of resyncOrder(input.snapshot, reads)) {
    if (result.refreshed.length >= input.count) break;
    if (!input.budget.allows(key)) {
      result.deferred.push(key);
      continue;
    }
    const before = input.api.requestStats();
    let items: unknown[] | undefined;
    try {
      items = await readAgain(input.api, key, reads);
    } catch (error) {
      // A project's child list answering 404: the project is gone, which the audit log would
      // have said. Dropped (the next plan reads it, or not, as the live model needs).
      if (!(error instanceof ApiError && error.status === 404)) {
        result.failure = { key, error };
      }
    } finally {
      const cost = spentSince(input.api, before);
      input.budget.spend(key, cost.byOperation);
      result.requests += cost.total;
    }
    if (result.failure !== undefined) break;
    result.refreshed.push(key);
    if (items === undefined) {
      delete kept[key];
      result.changed.push(key);
      continue;
    }
    if (JSON.stringify(items) !== JSON.stringify(held.items)) result.changed.push(key);
    kept[key] = { readAt: input.nowSeconds(), items };
  }
  return { ...result, snapshot: { ...input.snapshot, reads: kept } };
}

async function readAgain(api: AdminApi, key: string, reads: Readonly<Record<string, CacheableRead>>): Promise<unknown[]> {
  const { method, args } = parseReadKey(key);
  const read = reads[method];
  const call = (api as unknown as Record<string, unknown>)[method];
  if (read === undefined || typeof call !== 'function') throw new Error(`the kept read ${key} names no Admin API read`);
  // readKey wrote string arguments as they are and the others as JSON.
  const values = args.map((a) => (a.startsWith('{') || a.startsWith('[') ? (JSON.parse(a) as unknown) : a));
  const answer: unknown = (call as (...a: unknown[]) => unknown).apply(api, values);
  if (read.shape === 'object') return [await answer];
  const items: unknown[] = [];
  for await (const item of answer as AsyncIterable<unknown>) items.push(item);
  return items;
}

function spentSince(api: AdminApi, before: ReturnType<AdminApi['requestStats']>): { total: number; byOperation: Record<string, number> } {
  const after = api.requestStats();
  // By method and route, as the client's pacing keys them; reads are GETs when only routes are counted.
  const operations = (stats: typeof after): Record<string, number> =>
    stats.byOperation ?? Object.fromEntries(Object.entries(stats.byRoute).map(([route, n]) => [`GET ${route}`, n]));
  const was = operations(before);
  const byOperation: Record<string, number> = {};
  for (const [operation, n] of Object.entries(operations(after))) {
    const delta = n - (was[operation] ?? 0);
    if (delta > 0) byOperation[operation] = delta;
  }
  return { total: after.total - before.total, byOperation };
}
