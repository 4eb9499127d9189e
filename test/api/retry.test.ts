// The retry layer alone, with a fake send and a clock that never really sleeps.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryTarget } from '../../src/api/retry.js';
import { TransportFailure, type HttpResponse } from '../../src/api/transport.js';
import { autoClock } from './helpers.js';

type Step = HttpResponse | TransportFailure;
const res = (status: number, headers: Record<string, string> = {}, body = '{}'): HttpResponse => ({ status, headers, body });

function script(steps: Step[]) {
  let calls = 0;
  const send = (): Promise<HttpResponse> => {
    const step = steps[Math.min(calls, steps.length - 1)]!;
    calls += 1;
    return step instanceof TransportFailure ? Promise.reject(step) : Promise.resolve(step);
  };
  return { send, calls: () => calls };
}

const GET: RetryTarget = { method: 'GET', route: '/x', idempotent: true, secrets: [] };
const CREATE: RetryTarget = { method: 'POST', route: '/x', idempotent: false, secrets: [] };

function policy(overrides: Partial<typeof DEFAULT_RETRY_POLICY> = {}) {
  const clock = autoClock(0, 0.5);
  return { clock, policy: { ...DEFAULT_RETRY_POLICY, ...overrides, clock } };
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('withRetry', () => {
  it('returns the first 2xx, any 2xx', async () => {
    const s = script([res(201)]);
    const { policy: p } = policy();
    expect((await withRetry(s.send, GET, p)).attempts).toBe(1);
  });

  it('backs off on 5xx and 408 with growing jittered delays, then succeeds', async () => {
    const s = script([res(500), res(408), res(503), res(200)]);
    const { clock, policy: p } = policy();
    expect((await withRetry(s.send, GET, p)).attempts).toBe(4);
    expect(clock.sleeps).toEqual([250, 500, 1000]);
  });

  it('gives up after maxAttempts (default 5)', async () => {
    const s = script([res(502)]);
    const { policy: p } = policy();
    const error = await failure(withRetry(s.send, GET, p));
    expect(s.calls()).toBe(5);
    expect(error).toMatchObject({ status: 502, attempts: 5 });
  });

  it('gives up when the next backoff would pass maxRetryTimeMs', async () => {
    const s = script([res(503, { 'retry-after': '20' })]);
    const { clock, policy: p } = policy({ maxRetryTimeMs: 45_000 });
    const error = await failure(withRetry(s.send, GET, p));
    expect(s.calls()).toBe(3);
    expect(clock.sleeps).toEqual([20_000, 20_000]);
    expect(error.status).toBe(503);
  });

  it('does not count time spent queued in the client against maxRetryTimeMs', async () => {
    const { clock, policy: p } = policy({ maxRetryTimeMs: 10_000 });
    let calls = 0;
    // Each attempt waits 90 s in the queue (thousands of reads ahead of it) before its answer.
    const send = async (): Promise<HttpResponse> => {
      calls += 1;
      await clock.sleep(90_000);
      return calls < 3 ? res(503, { 'retry-after': '2' }) : res(200);
    };
    expect((await withRetry(send, GET, p)).attempts).toBe(3);
  });

  it('never spends an attempt on a 429: twenty of them, then a 200, with maxAttempts 2', async () => {
    const s = script([...Array.from({ length: 20 }, () => res(429)), res(200)]);
    const { policy: p } = policy({ maxAttempts: 2, maxRetryTimeMs: 1_000 });
    const result = await withRetry(s.send, GET, p);
    expect(result.attempts).toBe(1);
    expect(s.calls()).toBe(21);
  });

  it('a 429 neither uses an attempt nor hides the failures around it', async () => {
    const s = script([res(500), res(429), res(429), res(500), res(500)]);
    const { policy: p } = policy({ maxAttempts: 3 });
    const error = await failure(withRetry(s.send, GET, p));
    expect(s.calls()).toBe(5);
    expect(error).toMatchObject({ status: 500, attempts: 3 });
  });

  it('cuts a Retry-After longer than maxRetryAfterMs to the cap, and waits', async () => {
    const s = script([res(429, { 'retry-after': '3600' }), res(200)]);
    const { clock, policy: p } = policy();
    await withRetry(s.send, GET, p);
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('backs off on a 429 without Retry-After', async () => {
    const s = script([res(429), res(200)]);
    const { clock, policy: p } = policy();
    await withRetry(s.send, GET, p);
    expect(clock.sleeps).toEqual([250]);
  });

  it('hands 429s to onRateLimited instead of sleeping, with the wait named or none', async () => {
    const s = script([res(429, { 'retry-after-ms': '700' }), res(429), res(200)]);
    const { clock, policy: p } = policy();
    const waits: (number | undefined)[] = [];
    await withRetry(s.send, { ...GET, onRateLimited: (ms) => { waits.push(ms); return Promise.resolve(); } }, p);
    expect(waits).toEqual([700, undefined]);
    expect(clock.sleeps).toEqual([]);
  });

  it('tells send when it is sending again (a retry or after a 429), so it can go first', async () => {
    const seen: [number, boolean][] = [];
    const steps = [res(429), res(503), res(200)];
    const { policy: p } = policy();
    await withRetry((attempt, resend) => { seen.push([attempt, resend]); return Promise.resolve(steps[seen.length - 1]!); }, GET, p);
    expect(seen).toEqual([[1, false], [1, true], [2, true]]);
  });

  it.each([400, 401, 403, 404, 409, 422])('never retries %i', async (status) => {
    const s = script([res(status), res(200)]);
    const { policy: p } = policy();
    await failure(withRetry(s.send, GET, p));
    expect(s.calls()).toBe(1);
  });

  it('retries network errors on reads', async () => {
    const s = script([
      new TransportFailure('ECONNRESET', 'socket hang up', true),
      new TransportFailure('ETIMEDOUT', 'timeout', true),
      res(200),
    ]);
    const { policy: p } = policy();
    expect((await withRetry(s.send, GET, p)).attempts).toBe(3);
  });

  it.each([
    ['a 500', res(500)],
    ['a 504', res(504)],
    ['a 408', res(408)],
    ['a timeout', new TransportFailure('ETIMEDOUT', 'timeout', true)],
    ['a reset after send', new TransportFailure('ECONNRESET', 'socket hang up', true)],
  ] as const)('does not repeat a create after %s: ambiguous', async (_name, step) => {
    const s = script([step, res(200)]);
    const { policy: p } = policy();
    const error = await failure(withRetry(s.send, CREATE, p));
    expect(s.calls()).toBe(1);
    expect(error.ambiguous).toBe(true);
  });

  it('repeats a create whose connection was refused (it never left)', async () => {
    const s = script([new TransportFailure('ECONNREFUSED', 'refused', false), res(201)]);
    const { policy: p } = policy();
    expect((await withRetry(s.send, CREATE, p)).attempts).toBe(2);
  });

  it('counts retries through onRetry', async () => {
    const s = script([res(500), res(500), res(200)]);
    const { policy: p } = policy();
    const seen: number[] = [];
    await withRetry(s.send, { ...GET, onRetry: (i) => seen.push(i.attempt) }, p);
    expect(seen).toEqual([1, 2]);
  });
});
