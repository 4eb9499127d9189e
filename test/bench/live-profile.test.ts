// The live profile's arithmetic: the per-route window bound, 429s per route per window,
// the targets, and the client's scaled clock.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateOrg, driftOrg, fewPercent, SIZES } from '../../src/bench/generate.js';
import { countsFromStore } from '../../src/bench/counts.js';
import { minimumByRoute, waveWindowBound, windowBound } from '../../src/bench/lower-bound.js';
import { emulatorFaults, routeWindows, windowMeasurement, windowModel } from '../../src/bench/measure.js';
import { checkTargets, type PlanSummary, type WindowSummary } from '../../src/bench/report.js';
import { scaledClock } from '../../src/bench/scaled-clock.js';
import { toManifests, writeManifests } from '../../src/bench/to-manifests.js';
import { toSeed } from '../../src/bench/to-seed.js';
import { startEmulator, type ThrottleReport } from '../../src/emulator/index.js';
import { minimumRequests, readScopeFor } from '../../src/live/index.js';
import { loadManifests } from '../../src/manifest/index.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('windowBound', () => {
  const model = { routeLimit: 8, orgLimit: 0, windowMs: 1_000 };

  it('is the windows the busiest route needs: ceil(requests / limit)', () => {
    const bound = windowBound({ 'GET /v1/a': 100, 'GET /v1/b': 17, 'GET /v1/c': 8 }, model);
    expect(bound).toEqual({ windows: 13, route: 'GET /v1/a', ms: 13_000, windowsByRoute: { 'GET /v1/a': 13, 'GET /v1/b': 3, 'GET /v1/c': 1 } });
  });

  it('is the org-wide limit when that is tighter', () => {
    const bound = windowBound({ 'GET /v1/a': 100, 'GET /v1/b': 100 }, { routeLimit: 8, orgLimit: 10, windowMs: 1_000 });
    expect(bound).toMatchObject({ windows: 20, route: 'org-wide', ms: 20_000 });
  });

  it('scales with the window, not the ratio', () => {
    const live = { routeLimit: 8, routeWindowSeconds: 60, orgLimit: 0, timeScale: 60 };
    expect(windowModel(live)).toEqual({ routeLimit: 8, orgLimit: 0, windowMs: 1_000 });
    expect(emulatorFaults({ latencyMs: 30, rps: 100, live })).toEqual({ latencyMs: 0.5, rateLimitRps: 0, routeLimit: 8, routeWindowSeconds: 1, orgLimit: 0 });
    expect(emulatorFaults({ latencyMs: 25, rps: 100 })).toEqual({ latencyMs: 25, rateLimitRps: 100 });
  });
});

describe('waveWindowBound', () => {
  const model = { routeLimit: 8, orgLimit: 0, windowMs: 1_000 };

  it('adds up the waves: routes of different waves cannot share windows', () => {
    const bound = waveWindowBound(
      [
        { wave: 3, byRoute: { 'POST /v1/organization/invites': 200 } },
        { wave: 5, byRoute: { 'POST /v1/a': 250, 'POST /v1/b': 100 } },
        { wave: 8, byRoute: { 'DELETE /v1/a': 9 } },
      ],
      model,
    );
    // One route per wave at a time: 25 + 32 + 2, not the busiest route's 32 alone.
    expect(bound).toEqual({
      windows: 59,
      ms: 59_000,
      byWave: [
        { wave: 3, windows: 25, route: 'POST /v1/organization/invites' },
        { wave: 5, windows: 32, route: 'POST /v1/a' },
        { wave: 8, windows: 2, route: 'DELETE /v1/a' },
      ],
    });
    expect(windowBound({ 'POST /v1/organization/invites': 200, 'POST /v1/a': 250, 'POST /v1/b': 100, 'DELETE /v1/a': 9 }, model).windows).toBe(32);
  });

  it('is the per-route bound when there is one wave', () => {
    expect(waveWindowBound([{ wave: 0, byRoute: { 'GET /v1/a': 100, 'GET /v1/b': 17 } }], model).windows).toBe(13);
  });
});

