// Pacing against a server that throttles like the live Admin API (a fixed window of N per
// route template, 429 with no Retry-After), on virtual time: the whole client pipeline with
// an injected transport, and no real sleeping.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/api/clock.js';
import { createAdminClient, type AdminClient } from '../../src/api/client.js';
import { RateLimitDeadlineError } from '../../src/api/errors.js';
import type { AdminClientOptions } from '../../src/api/options.js';
import type { HttpResponse, Transport } from '../../src/api/transport.js';
import { settle } from './helpers.js';

/** Time that moves only when everything is idle: then it jumps to the next timer. */
function virtualClock(start = 0) {
  let t = start;
  let timers: { at: number; fire: () => void; id: number }[] = [];
  let ids = 0;
  const add = (ms: number, fire: () => void): number => {
    ids += 1;
    timers.push({ at: t + Math.max(0, ms), fire, id: ids });
    return ids;
  };
  const clock: Clock & { run<T>(p: Promise<T>): Promise<T> } = {
    now: () => t,
    random: () => 0.5,
    sleep: (ms) => new Promise<void>((resolve) => add(ms, resolve)),
    timer: (ms, fire) => {
      const id = add(ms, fire);
      return () => {
        timers = timers.filter((x) => x.id !== id);
      };
    },
    async run<T>(p: Promise<T>): Promise<T> {
      let settled = false;
      const watched = p.finally(() => {
        settled = true;
      });
      watched.catch(() => undefined);
      for (let i = 0; i < 100_000 && !settled; i += 1) {
        await settle(5);
        if (settled) break;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (next === undefined) continue;
        t = Math.max(t, next.at);
        next.fire();
      }
      return watched;
    },
  };
  return clock;
}

interface Sent {
  route: string;
  at: number;
  status: number;
}

/** Fixed windows per route template, opened by the first request after the last closed (like the emulator's live profile). */
function windowServer(clock: Clock, limit: number, windowMs: number, extra: (leftMs: number) => Record<string, string> = () => ({})) {
  const windows = new Map<string, { start: number; passed: number }>();
  const sent: Sent[] = [];
  const transport: Transport = (req) => {
    const route = `${req.method} ${req.route ?? ''}`;
    const now = clock.now();
    let w = windows.get(route);
    if (w === undefined || now >= w.start + windowMs) {
      w = { start: now, passed: 0 };
      windows.set(route, w);
    }
    let response: HttpResponse;
    if (w.passed >= limit) {
      response = { status: 429, headers: extra(w.start + windowMs - now), body: JSON.stringify({ error: { message: 'Rate limit exceeded', type: 'rate_limit_exceeded' } }) };
    } else {
      w.passed += 1;
      response = { status: 200, headers: {}, body: JSON.stringify({ id: 'x' }) };
    }
    sent.push({ route, at: now, status: response.status });
    return Promise.resolve(response);
  };
  return { transport, sent };
}

function client(clock: Clock, transport: Transport, options: Partial<AdminClientOptions> = {}): AdminClient {
  return createAdminClient({ baseUrl: 'https://api.test.invalid/v1', adminKey: 'sk-admin-test', clock, transport, ...options });
}

const PROJECT = 'GET /organization/projects/{project_id}';
const USERS = 'GET /organization/users/{user_id}';

