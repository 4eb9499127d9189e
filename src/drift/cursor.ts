// The persisted audit-log cursor: no event missed (the query overlaps the last window)
// and none handled twice (ids seen within the overlap are remembered), across restarts
// and across events that share a timestamp.
import type { AuditLogQuery } from '../api/types.js';
import type { AuditCursor, AuditLog } from './types.js';

/**
 * How far back each poll re-reads. The audit log's delay is not documented (API-NOTES);
 * collectors overlap their windows by minutes, so five minutes it is.
 */
export const DEFAULT_OVERLAP_SECONDS = 300;
/** A ceiling on remembered ids, so a burst cannot grow the state file without bound. */
export const MAX_SEEN = 20_000;

export function initialCursor(nowSeconds: number): AuditCursor {
  const at = Math.floor(nowSeconds);
  return { lastSeenAt: at, seen: [], notBefore: at };
}

export function cursorQuery(
  cursor: AuditCursor,
  overlapSeconds = DEFAULT_OVERLAP_SECONDS,
  eventTypes?: readonly string[],
): AuditLogQuery {
  const query: AuditLogQuery = { effective_at: { gte: Math.max(0, cursor.lastSeenAt - overlapSeconds) } };
  if (eventTypes !== undefined) query.event_types = [...eventTypes];
  return query;
}

/** Oldest first; events in the same second in a stable order by id. */
export function compareEvents(a: AuditLog, b: AuditLog): number {
  return a.effective_at - b.effective_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface CursorAdvance {
  /** Events not handled before, oldest first. */
  fresh: AuditLog[];
  next: AuditCursor;
}

/** Splits a poll's answer into new events and the cursor to persist once they are handled. */
export function advanceCursor(
  cursor: AuditCursor,
  events: readonly AuditLog[],
  overlapSeconds = DEFAULT_OVERLAP_SECONDS,
): CursorAdvance {
  const seen = new Map(cursor.seen);
  const fresh: AuditLog[] = [];
  for (const event of [...events].sort(compareEvents)) {
    if (seen.has(event.id)) continue;
    seen.set(event.id, event.effective_at);
    if (cursor.notBefore === undefined || event.effective_at >= cursor.notBefore) fresh.push(event);
  }
  const lastSeenAt = Math.max(cursor.lastSeenAt, ...[...seen.values()]);
  const horizon = lastSeenAt - overlapSeconds;
  let kept = [...seen].filter(([, at]) => at >= horizon).sort((a, b) => a[1] - b[1]);
  if (kept.length > MAX_SEEN) kept = kept.slice(kept.length - MAX_SEEN);
  const next: AuditCursor = { lastSeenAt, seen: kept };
  if (cursor.notBefore !== undefined) next.notBefore = cursor.notBefore;
  return { fresh, next };
}

/** Tolerant reader for a cursor loaded from disk; anything malformed starts over at `nowSeconds`. */
export function parseCursor(value: unknown, nowSeconds: number): AuditCursor {
  if (typeof value !== 'object' || value === null) return initialCursor(nowSeconds);
  const { lastSeenAt, seen, notBefore } = value as { lastSeenAt?: unknown; seen?: unknown; notBefore?: unknown };
  if (typeof lastSeenAt !== 'number' || !Number.isFinite(lastSeenAt) || !Array.isArray(seen)) {
    return initialCursor(nowSeconds);
  }
  const pairs = seen.filter(
    (p): p is [string, number] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'number',
  );
  return typeof notBefore === 'number' ? { lastSeenAt, seen: pairs, notBefore } : { lastSeenAt, seen: pairs };
}
