// The emulator's HTTP server: /v1 (the Admin API, with faults and request counts) and
// /_emulator (the control surface, never faulted). Both require an admin key.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditLogActor } from '../api/types.js';
import type { HandlerContext } from './context.js';
import { acceptInvite, controlRoutes, type ControlState, type RequestCounts } from './control.js';
import { demoSeed } from './demo-seed.js';
import { FaultInjector, type FaultSettings } from './faults.js';
import { badRequest, EmulatorHttpError, notFound } from './http-error.js';
import { newId, newSecret } from './ids.js';
import { compileRoutes, matchRoute } from './router.js';
import type { ThrottleReport } from './throttle.js';
import { API_ROUTES } from './routes/index.js';
import { RequestChecker, type Violation } from './spec-requests.js';
import { dumpSeed, loadSeed } from './seed.js';
import type { EmulatorSeed } from './seed-types.js';
import { EmulatorStore } from './store.js';
import type { Actor, AuditEvent, UnsetSettingsMode } from './types.js';

export interface EmulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Initial state; default the demo org (demoSeed). */
  seed?: EmulatorSeed;
  /** The admin key accepted by the emulator; default a generated `sk-admin-…`. */
  adminKey?: string;
  /** Initial faults (latency, rate limit…); default none. */
  faults?: Partial<FaultSettings>;
  /** Milliseconds since the epoch; default Date.now. Timestamps in answers are derived from it. */
  clock?: () => number;
  /**
   * Records every departure from the spec's request side (body schema, query parameter
   * names and values) of the requests orgplane's client sends (user-agent `orgplane`),
   * for tests to fail on: `control.violations()`, GET /_emulator/violations. Default false.
   */
  strict?: boolean;
  /**
   * How GETs answer a governance setting never set: `404` (the default; the spec documents
   * only 200, a server may answer 404) or `default` (200 with the setting's default). A seed's
   * `unset_settings` wins; POST /_emulator/unset-settings changes it at run time.
   */
  unsetSettings?: UnsetSettingsMode;
}

export interface EmulatorControl {
  seed(seed: EmulatorSeed): void;
  dump(): EmulatorSeed;
  /** Back to the state the emulator started with. */
  reset(): void;
  acceptInvite(inviteId: string): unknown;
  requests(): RequestCounts;
  resetRequests(): void;
  faults(settings: Partial<FaultSettings>): FaultSettings;
  /** 429s and passes per route per window of the live-like throttle (`routeLimit`, `orgLimit`). */
  throttle(): ThrottleReport;
  /** Strict mode: the violations recorded so far, and forgets them. */
  takeViolations(): Violation[];
  /** How GETs answer a governance setting never set; sets it when given. */
  unsetSettings(mode?: UnsetSettingsMode): UnsetSettingsMode;
  readonly store: EmulatorStore;
}

export interface RunningEmulator {
  /** http://HOST:PORT */
  url: string;
  /** url + '/v1': what clients use as their base URL. */
  baseUrl: string;
  adminKey: string;
  port: number;
  stop(): Promise<void>;
  control: EmulatorControl;
}