describe('pacing against 8 per route per 60 s, no Retry-After', () => {
  it('a burst of 8, then 429s, then the window: 40 reads, none fails, the limit is learned', async () => {
    const clock = virtualClock();
    const server = windowServer(clock, 8, 60_000);
    const api = client(clock, server.transport);
    const reads = Promise.all(Array.from({ length: 40 }, (_, i) => api.getProject(`p${i}`)));
    const answers = await clock.run(reads);
    expect(answers).toHaveLength(40);
    const ok = server.sent.filter((s) => s.status === 200);
    expect(ok).toHaveLength(40);
    expect(api.rateLimitSummary()).toEqual([{ route: PROJECT, limited: expect.any(Number) as number, limit: 8, windowMs: 60_000 }]);
    // Five windows' worth at 8 per window: done within the fifth window, not before the fourth.
    expect(clock.now()).toBeGreaterThanOrEqual(4 * 60_000);
    expect(clock.now()).toBeLessThan(5 * 60_000 + 5_000);
  });

  it('after the first window: no burst, requests spread ~window/limit apart, at most one 429 per window', async () => {
    const clock = virtualClock();
    const server = windowServer(clock, 8, 60_000);
    const api = client(clock, server.transport);
    await clock.run(Promise.all(Array.from({ length: 40 }, (_, i) => api.getProject(`p${i}`))));
    const firstLimited = server.sent.find((s) => s.status === 429)!.at;
    const later = server.sent.filter((s) => s.at > firstLimited);
    const gaps = later.slice(1).map((s, i) => s.at - later[i]!.at);
    // 60 s / 8 = 7.5 s between requests (plus the 2% margin); never two at once.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(7_500);
    expect(later.filter((s) => s.status === 429).length).toBeLessThanOrEqual(Math.ceil(clock.now() / 60_000) - 1);
  });

  it('holds only the limited route: another route keeps its own pace', async () => {
    const clock = virtualClock();
    const server = windowServer(clock, 8, 60_000);
    const api = client(clock, server.transport);
    const projects = Promise.all(Array.from({ length: 16 }, (_, i) => api.getProject(`p${i}`)));
    const users = Promise.all(Array.from({ length: 8 }, (_, i) => api.getUser(`u${i}`)));
    await clock.run(Promise.all([projects, users]));
    const userTimes = server.sent.filter((s) => s.route === USERS).map((s) => s.at);
    expect(Math.max(...userTimes)).toBe(0); // all 8 users read at once while projects were held
    expect(server.sent.filter((s) => s.route === USERS && s.status === 429)).toEqual([]);
  });

  it('a saved limit starts the next run paced: no 429 at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgplane-limits-'));
    const limitsFile = join(dir, 'state', 'rate-limits.json');
    const clock = virtualClock(Date.parse('2026-05-01T00:00:00Z'));
    const server = windowServer(clock, 8, 60_000);
    const first = client(clock, server.transport, { limitsFile });
    await clock.run(Promise.all(Array.from({ length: 16 }, (_, i) => first.getProject(`p${i}`))));
    const saved = JSON.parse(readFileSync(limitsFile, 'utf8')) as { servers: Record<string, { routes: Record<string, unknown> }> };
    expect(saved.servers['https://api.test.invalid/v1']?.routes[PROJECT]).toEqual({ limit: 8, windowMs: 60_000, learnedAt: '2026-05-01T00:00:00.000Z' });

    const clock2 = virtualClock(Date.parse('2026-05-02T00:00:00Z'));
    const server2 = windowServer(clock2, 8, 60_000);
    const second = client(clock2, server2.transport, { limitsFile });
    await clock2.run(Promise.all(Array.from({ length: 16 }, (_, i) => second.getProject(`p${i}`))));
    expect(server2.sent.filter((s) => s.status === 429)).toEqual([]);
    expect(server2.sent).toHaveLength(16);
  });

  it('learns a shorter window when a probe gets through early (window 10 s, assumed 60 s)', async () => {
    const clock = virtualClock();
    const server = windowServer(clock, 8, 10_000);
    const api = client(clock, server.transport);
    await clock.run(Promise.all(Array.from({ length: 80 }, (_, i) => api.getProject(`p${i}`))));
    const [row] = api.rateLimitSummary();
    expect(server.sent.filter((s) => s.status === 200)).toHaveLength(80);
    // The probe halfway through the first hold got through: the window is at most 30 s.
    expect(row?.windowMs).toBeLessThanOrEqual(30_000);
    // Additive increase then climbs while the route stays clear.
    expect(row?.limit).toBeGreaterThan(8);
    // At the assumed 60 s, 80 requests would need 10 windows: 600 s.
    expect(clock.now()).toBeLessThan(300_000);
  });

  it('honours Retry-After when the server names a wait', async () => {
    const clock = virtualClock();
    // A server that says exactly how long is left of its 5 s window.
    const server = windowServer(clock, 2, 5_000, (leftMs) => ({ 'retry-after-ms': String(leftMs) }));
    const api = client(clock, server.transport);
    await clock.run(Promise.all(Array.from({ length: 3 }, (_, i) => api.getProject(`p${i}`))));
    expect(server.sent.map((s) => [s.at, s.status])).toEqual([[0, 200], [0, 200], [0, 429], [5_000, 200]]);
  });

  it('the deadline stops cleanly, saying how far it got and what limit it met', async () => {
    const clock = virtualClock();
    const server = windowServer(clock, 8, 60_000);
    const api = client(clock, server.transport, { deadlineMs: 90_000, deadlineLabel: '--timeout 90s' });
    const reads = Promise.allSettled(Array.from({ length: 40 }, (_, i) => api.getProject(`p${i}`)));
    const results = await clock.run(reads);
    const failed = results.filter((r) => r.status === 'rejected');
    // 8 at once, the window held to 60 s, then one every 7.65 s: 12 by 90 s.
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(12);
    expect(failed.length).toBe(28);
    const error = (failed[0] as PromiseRejectedResult).reason as RateLimitDeadlineError;
    expect(error).toBeInstanceOf(RateLimitDeadlineError);
    expect(error.message).toBe(
      'stopped after 1 min 30 s (--timeout 90s): 12 of at least 40 requests done; the limit met: ' +
        `${PROJECT} lets 8 through per 1 min (28 waiting there). ` +
        'Raise --timeout, or run again: the learned limits are saved and the next run starts at that pace',
    );
    expect(clock.now()).toBe(90_000);
  });

  it('--max-rpm paces from the first request', async () => {
    const clock = virtualClock();
    const server = windowServer(clock, 8, 60_000);
    const api = client(clock, server.transport, { maxRpm: 6 });
    await clock.run(Promise.all(Array.from({ length: 7 }, (_, i) => api.getProject(`p${i}`))));
    expect(server.sent.map((s) => s.at)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
  });

  it('progress: done, waiting on limits, and an ETA from the learned rate', async () => {
    const clock = virtualClock();
    const server = windowServer(clock, 8, 60_000);
    const api = client(clock, server.transport);
    const reads = Promise.all(Array.from({ length: 24 }, (_, i) => api.getProject(`p${i}`)));
    // Run until the first hold: 8 done, 16 waiting on the route's window.
    for (let i = 0; i < 50 && api.pacingProgress().done < 8; i += 1) await settle(5);
    await settle(20);
    const progress = api.pacingProgress();
    expect(progress).toMatchObject({ done: 8, inFlight: 0, queued: 16, waitingOnLimits: 16 });
    // The window ends at 60 s, then 15 more at 7.65 s apart.
    expect(progress.etaMs).toBeGreaterThan(60_000 + 14 * 7_500);
    expect(progress.etaMs).toBeLessThan(60_000 + 16 * 7_700);
    await clock.run(reads);
  });
});

