// Shared e2e harness: an in-process Admin API emulator per test (or per file), with
// helpers over its HTTP control surface. Usage:
//   const emu = await startTestEmulator();            // demo org
//   const emu = await startTestEmulator({ seed });     // your own state
//   ... env: { OPENAI_ADMIN_KEY: emu.adminKey, OPENAI_BASE_URL: emu.baseUrl }
//   await emu.stop();
// or `const emu = useEmulator()` inside a describe block (starts before all, resets before each).
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type EmulatorOptions, type EmulatorSeed, type FaultSettings, type RequestCounts, type RunningEmulator, type ThrottleReport } from '../../src/emulator/index.js';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestEmulator extends RunningEmulator {
  /** Any request with the admin key; `path` is relative to the url (e.g. `/v1/organization/users`). */
  request<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  /** GET/POST/DELETE under /v1: `api('GET', '/organization/users')`. */
  api<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<ApiResponse<T>>;
  /** Performs an API call as a dashboard session user (audit actor type `session`). */
  actAs<T = unknown>(email: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, ip?: string): Promise<ApiResponse<T>>;
  seed(seed: EmulatorSeed): Promise<void>;
  dump(): Promise<EmulatorSeed>;
  reset(): Promise<void>;
  acceptInvite(inviteId: string): Promise<void>;
  requests(): Promise<RequestCounts>;
  resetRequests(): Promise<void>;
  faults(settings: Partial<FaultSettings>): Promise<FaultSettings>;
  /** The live-like throttle's passes and 429s per route per window (GET /_emulator/throttle). */
  throttle(): Promise<ThrottleReport>;
  /** Moves the emulator's clock forward (pending invites expire…); reset() moves it back. */
  advanceClock(seconds: number): Promise<void>;
  /** Every item of a /v1 list, following `after` cursors (both envelope styles). */
  listAll<T = unknown>(path: string): Promise<T[]>;
  /** Env for a CLI child process pointed at this emulator. */
  env(): Record<string, string>;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const running = await startEmulator(options);
  const auth = { authorization: `Bearer ${running.adminKey}` };

  const request = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const init: RequestInit = { method, headers: { ...auth, ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { ...auth, 'content-type': 'application/json', ...headers };
    }
    const res = await fetch(running.url + path, init);
    const text = await res.text();
    return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as T, headers: res.headers };
  };
  const ok = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await request<T>(method, path, body);
    if (res.status !== 200) throw new Error(`emulator ${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  return {
    ...running,
    request,
    api: (method, path, body) => request(method, `/v1${path}`, body),
    actAs: (email, method, path, body, ip = '127.0.0.1') =>
      request(method, `/v1${path}`, body, { 'x-emulator-actor': `session:${email}:${ip}` }),
    seed: async (seed) => {
      await ok('POST', '/_emulator/seed', seed);
    },
    dump: () => ok<EmulatorSeed>('GET', '/_emulator/dump'),
    reset: async () => {
      await ok('POST', '/_emulator/reset');
    },
    acceptInvite: async (inviteId) => {
      await ok('POST', `/_emulator/invites/${encodeURIComponent(inviteId)}/accept`);
    },
    requests: () => ok<RequestCounts>('GET', '/_emulator/requests'),
    resetRequests: async () => {
      await ok('POST', '/_emulator/requests/reset');
    },
    faults: (settings) => ok<FaultSettings>('POST', '/_emulator/faults', settings),
    throttle: () => ok<ThrottleReport>('GET', '/_emulator/throttle'),
    advanceClock: async (seconds) => {
      await ok('POST', '/_emulator/clock', { advanceSeconds: seconds });
    },
    listAll: async <T>(path: string): Promise<T[]> => {
      const items: T[] = [];
      let after: string | null = null;
      for (;;) {
        const sep = path.includes('?') ? '&' : '?';
        const page: { data: T[]; has_more: boolean; last_id?: string | null; next?: string | null } = await ok(
          'GET',
          `/v1${path}${after === null ? '' : `${sep}after=${encodeURIComponent(after)}`}`,
        );
        items.push(...page.data);
        const cursor = page.next ?? page.last_id ?? null;
        if (!page.has_more || cursor === null) return items;
        after = cursor;
      }
    },
    env: () => ({ OPENAI_ADMIN_KEY: running.adminKey, OPENAI_BASE_URL: running.baseUrl }),
  };
}

/**
 * One emulator for a describe block: started before all tests, reset to its initial
 * state (and faults/request counts cleared) before each, stopped after all.
 * Read the returned holder's `current` inside tests.
 */
export function useEmulator(options: EmulatorOptions = {}): { current: TestEmulator } {
  const holder = {} as { current: TestEmulator };
  beforeAll(async () => {
    holder.current = await startTestEmulator(options);
  });
  beforeEach(async () => {
    await holder.current.reset();
  });
  afterAll(async () => {
    await holder.current.stop();
  });
  return holder;
}
