// Shared test doubles for the API client: clocks that never really sleep, a log capture,
// and a client wired to nock's base URL.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Clock } from '../../src/api/clock.js';
import { createAdminClient, type AdminClient } from '../../src/api/client.js';
import type { AdminClientOptions } from '../../src/api/options.js';

export const BASE = 'https://api.test.invalid';
export const BASE_URL = `${BASE}/v1`;
export const KEY = 'sk-admin-test-key-0000';

/** A clock whose sleep returns at once and moves time forward by the amount slept. */
export interface AutoClock extends Clock {
  sleeps: number[];
}

export function autoClock(start = 1_700_000_000_000, random = 0.5): AutoClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: (ms) => {
      sleeps.push(ms);
      t += Math.max(0, ms);
      return Promise.resolve();
    },
    random: () => random,
    sleeps,
  };
}

/** A clock whose sleepers wake only when the test calls advance(). */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  pending(): number;
}

export function manualClock(start = 1_700_000_000_000): ManualClock {
  let t = start;
  let sleepers: { until: number; wake: () => void }[] = [];
  return {
    now: () => t,
    sleep: (ms) =>
      ms <= 0 ? Promise.resolve() : new Promise<void>((wake) => sleepers.push({ until: t + ms, wake })),
    random: () => 0.5,
    advance(ms) {
      t += ms;
      const due = sleepers.filter((s) => s.until <= t);
      sleepers = sleepers.filter((s) => s.until > t);
      for (const s of due) s.wake();
    },
    pending: () => sleepers.length,
  };
}

/** Lets pending promise callbacks and I/O run (no timer, no real delay). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Polls a condition between event-loop turns; fails instead of hanging. */
export async function until(condition: () => boolean, rounds = 500): Promise<void> {
  for (let i = 0; i < rounds; i += 1) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error('condition not reached');
}

export interface LogCapture {
  logger: Logger;
  lines: string[];
  records: () => Record<string, unknown>[];
}

export function captureLog(): LogCapture {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  return {
    logger,
    lines,
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export function testClient(overrides: Partial<AdminClientOptions> = {}): AdminClient {
  return createAdminClient({ baseUrl: BASE_URL, adminKey: KEY, clock: autoClock(), ...overrides });
}

/** A Node-style network error for nock's replyWithError (plain objects hang with got). */
export function netError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** A promise and its resolver (Promise.withResolvers is ES2024; the project targets ES2023). */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
