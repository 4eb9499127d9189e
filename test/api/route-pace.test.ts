// One rate-limit scope's model alone: what it learns from each answer and when it lets the
// next request start. Times are plain numbers (ms); nothing sleeps.
import { describe, expect, it } from 'vitest';
import { CLEAR_WINDOWS_BEFORE_PROBING, RoutePace } from '../../src/api/route-pace.js';

/** Starts a request at `at` and answers it at once. */
function send(pace: RoutePace, at: number, outcome: 'ok' | 'limited' | 'refused-elsewhere'): boolean {
  expect(pace.readyAt(at)).toBeLessThanOrEqual(at);
  pace.start(at);
  return pace.finish(at, at, outcome);
}

describe('RoutePace', () => {
  it('is not paced before it meets a limit', () => {
    const pace = new RoutePace();
    for (let i = 0; i < 20; i += 1) send(pace, 0, 'ok');
    expect(pace.readyAt(0)).toBe(0);
    expect(pace.limit).toBeUndefined();
  });

  it('a 429 teaches the limit and holds to the window end, then spaces requests window/limit apart', () => {
    const pace = new RoutePace({}, 60_000);
    for (let i = 0; i < 8; i += 1) send(pace, 1_000, 'ok');
    expect(send(pace, 2_000, 'limited')).toBe(true);
    expect(pace.limit).toBe(8);
    expect(pace.held(30_000)).toBe(true);
    // A probe halfway, refused (the window really is 60 s); one more at 3/4, refused; then no more.
    expect(pace.readyAt(2_000)).toBe(31_000);
    send(pace, 31_000, 'limited');
    expect(pace.readyAt(31_000)).toBe(46_000);
    send(pace, 46_000, 'limited');
    expect(pace.readyAt(46_000)).toBe(61_000);
    expect(pace.limited).toBe(3);
    send(pace, 61_000, 'ok');
    expect(pace.readyAt(61_000)).toBe(61_000 + 7_650);
  });

  it('never lets more through in a window than its budget', () => {
    const pace = new RoutePace({ limit: 2, windowMs: 1_000 });
    pace.start(0);
    pace.start(510); // spacing 510 ms
    expect(pace.readyAt(600)).toBe(1_000); // budget used: the next window
  });

  it('a refused first request of a new window lengthens the window by half', () => {
    const pace = new RoutePace({ limit: 4, windowMs: 1_000 });
    for (const at of [0, 255, 510, 765]) send(pace, at, 'ok');
    expect(send(pace, 1_100, 'limited')).toBe(true);
    expect(pace.windowMs).toBe(1_500);
    // Held to the server's window start + 1.5 s, with one probe between what is known (1.1 s) and that.
    expect(pace.held(1_499)).toBe(true);
    expect(pace.held(1_500)).toBe(false);
    expect(pace.readyAt(1_100)).toBe(1_300);
  });

  it('a first request refused just past the modelled end (arrival later than sending) lengthens the window only that much', () => {
    const pace = new RoutePace({ limit: 4, windowMs: 1_000 });
    for (const at of [0, 255, 510, 765]) send(pace, at, 'ok');
    expect(send(pace, 1_020, 'limited')).toBe(true);
    // Known to be over 1,020 ms: 2% margin on that, not 1.5 s.
    expect(pace.windowMs).toBeCloseTo(1_040.4, 5);
    expect(pace.held(1_040)).toBe(true);
    expect(pace.held(1_041)).toBe(false);
  });

  it('a probe that gets through shortens the window', () => {
    const pace = new RoutePace({}, 60_000);
    for (let i = 0; i < 4; i += 1) send(pace, 0, 'ok');
    send(pace, 0, 'limited');
    expect(send(pace, 30_000, 'ok')).toBe(true);
    expect(pace.windowMs).toBe(30_000);
    expect(pace.held(30_000)).toBe(false);
  });

  it('additive increase: +1 after a full clear window below the last refused limit, and only after 4 clear windows above it', () => {
    const pace = new RoutePace({ limit: 3, windowMs: 1_000 });
    const fullWindow = (start: number): void => {
      const limit = pace.limit!;
      for (let i = 0; i < limit; i += 1) send(pace, pace.readyAt(start + (i * 1_000) / limit), 'ok');
    };
    let t = 0;
    for (let w = 0; w < CLEAR_WINDOWS_BEFORE_PROBING; w += 1) {
      fullWindow(t);
      t += 1_000 * 1.1;
    }
    pace.start(t); // opening the 5th window closes the 4th clear one
    expect(pace.limit).toBe(4);
  });

  it('a 429 below what the route got through before is refused elsewhere (the org limit)', () => {
    const pace = new RoutePace({ limit: 8, windowMs: 60_000 });
    send(pace, 0, 'ok');
    expect(pace.belowCeiling()).toBe(true);
    expect(send(pace, 8_000, 'refused-elsewhere')).toBe(false);
    expect(pace.limit).toBe(8);
    expect(pace.held(8_000)).toBe(false);
  });

  it('Retry-After: held exactly that long, nothing learned', () => {
    const pace = new RoutePace();
    pace.start(0);
    expect(pace.finish(0, 0, 'limited', 2_500)).toBe(false);
    expect(pace.readyAt(0)).toBe(2_500);
    expect(pace.limit).toBeUndefined();
    // What passes after it teaches no limit either: the server named its wait, not a full window.
    pace.start(2_500);
    expect(pace.finish(2_500, 2_500, 'ok')).toBe(false);
    expect(pace.limit).toBeUndefined();
    expect(pace.readyAt(2_500)).toBe(2_500);
  });
});
