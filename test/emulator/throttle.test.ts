// The live-like throttle: fixed windows per route template and org-wide, on a clock the
// test moves by hand (no real waiting).
import { describe, expect, it } from 'vitest';
import { MAX_WINDOWS_KEPT, WindowThrottle } from '../../src/emulator/throttle.js';

const USERS = 'GET /v1/organization/projects/{project_id}/users';
const ROLES = 'GET /v1/projects/{project_id}/roles';

function throttle(limits: { routeLimit?: number; orgLimit?: number; windowMs?: number }): { t: WindowThrottle; advance: (ms: number) => void } {
  let now = 1_800_000_000_000;
  const t = new WindowThrottle({ routeLimit: limits.routeLimit ?? 0, orgLimit: limits.orgLimit ?? 0, windowMs: limits.windowMs ?? 60_000 }, () => now);
  return { t, advance: (ms) => (now += ms) };
}

const kinds = (t: WindowThrottle, route: string, n: number): string[] => Array.from({ length: n }, () => t.decide(route).kind);

describe('WindowThrottle', () => {
  it('lets N requests of a route through per window, refuses the rest, and refills when the window ends', () => {
    const { t, advance } = throttle({ routeLimit: 8, windowMs: 60_000 });
    expect(kinds(t, USERS, 10)).toEqual([...Array<string>(8).fill('pass'), 'limited', 'limited']);
    advance(59_999);
    expect(t.decide(USERS)).toEqual({ kind: 'limited', scope: 'route' });
    advance(1);
    expect(kinds(t, USERS, 9)).toEqual([...Array<string>(8).fill('pass'), 'limited']);
  });

  it('counts each route template on its own', () => {
    const { t } = throttle({ routeLimit: 2 });
    expect(kinds(t, USERS, 3)).toEqual(['pass', 'pass', 'limited']);
    expect(kinds(t, ROLES, 3)).toEqual(['pass', 'pass', 'limited']);
  });

  it('opens a window at the first request after the last one closed, not on a fixed grid', () => {
    const { t, advance } = throttle({ routeLimit: 1, windowMs: 1_000 });
    t.decide(USERS);
    advance(2_500);
    expect(t.decide(USERS).kind).toBe('pass');
    advance(999);
    // 3.499 s after the start: on a 1 s grid this would be a fresh window.
    expect(t.decide(USERS).kind).toBe('limited');
    expect(t.report().routes[USERS]?.windows.map((w) => w.startedAt - 1_800_000_000_000)).toEqual([0, 2_500]);
  });

  it('supports fractional windows for scaled runs', () => {
    const { t, advance } = throttle({ routeLimit: 1, windowMs: 500 });
    expect(kinds(t, USERS, 2)).toEqual(['pass', 'limited']);
    advance(500);
    expect(t.decide(USERS).kind).toBe('pass');
  });

  it('applies the org-wide limit over every route, and reports its 429s under the route too', () => {
    const { t, advance } = throttle({ routeLimit: 8, orgLimit: 3 });
    expect([t.decide(USERS).kind, t.decide(ROLES).kind, t.decide(USERS).kind]).toEqual(['pass', 'pass', 'pass']);
    expect(t.decide(ROLES)).toEqual({ kind: 'limited', scope: 'org' });
    const report = t.report();
    expect(report.org).toMatchObject({ passed: 3, limited: 1 });
    expect(report.routes[ROLES]).toMatchObject({ passed: 1, limited: 1 });
    advance(60_000);
    expect(t.decide(ROLES).kind).toBe('pass');
  });

  it('refused requests do not use up the window', () => {
    const { t, advance } = throttle({ routeLimit: 2, windowMs: 1_000 });
    kinds(t, USERS, 50);
    advance(1_000);
    expect(kinds(t, USERS, 3)).toEqual(['pass', 'pass', 'limited']);
  });

  it('reports passes and 429s per route per window', () => {
    const { t, advance } = throttle({ routeLimit: 2, windowMs: 1_000 });
    kinds(t, USERS, 5);
    advance(1_000);
    kinds(t, USERS, 3);
    kinds(t, ROLES, 1);
    const report = t.report();
    expect(report).toMatchObject({ routeLimit: 2, orgLimit: 0, windowMs: 1_000 });
    expect(report.routes[USERS]).toEqual({
      passed: 4,
      limited: 4,
      windows: [
        { startedAt: 1_800_000_000_000, passed: 2, limited: 3 },
        { startedAt: 1_800_000_001_000, passed: 2, limited: 1 },
      ],
    });
    expect(report.routes[ROLES]).toMatchObject({ passed: 1, limited: 0 });
    expect(report.org.passed).toBe(5);
  });

  it('keeps a bounded history but counts every window in the totals', () => {
    const { t, advance } = throttle({ routeLimit: 1, windowMs: 1 });
    for (let i = 0; i < MAX_WINDOWS_KEPT + 5; i += 1) {
      t.decide(USERS);
      advance(1);
    }
    const users = t.report().routes[USERS];
    expect(users?.windows).toHaveLength(MAX_WINDOWS_KEPT);
    expect(users?.passed).toBe(MAX_WINDOWS_KEPT + 5);
  });

  it('lets everything through when no limit is set, and starts afresh when reconfigured', () => {
    const { t } = throttle({});
    expect(kinds(t, USERS, 100).every((k) => k === 'pass')).toBe(true);
    expect(t.report().routes).toEqual({});
    t.configure({ routeLimit: 1, orgLimit: 0, windowMs: 1_000 });
    expect(kinds(t, USERS, 2)).toEqual(['pass', 'limited']);
    t.configure({ routeLimit: 1, orgLimit: 0, windowMs: 1_000 });
    expect(t.decide(USERS).kind).toBe('pass');
  });
});
