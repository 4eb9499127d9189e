import { describe, expect, it } from 'vitest';
import { checkTargets, type PlanSummary } from '../../src/bench/report.js';

function plan(size: string, requestRatio: number, timeRatio: number, peakRssMb: number): PlanSummary {
  return {
    size,
    people: 0,
    projects: 0,
    liveObjects: 0,
    changes: 0,
    requests: 0,
    rateLimited: 0,
    minimumRequests: 0,
    requestRatio,
    distinctRequestRatio: requestRatio,
    ms: 0,
    readMs: undefined,
    loadMs: undefined,
    afterReadMs: undefined,
    boundMs: 0,
    rateBoundMs: 0,
    pathBoundMs: 0,
    criticalPath: 0,
    boundNoBurstMs: 0,
    timeRatio,
    peakRssMb,
    topRoutes: [],
  };
}

describe('checkTargets', () => {
  it('says the large-size targets were not measured when large did not run', () => {
    const checks = checkTargets([plan('small', 1, 9, 100), plan('medium', 1.01, 1.5, 180)]);
    expect(checks.find((c) => c.name.startsWith('plan requests'))?.met).toBe(true);
    expect(checks.find((c) => c.name.startsWith('plan time'))?.met).toBe('not measured');
    expect(checks.find((c) => c.name.startsWith('plan peak memory'))?.met).toBe('not measured');
  });

  it('fails the request target on the worst size and the memory target at 300 MB', () => {
    const checks = checkTargets([plan('small', 1.2, 1, 100), plan('large', 1.0, 1.2, 300)]);
    expect(checks.find((c) => c.name.startsWith('plan requests'))?.met).toBe(false);
    expect(checks.find((c) => c.name.startsWith('plan time'))?.met).toBe(true);
    expect(checks.find((c) => c.name.startsWith('plan peak memory'))?.met).toBe(false);
  });
});