describe('learning from requests in flight', () => {
  it('a 429 that overtakes the requests let through before it still teaches the limit', async () => {
    const clock = virtualClock();
    // The first request of the window is slow to answer; the second is refused at once.
    let calls = 0;
    const transport: Transport = async () => {
      calls += 1;
      if (calls === 1) {
        await clock.sleep(100);
        return { status: 200, headers: {}, body: '{"id":"a"}' };
      }
      if (calls === 2) return { status: 429, headers: {}, body: '{}' };
      return { status: 200, headers: {}, body: '{"id":"b"}' };
    };
    const api = client(clock, transport);
    await clock.run(Promise.all([api.getProject('a'), api.getProject('b')]));
    expect(api.rateLimitSummary()).toMatchObject([{ route: PROJECT, limited: 1, limit: 1 }]);
  });
});

describe('telling a route\'s 429 from the organization\'s', () => {
  it('a window a little longer than modelled refuses the first request of the next: the route learns it, the organization learns nothing', async () => {
    const clock = virtualClock();
    // The server's window is 62 s, the client assumes 60 s: the 9th request, paced 7.65 s
    // after the 8th, is the first of the client's next window and the server's old one's 9th.
    const server = windowServer(clock, 8, 62_000);
    const api = client(clock, server.transport);
    await clock.run(Promise.all(Array.from({ length: 48 }, (_, i) => api.getProject(`p${i}`))));
    expect(server.sent.filter((s) => s.status === 200)).toHaveLength(48);
    const summary = api.rateLimitSummary();
    // No org-wide limit exists: learning one would slow every route to a made-up pace.
    expect(summary.map((r) => r.route)).toEqual([PROJECT]);
    // The route learns that its window is longer than the 60 s it assumed.
    expect(summary[0]!.windowMs).toBeGreaterThan(60_000);
  });
});

describe('interleaving', () => {
  it('serves routes round-robin: queued in endpoint order, sent alternating', async () => {
    const clock = virtualClock();
    const server = windowServer(clock, 100, 60_000);
    const api = client(clock, server.transport, { concurrency: 1 });
    const projects = Array.from({ length: 4 }, (_, i) => api.getProject(`p${i}`));
    const users = Array.from({ length: 4 }, (_, i) => api.getUser(`u${i}`));
    await clock.run(Promise.all([...projects, ...users]));
    // The first project went before anything else was queued; after that, turns alternate
    // (first in, first out would have sent PPPPUUUU).
    expect(server.sent.map((s) => (s.route === PROJECT ? 'P' : 'U')).join('')).toBe('PPUPUPUU');
  });
});