describe('minimumByRoute', () => {
  it('splits minimumRequests by the routes the emulator counts', async () => {
    const org = generateOrg(SIZES.small);
    const dir = await mkdtemp(path.join(tmpdir(), 'orgplane-bench-live-'));
    const emulator = await startEmulator({ seed: toSeed(org) });
    try {
      await writeManifests(dir, toManifests(driftOrg(org, fewPercent(SIZES.small))));
      const loaded = await loadManifests(dir);
      if (loaded.desired === undefined) throw new Error('manifests did not load');
      const scope = readScopeFor(loaded.desired);
      const counts = countsFromStore(emulator.control.store);
      const byRoute = minimumByRoute(scope, counts);
      expect(Object.values(byRoute).reduce((a, b) => a + b, 0)).toBe(minimumRequests(scope, counts));
      expect(byRoute['GET /v1/organization/projects/{project_id}/users']).toBe(5);
      // Every key is a route the emulator serves (so the bound and the 429 record line up).
      for (const route of Object.keys(byRoute)) {
        const [, template] = route.split(' ');
        const concrete = (template ?? '').replace(/\{[a-z_]+\}/g, 'x').replace(/^\/v1/, '');
        const res = await fetch(`${emulator.baseUrl}${concrete}`, { headers: { authorization: `Bearer ${emulator.adminKey}` } });
        expect([200, 404], route).toContain(res.status);
        expect(emulator.control.requests().byRoute[route], route).toBeGreaterThan(0);
      }
    } finally {
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const report: ThrottleReport = {
  routeLimit: 2,
  orgLimit: 0,
  windowMs: 1_000,
  routes: {
    'GET /v1/a': {
      passed: 6,
      limited: 5,
      windows: [
        { startedAt: 0, passed: 2, limited: 4 },
        { startedAt: 1_000, passed: 2, limited: 1 },
        { startedAt: 2_000, passed: 2, limited: 0 },
      ],
    },
    'GET /v1/b': { passed: 1, limited: 0, windows: [{ startedAt: 0, passed: 1, limited: 0 }] },
  },
  org: { passed: 7, limited: 5, windows: [] },
};

describe('routeWindows and windowMeasurement', () => {
  it('counts 429s per route per window, leaving out each route first window', () => {
    const rows = routeWindows(report);
    expect(rows[0]).toEqual({ route: 'GET /v1/a', passed: 6, limited: 5, windows: 3, limitedAfterFirst: 1, windowsAfterFirst: 2 });
    const m = windowMeasurement(3_500, windowBound({ 'GET /v1/a': 6, 'GET /v1/b': 1 }, { routeLimit: 2, orgLimit: 0, windowMs: 1_000 }), 1_000, rows, 0);
    expect(m.bound.windows).toBe(3);
    expect(m.timeRatio).toBeCloseTo(3.5 / 3);
    expect(m.windowsUsed).toBe(3.5);
    expect(m.limitedPerWindowAfterFirst).toBe(0.5);
    expect(m.worstRoute).toEqual({ route: 'GET /v1/a', perWindow: 0.5 });
  });

  it('keeps only what came after a point (the apply after its plan)', () => {
    const rows = routeWindows(report, { at: 1_000, totals: { 'GET /v1/a': { passed: 2, limited: 4 }, 'GET /v1/b': { passed: 1, limited: 0 } } });
    expect(rows).toEqual([{ route: 'GET /v1/a', passed: 4, limited: 1, windows: 2, limitedAfterFirst: 0, windowsAfterFirst: 1 }]);
  });
});

function livePlan(size: string, windowed: Partial<WindowSummary>, error?: string): PlanSummary {
  return {
    size,
    ...(error === undefined ? {} : { error }),
    people: 0, projects: 0, liveObjects: 0, changes: 0, requests: 0, rateLimited: 0, minimumRequests: 0, requestRatio: 1, distinctRequestRatio: 1,
    ms: 0, readMs: undefined, loadMs: undefined, afterReadMs: undefined, boundMs: 0, rateBoundMs: 0, pathBoundMs: 0, criticalPath: 0, boundNoBurstMs: 0,
    timeRatio: 1, peakRssMb: 250, topRoutes: [],
    windowed: {
      boundWindows: 10, boundRoute: 'GET /v1/a', windowsUsed: 11, timeRatio: 1.1, liveBoundMinutes: 10, liveMinutes: 11,
      limitedPerWindowAfterFirst: 0.2, failedRequests: 0, routes: [], ...windowed,
    },
  };
}

describe('checkTargets under the live profile', () => {
  it('passes a plan near the bound with few 429s and none failed', () => {
    const checks = checkTargets([livePlan('medium', {}), livePlan('large', { timeRatio: 1.19 })], undefined, undefined, true);
    expect(checks.find((c) => c.name.includes('failed requests'))?.met).toBe(true);
    expect(checks.find((c) => c.name.includes('per-route bound'))?.met).toBe(true);
    expect(checks.find((c) => c.name.includes('per route per window'))?.met).toBe(true);
    expect(checks.find((c) => c.name.includes('peak memory'))?.met).toBe(true);
  });

  it('fails a stopped plan, a slow one, and one with many 429s per window', () => {
    const checks = checkTargets(
      [livePlan('small', { failedRequests: 1 }, 'GET /x answered 429'), livePlan('large', { timeRatio: 1.5, limitedPerWindowAfterFirst: 3 })],
      undefined,
      undefined,
      true,
    );
    expect(checks.find((c) => c.name.includes('failed requests'))).toMatchObject({ met: false, actual: 'small 1, large 0' });
    expect(checks.find((c) => c.name.includes('per-route bound'))?.met).toBe(false);
    expect(checks.find((c) => c.name.includes('per route per window'))).toMatchObject({ met: false, actual: 'small 0.2, large 3' });
  });
});

describe('scaledClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs time F times faster: now() advances F ms per real ms, and waits are F times shorter', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const clock = scaledClock(60);
    vi.advanceTimersByTime(1_000);
    expect(clock.now()).toBe(1_000_000 + 60_000);
    let slept = false;
    void clock.sleep(60_000).then(() => (slept = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(slept).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(slept).toBe(true);
    let fired = false;
    const cancel = clock.timer(6_000, () => (fired = true));
    vi.advanceTimersByTime(100);
    expect(fired).toBe(true);
    clock.timer(6_000, () => (fired = false))();
    vi.advanceTimersByTime(200);
    expect(fired).toBe(true);
    cancel();
  });

  it('refuses a scale that is not above 0', () => {
    expect(() => scaledClock(0)).toThrow('time scale must be above 0');
  });
});
