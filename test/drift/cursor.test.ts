import { describe, expect, it } from 'vitest';
import type { AuditLog } from '../../src/api/types.js';
import { advanceCursor, cursorQuery, initialCursor, parseCursor } from '../../src/drift/index.js';

const ev = (id: string, at: number): AuditLog => ({ id, type: 'user.updated', effective_at: at });

describe('audit cursor', () => {
  it('queries from the last seen time minus the overlap', () => {
    expect(cursorQuery({ lastSeenAt: 1000, seen: [] }, 300)).toEqual({ effective_at: { gte: 700 } });
    expect(cursorQuery({ lastSeenAt: 100, seen: [] }, 300)).toEqual({ effective_at: { gte: 0 } });
  });

  it('hands out each event once, oldest first, even when events share a timestamp', () => {
    const start = { lastSeenAt: 1000, seen: [] };
    const first = advanceCursor(start, [ev('b', 1010), ev('a', 1010), ev('c', 1005)]);
    expect(first.fresh.map((e) => e.id)).toEqual(['c', 'a', 'b']);
    expect(first.next.lastSeenAt).toBe(1010);
    // A later poll overlaps: the same second holds one old and one new event.
    const second = advanceCursor(first.next, [ev('d', 1010), ev('b', 1010), ev('a', 1010), ev('c', 1005)]);
    expect(second.fresh.map((e) => e.id)).toEqual(['d']);
  });

  it('survives a restart through its JSON form', () => {
    const first = advanceCursor({ lastSeenAt: 1000, seen: [] }, [ev('a', 1001), ev('b', 1002)]);
    const reloaded = parseCursor(JSON.parse(JSON.stringify(first.next)), 99_999);
    expect(reloaded).toEqual(first.next);
    expect(advanceCursor(reloaded, [ev('a', 1001), ev('b', 1002), ev('c', 1002)]).fresh.map((e) => e.id)).toEqual(['c']);
  });

  it('forgets ids older than the overlap, but never goes backwards', () => {
    const first = advanceCursor({ lastSeenAt: 0, seen: [] }, [ev('old', 100), ev('new', 1000)], 300);
    expect(first.next.seen).toEqual([['new', 1000]]);
    const late = advanceCursor(first.next, [ev('x', 900)], 300);
    expect(late.next.lastSeenAt).toBe(1000);
    expect(late.fresh.map((e) => e.id)).toEqual(['x']);
  });

  it('treats events before the first start as history', () => {
    const cursor = initialCursor(2000);
    const result = advanceCursor(cursor, [ev('before', 1900), ev('after', 2001)]);
    expect(result.fresh.map((e) => e.id)).toEqual(['after']);
    expect(advanceCursor(result.next, [ev('before', 1900)]).fresh).toEqual([]);
  });

  it('starts over on a malformed state file', () => {
    expect(parseCursor({ lastSeenAt: 'x' }, 50)).toEqual({ lastSeenAt: 50, seen: [], notBefore: 50 });
    expect(parseCursor(null, 50).lastSeenAt).toBe(50);
  });
});
