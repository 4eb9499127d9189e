import { describe, expect, it, vi } from 'vitest';
import { createThrottle, rateWindow } from '../../src/api/throttle.js';
import { autoClock, manualClock, settle, until, deferred } from './helpers.js';

describe('createThrottle', () => {
  it('never runs more than `concurrency` tasks at once', async () => {
    const throttle = createThrottle({ concurrency: 3, clock: autoClock() });
    let inFlight = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const tasks = Array.from({ length: 10 }, () =>
      throttle.run(async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise<void>((resolve) => releases.push(resolve));
        inFlight -= 1;
      }),
    );
    for (let released = 0; released < 10; released += 1) {
      await until(() => releases.length > released);
      expect(inFlight).toBeLessThanOrEqual(3);
      releases[released]!();
    }
    await Promise.all(tasks);
    expect(peak).toBe(3);
  });

  it('runs retries ahead of first attempts already queued', async () => {
    const throttle = createThrottle({ concurrency: 1, clock: autoClock() });
    const order: string[] = [];
    const gate = deferred();
    const blocker = throttle.run(() => gate.promise);
    const first = ['a', 'b', 'c'].map((name) => throttle.run(() => Promise.resolve(order.push(name))));
    const retry = throttle.run(() => Promise.resolve(order.push('retry')), { retry: true });
    gate.resolve();
    await Promise.all([blocker, ...first, retry]);
    expect(order).toEqual(['retry', 'a', 'b', 'c']);
  });

  it('defaults to 8 in flight', async () => {
    const throttle = createThrottle({ clock: autoClock() });
    let inFlight = 0;
    let peak = 0;
    const gate = deferred();
    const tasks = Array.from({ length: 20 }, () =>
      throttle.run(async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await gate.promise;
        inFlight -= 1;
      }),
    );
    await settle();
    expect(inFlight).toBe(8);
    gate.resolve();
    await Promise.all(tasks);
    expect(peak).toBe(8);
  });

  it('pauseFor holds every task until the clock passes the pause', async () => {
    const clock = manualClock();
    const throttle = createThrottle({ concurrency: 4, clock });
    throttle.pauseFor(2000);
    let ran = 0;
    const tasks = [1, 2, 3].map(() => throttle.run(() => Promise.resolve((ran += 1))));
    await settle();
    expect(ran).toBe(0);
    clock.advance(1999);
    await settle();
    expect(ran).toBe(0);
    clock.advance(1);
    await Promise.all(tasks);
    expect(ran).toBe(3);
  });

  it('a later, shorter pause does not shorten the current one', () => {
    const clock = manualClock();
    const throttle = createThrottle({ clock });
    throttle.pauseFor(5000);
    throttle.pauseFor(1000);
    expect(throttle.pausedForMs()).toBe(5000);
  });

  it('refuses nonsense settings', () => {
    expect(() => createThrottle({ concurrency: 0, clock: autoClock() })).toThrow(RangeError);
    expect(() => createThrottle({ requestsPerSecond: 0, clock: autoClock() })).toThrow(RangeError);
  });

  it('expresses rates as p-queue windows', () => {
    expect(rateWindow(5)).toEqual({ interval: 1000, intervalCap: 5 });
    expect(rateWindow(0.5)).toEqual({ interval: 2000, intervalCap: 1 });
  });
});

describe('requestsPerSecond', () => {
  it('starts at most N tasks per second (p-queue interval, fake timers)', async () => {
    vi.useFakeTimers();
    try {
      const throttle = createThrottle({ requestsPerSecond: 2, concurrency: 8, clock: autoClock() });
      let started = 0;
      const tasks = Array.from({ length: 5 }, () => throttle.run(() => Promise.resolve((started += 1))));
      await vi.advanceTimersByTimeAsync(0);
      expect(started).toBe(2);
      await vi.advanceTimersByTimeAsync(1000);
      expect(started).toBe(4);
      await vi.advanceTimersByTimeAsync(1000);
      expect(started).toBe(5);
      await Promise.all(tasks);
    } finally {
      vi.useRealTimers();
    }
  });
});
