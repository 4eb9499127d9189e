// The request pipeline of one client, layer by layer:
//   request() → withRetry (retry.ts: attempts; a 429 is not one)
//             → scheduler.run (scheduler.ts: per-route and org pacing, in-flight cap, deadline)
//             → one attempt: transport (got), counted in stats and logged once.
// Lists go through list() → paginate() (pagination.ts) → request() per page.
import type { Logger } from '../logging/logger.js';
import { silentLogger } from '../logging/logger.js';
import { systemClock, type Clock } from './clock.js';
import { malformedError } from './errors.js';
import type { AdminClientOptions } from './options.js';
import { DEFAULT_TIMEOUT_MS } from './options.js';
import { pageLimit, type PageSizeMode } from './page-sizes.js';
import { MalformedPageError, paginate, type Envelope } from './pagination.js';
import { fillRoute, toSearchParams, type Query } from './query.js';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './retry.js';
import { createStats, type StatsRecorder } from './stats.js';
import { loadLimits, saveLimits } from './limits-store.js';
import { createScheduler, type Scheduler } from './scheduler.js';
import { createGotTransport, type HttpMethod, type HttpResponse, type Transport } from './transport.js';

export interface Call {
  method: HttpMethod;
  /** Route template, e.g. `/organization/projects/{project_id}/users`. */
  route: string;
  params?: Record<string, string>;
  query?: Query;
  body?: unknown;
  /** Safe to repeat when the outcome is unknown. Default: true for GET and DELETE, false for POST. */
  idempotent?: boolean;
  /** The caller does not read the answer: an empty 2xx body (e.g. a 204) is fine. Default: true for DELETE. */
  bodyOptional?: boolean;
}

export interface Http {
  request: <T>(call: Call) => Promise<T>;
  list: <T>(call: Omit<Call, 'method' | 'body'>, envelope: Envelope, startAfter?: string) => AsyncIterable<T>;
  pageSize: PageSizeMode;
  stats: StatsRecorder;
  scheduler: Scheduler;
}

export function createHttp(options: AdminClientOptions): Http {
  const clock: Clock = options.clock ?? systemClock;
  const log: Logger = options.logger ?? silentLogger();
  const transport: Transport = options.transport ?? createGotTransport({ timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const secrets = [options.adminKey];
  const pageSize: PageSizeMode = options.pageSize ?? 'max';
  const stats = createStats();
  const limitsFile = options.limitsFile;
  const maxOrgRpm = options.maxOrgRpm ?? (options.requestsPerSecond !== undefined ? options.requestsPerSecond * 60 : undefined);
  const known = limitsFile === undefined ? undefined : loadLimits(limitsFile, baseUrl, clock.now(), log);
  const scheduler = createScheduler({
    clock,
    logger: log,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.maxRpm !== undefined ? { maxRpm: options.maxRpm } : {}),
    ...(maxOrgRpm !== undefined ? { maxOrgRpm } : {}),
    ...(options.rateWindowMs !== undefined ? { windowMs: options.rateWindowMs } : {}),
    ...(options.deadlineMs !== undefined ? { deadlineAt: clock.now() + options.deadlineMs } : {}),
    ...(options.deadlineLabel !== undefined ? { deadlineLabel: options.deadlineLabel } : {}),
    ...(known !== undefined ? { known } : {}),
    ...(limitsFile !== undefined ? { onLearned: (limits) => saveLimits(limitsFile, baseUrl, limits, log) } : {}),
  });
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    clock,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.maxRetryTimeMs !== undefined ? { maxRetryTimeMs: options.maxRetryTimeMs } : {}),
    ...(options.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: options.maxRetryAfterMs } : {}),
  };
  const authorization = `Bearer ${options.adminKey}`;

  async function attempt(call: Call, url: string, body: string | undefined, n: number): Promise<HttpResponse> {
    const headers: Record<string, string> = {
      authorization,
      accept: 'application/json',
      'user-agent': 'orgplane',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    };
    const started = clock.now();
    stats.record(call.route, call.method);
    try {
      const response = await transport({ method: call.method, url, route: call.route, headers, ...(body !== undefined ? { body } : {}) });
      log.debug(
        { method: call.method, route: call.route, status: response.status, durationMs: clock.now() - started, attempt: n },
        'admin api request',
      );
      return response;
    } catch (error) {
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'ERR_NETWORK';
      log.debug(
        { method: call.method, route: call.route, code, durationMs: clock.now() - started, attempt: n },
        'admin api request',
      );
      throw error;
    }
  }

  async function request<T>(call: Call): Promise<T> {
    const path = fillRoute(call.route, call.params ?? {});
    const search = call.query !== undefined ? toSearchParams(call.query).toString() : '';
    const url = `${baseUrl}${path}${search !== '' ? `?${search}` : ''}`;
    const body = call.body !== undefined ? JSON.stringify(call.body) : undefined;
    const { response } = await withRetry(
      (n, resend) => scheduler.run(`${call.method} ${call.route}`, () => attempt(call, url, body, n), { retry: resend }),
      {
        method: call.method,
        route: call.route,
        idempotent: call.idempotent ?? call.method !== 'POST',
        secrets,
        // The scheduler already holds the route (and logged the 429 at debug level); the
        // request goes again, which the API sees, so it counts as a retry.
        onRateLimited: () => {
          stats.recordRetry();
          return Promise.resolve();
        },
        onRetry: () => stats.recordRetry(),
      },
      policy,
    );
    if (response.body.trim() === '') {
      if (call.bodyOptional ?? call.method === 'DELETE') return undefined as T;
      throw malformedError({
        method: call.method,
        route: call.route,
        reason: 'empty body where JSON was expected',
        status: response.status,
        requestId: response.headers['x-request-id'],
      });
    }
    try {
      return JSON.parse(response.body) as T;
    } catch {
      throw malformedError({
        method: call.method,
        route: call.route,
        reason: 'the body is not one JSON document',
        status: response.status,
        requestId: response.headers['x-request-id'],
      });
    }
  }

  function list<T>(call: Omit<Call, 'method' | 'body'>, envelope: Envelope, startAfter?: string): AsyncIterable<T> {
    const limit = pageLimit(call.route, pageSize);
    const fetchPage = (after: string | undefined): Promise<unknown> =>
      request<unknown>({ ...call, method: 'GET', query: { ...call.query, limit, after } });
    return {
      async *[Symbol.asyncIterator]() {
        try {
          yield* paginate<T>(fetchPage, envelope, startAfter);
        } catch (error) {
          if (error instanceof MalformedPageError) {
            throw malformedError({ method: 'GET', route: call.route, reason: error.message });
          }
          throw error;
        }
      },
    };
  }

  return { request, list, pageSize, stats, scheduler };
}