/** Owner of the admin key when a seed has no owner user to give it to. */
const FALLBACK_OWNER = { id: 'user-emulator-admin', email: 'admin@emulator.local' };

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const baseClock = options.clock ?? Date.now;
  // POST /_emulator/clock moves the emulator's time forward (invite expiry, audit windows).
  let offsetMs = 0;
  const clock = (): number => baseClock() + offsetMs;
  const now = (): number => Math.floor(clock() / 1000);
  const adminKey = options.adminKey ?? newSecret('admin');
  const initialSeed = options.seed ?? demoSeed(now(), adminKey);
  const store = new EmulatorStore();
  const faults = new FaultInjector(clock);
  if (options.faults) faults.configure(options.faults);
  const counts: RequestCounts = { total: 0, byRoute: {} };
  const checker = new RequestChecker();
  let violations: Violation[] = [];

  const applySeed = (seed: EmulatorSeed): void => {
    // A seed with a dangling reference must leave the current state alone: try it aside first.
    loadSeed(new EmulatorStore(), seed, now());
    loadSeed(store, seed, now());
    if (seed.unset_settings === undefined && options.unsetSettings !== undefined) store.unsetSettings = options.unsetSettings;
    // The emulator's own key keeps working whatever the seed says.
    if (!store.adminKeyByValue(adminKey)) {
      const owner = [...store.users.values()].find((u) => u.role === 'owner');
      store.putAdminKey({ id: newId('key'), name: 'emulator', value: adminKey, created_at: now(), last_used_at: null, owner_user_id: owner?.id ?? FALLBACK_OWNER.id });
    }
  };
  applySeed(initialSeed);
  // Reset returns to this exact state: same ids, so tests may keep ids across resets.
  const baseline = dumpSeed(store);

  const state: ControlState = {
    store,
    now,
    applySeed,
    reset: () => {
      offsetMs = 0;
      applySeed(baseline);
    },
    counts,
    faults,
    advanceClock: (seconds) => {
      offsetMs += seconds * 1000;
    },
    takeViolations: () => {
      const taken = violations;
      violations = [];
      return taken;
    },
  };
  const control = compileRoutes(controlRoutes(state));
  const api = compileRoutes(API_ROUTES);

  async function serveApi(req: IncomingMessage, res: ServerResponse, path: string, actor: Actor, url?: URL): Promise<void> {
    const found = matchRoute(api, req.method ?? 'GET', path);
    if (found === undefined) throw new EmulatorHttpError(404, `Invalid URL (${req.method ?? 'GET'} ${path})`);
    if ('methodMismatch' in found) throw new EmulatorHttpError(405, `Method ${req.method ?? ''} not allowed for ${path}`);
    const body = await readJson(req);
    const where = url ?? new URL(req.url ?? '/', 'http://emulator');
    const route = `${found.route.method} ${found.route.template}`;
    const userAgent = req.headers['user-agent'] ?? '';
    if (options.strict === true && userAgent.startsWith('orgplane')) violations.push(...checker.check(found.route.method, found.route.template, where.searchParams, body));
    // Like the API, a body the spec refuses is a 400 in every mode (first problem named).
    const refused = checker.checkBody(route, undefined, body)[0];
    if (refused !== undefined) {
      throw new EmulatorHttpError(400, refused.message, { ...(refused.param === null ? {} : { param: refused.param }), code: refused.code });
    }
    const ctx = makeContext(found.params, where, body, actor);
    sendJson(res, 200, found.route.handler(ctx));
  }

  function makeContext(params: Record<string, string>, url: URL, body: unknown, actor: Actor): HandlerContext {
    return {
      store,
      params,
      query: url.searchParams,
      body,
      actor,
      now,
      audit: (type, payload, projectId) => {
        const project = projectId === undefined ? undefined : store.projects.get(projectId);
        const event: AuditEvent = {
          id: newId('audit'),
          type,
          effective_at: now(),
          actor: auditActor(actor),
          ...(project ? { project: { id: project.id, name: project.name } } : {}),
          ...(payload === undefined ? {} : { [type]: payload }),
        };
        store.appendAudit(event);
      },
    };
  }

  function authenticate(req: IncomingMessage): Actor {
    const header = req.headers.authorization;
    if (header === undefined || !header.startsWith('Bearer ')) {
      throw new EmulatorHttpError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
    }
    const key = store.adminKeyByValue(header.slice('Bearer '.length).trim());
    if (!key) throw new EmulatorHttpError(401, 'Incorrect API key provided.', { code: 'invalid_api_key' });
    key.last_used_at = now();
    const owner = store.users.get(key.owner_user_id);
    const actor: Actor = { type: 'api_key', keyId: key.id, userId: key.owner_user_id, email: owner?.email ?? FALLBACK_OWNER.email };
    const sessionHeader = req.headers['x-emulator-actor'];
    return typeof sessionHeader === 'string' ? sessionActor(sessionHeader) : actor;
  }

  /** `session:EMAIL[:IP]`: act as a person in the dashboard. */
  function sessionActor(value: string): Actor {
    const match = /^session:([^:]+)(?::(.+))?$/.exec(value);
    if (!match?.[1]) throw badRequest("x-emulator-actor must look like 'session:EMAIL:IP'");
    return sessionFor(match[1], match[2] ?? '127.0.0.1');
  }

  function sessionFor(email: string, ip: string): Actor {
    const user = store.userByEmail(email);
    if (!user) throw notFound('user', email);
    return { type: 'session', userId: user.id, email: user.email ?? email, ip };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    try {
      if (path.startsWith('/_emulator/')) {
        const actor = authenticate(req);
        const found = matchRoute(control, method, path);
        if (found === undefined || 'methodMismatch' in found) {
          // /_emulator/as-user/{email}/v1/... performs an API call as a dashboard user.
          const asUser = /^\/_emulator\/as-user\/([^/]+)(\/v1\/.*)$/.exec(path);
          if (asUser?.[1] !== undefined && asUser[2] !== undefined) {
            const ip = typeof req.headers['x-forwarded-for'] === 'string' ? req.headers['x-forwarded-for'] : '127.0.0.1';
            await serveApi(req, res, asUser[2], sessionFor(decodeURIComponent(asUser[1]), ip), url);
            return;
          }
          throw new EmulatorHttpError(404, `Unknown control route ${method} ${path}`);
        }
        const body = await readJson(req);
        const result = found.route.handler(makeContext(found.params, url, body, actor));
        sendJson(res, 200, result);
        return;
      }
      if (path === '/v1' || path.startsWith('/v1/')) {
        const found = matchRoute(api, method, path);
        const template = found !== undefined && !('methodMismatch' in found) ? found.route.template : '(unmatched)';
        const routeKey = `${method} ${template}`;
        counts.total += 1;
        counts.byRoute[routeKey] = (counts.byRoute[routeKey] ?? 0) + 1;
        const decision = faults.decide(routeKey);
        if (faults.current.latencyMs > 0) await delay(faults.current.latencyMs);
        if (decision.kind === 'drop') {
          req.socket.destroy();
          return;
        }
        if (decision.kind === 'rate_limited') {
          res.setHeader('retry-after', String(decision.retryAfterSeconds));
          throw new EmulatorHttpError(429, 'Rate limit reached for requests. Please try again later.', { type: 'rate_limit_error', code: 'rate_limit_exceeded' });
        }
        if (decision.kind === 'window_limited') {
          // As the live API answers (API-NOTES.md): the error body only, no header saying how long.
          throw new EmulatorHttpError(429, 'Rate limit reached for requests. Please try again later.', { type: 'requests', code: 'rate_limit_exceeded' });
        }
        if (decision.kind === 'error') throw new EmulatorHttpError(500, 'The server had an error while processing your request.');
        const actor = authenticate(req);
        await serveApi(req, res, path, actor, url);
        return;
      }
      throw new EmulatorHttpError(404, `Invalid URL (${method} ${path})`);
    } catch (error) {
      if (res.headersSent || res.destroyed) return;
      if (error instanceof EmulatorHttpError) {
        sendJson(res, error.status, error.toBody());
        return;
      }
      sendJson(res, 500, { error: { message: 'emulator internal error', type: 'server_error', param: null, code: null } });
    }
  }

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  return {
    url,
    baseUrl: `${url}/v1`,
    adminKey,
    port: address.port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    control: {
      store,
      seed: applySeed,
      dump: () => dumpSeed(store),
      reset: () => state.reset(),
      acceptInvite: (id) => acceptInvite(state, id),
      requests: () => ({ total: counts.total, byRoute: { ...counts.byRoute } }),
      resetRequests: () => {
        counts.total = 0;
        counts.byRoute = {};
      },
      faults: (settings) => faults.configure(settings),
      throttle: () => faults.throttleReport(),
      takeViolations: () => state.takeViolations(),
      unsetSettings: (mode) => {
        if (mode !== undefined) store.unsetSettings = mode;
        return store.unsetSettings;
      },
    },
  };
}

function auditActor(actor: Actor): AuditLogActor {
  if (actor.type === 'session') {
    return { type: 'session', session: { user: { id: actor.userId, email: actor.email }, ip_address: actor.ip } };
  }
  return { type: 'api_key', api_key: { id: actor.keyId, type: 'user', user: { id: actor.userId, email: actor.email } } };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('We could not parse the JSON body of your request.');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
