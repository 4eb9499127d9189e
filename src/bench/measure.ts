// The measurements the benchmark makes, each against an in-process emulator, with the
// work itself in a child process (run-size.ts) so its peak memory is its own.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../logging/logger.js';
import { startEmulator, type FaultSettings, type RunningEmulator, type ThrottleReport } from '../emulator/index.js';
import { minimumRequests, readScopeFor } from '../live/index.js';
import { loadManifests } from '../manifest/index.js';
import { startDaemon } from '../daemon/index.js';
import { countsFromStore } from './counts.js';
import { driftOrg, fewPercent, generateOrg, THOUSAND_CHANGES, type DriftCounts, type OrgSize } from './generate.js';
import {
  criticalPath,
  minimumByRoute,
  ratio,
  timeLowerBound,
  waveWindowBound,
  windowBound,
  type RateModel,
  type TimeBound,
  type WaveWindowBound,
  type WindowBound,
  type WindowModel,
} from './lower-bound.js';
import type { RunMode, RunResult } from './run-size.js';
import { scaledClock } from './scaled-clock.js';
import { toManifests, writeManifests } from './to-manifests.js';
import { toSeed } from './to-seed.js';
import { outOfBandChanges, type ChangeMix } from './out-of-band.js';
import { createRandom } from './random.js';
import { readFile } from 'node:fs/promises';
import { MAX_PAGE_SIZE } from '../api/page-sizes.js';

const RUN_SIZE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-size.js');

/** The live API's limits as measured (API-NOTES.md), in live time. */
export interface LiveProfile {
  /** Requests per route template per window. Default 8. */
  routeLimit: number;
  /** The window in live seconds. Default 60. */
  routeWindowSeconds: number;
  /** Requests over all routes per window; 0: none. Default 0. */
  orgLimit: number;
  /**
   * The emulator's window and latency are divided by it (and so is the bound); the client's
   * clock runs this much faster (scaled-clock.ts). Results are ratios, or windows.
   */
  timeScale: number;
}

export interface BenchSettings {
  /** Milliseconds in live time (divided by the time scale under the live profile). */
  latencyMs: number;
  /** The bucket profile's rate limit (requests per second, 429 with Retry-After). */
  rps: number;
  /** Set: the live profile (fixed windows per route, 429 without Retry-After) instead of the bucket. */
  live?: LiveProfile;
  /** What-if: pace the plan and apply clients at this rate (the CLI sets none). */
  clientRps?: number;
  /** What-if: NODE_OPTIONS for the measured processes (e.g. V8 heap flags). */
  nodeOptions?: string;
}

/** One route's windows under the live profile. */
export interface RouteWindows {
  route: string;
  /** Requests let through. */
  passed: number;
  /** Requests answered 429. */
  limited: number;
  windows: number;
  /** 429s in the route's windows after its first (when a client may still be learning). */
  limitedAfterFirst: number;
  windowsAfterFirst: number;
}

/** What the live profile adds to a plan or apply measurement. */
export interface WindowMeasurement {
  bound: WindowBound;
  /** Measured time / bound. */
  timeRatio: number;
  /** Measured time in windows: the scale-free time. */
  windowsUsed: number;
  routes: RouteWindows[];
  /** 429s per route per window after each route's first window, over all routes' windows. */
  limitedPerWindowAfterFirst: number;
  /** The route with the most 429s per window after its first, and that figure. */
  worstRoute: { route: string; perWindow: number } | undefined;
  /** Requests the client gave up on (a stopped plan counts one; apply: failed changes). */
  failedRequests: number;
}

export interface ChildRun extends RunResult {
  /** Requests the emulator saw (429 answers included). */
  serverRequests: number;
  /** 429 answers the emulator gave. */
  rateLimited: number;
}

export interface PlanMeasurement {
  size: string;
  people: number;
  projects: number;
  liveObjects: number;
  changes: number;
  minimumRequests: number;
  criticalPath: number;
  bound: TimeBound;
  plan: ChildRun;
  baseline?: ChildRun;
  requestRatio: number;
  timeRatio: number;
  /** baseline read time / orgplane plan time (whole plan: load, read, diff, render). */
  speedUp?: number;
  /** Live profile: the per-route bound and the 429s per route per window. */
  windowed?: WindowMeasurement;
}

export interface ApplyMeasurement {
  size: string;
  changes: number;
  bound: TimeBound;
  run: ChildRun;
  timeRatio: number;
  windowed?: WindowMeasurement;
  /** Live profile: the bound with the apply's waves as barriers, and the time against it. */
  waves?: { bound: WaveWindowBound; timeRatio: number };
}

export interface DaemonMeasurement {
  size: string;
  scale: number;
  polls: number;
  requests: number;
  byRoute: Record<string, number>;
  requestsPerPoll: number;
  cycles: number;
  requestsPerCycle: number;
  /** Wall time of the window times the scale. */
  simulatedMs: number;
  /** Requests of the window scaled to one hour at the default intervals (30 s audit, 5 min cycle). */
  perIdleHour: number;
  /** 120 polls × requests per poll + 12 cycles × requests per cycle: one hour at the defaults. */
  nominalPerIdleHour: number;
  /** The nominal hour plus the default hourly resync (one full live read of the managed scope). */
  perIdleHourWithResync: number;
  resyncRequests: number;
}

function rateModel(settings: BenchSettings): RateModel {
  if (settings.live !== undefined) return { rps: 0, burst: 0, latencyMs: settings.latencyMs / settings.live.timeScale };
  // The emulator's token bucket holds one second of requests and starts full (src/emulator/faults.ts).
  return { rps: settings.rps, burst: settings.rps, latencyMs: settings.latencyMs };
}

/** The live profile's limits in the run's (scaled) time. */
export function windowModel(live: LiveProfile): WindowModel {
  return { routeLimit: live.routeLimit, orgLimit: live.orgLimit, windowMs: (live.routeWindowSeconds * 1000) / live.timeScale };
}

/** The emulator's faults for a profile: the bucket, or the live windows (scaled). */
export function emulatorFaults(settings: BenchSettings): Partial<FaultSettings> {
  const { live } = settings;
  if (live === undefined) return { latencyMs: settings.latencyMs, rateLimitRps: settings.rps };
  return {
    latencyMs: settings.latencyMs / live.timeScale,
    rateLimitRps: 0,
    routeLimit: live.routeLimit,
    routeWindowSeconds: live.routeWindowSeconds / live.timeScale,
    orgLimit: live.orgLimit,
  };
}

async function withEmulator<T>(
  seed: Parameters<typeof startEmulator>[0],
  settings: BenchSettings,
  work: (emulator: RunningEmulator) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({ ...seed, faults: emulatorFaults(settings) });
  try {
    return await work(emulator);
  } finally {
    await emulator.stop();
  }
}

/** Fresh counters, a full rate-limit bucket and fresh windows before each measurement. */
function rearm(emulator: RunningEmulator, settings: BenchSettings): void {
  emulator.control.faults(emulatorFaults(settings));
  emulator.control.resetRequests();
}

/**
 * Passes and 429s per route per window from the emulator's throttle record; with `since`,
 * only what came after it (totals by difference, windows by their start).
 */
export function routeWindows(
  report: ThrottleReport,
  since?: { at: number; totals: Readonly<Record<string, { passed: number; limited: number }>> },
): RouteWindows[] {
  const rows: RouteWindows[] = [];
  for (const [route, history] of Object.entries(report.routes)) {
    const before = since?.totals[route] ?? { passed: 0, limited: 0 };
    const windows = since === undefined ? history.windows : history.windows.filter((w) => w.startedAt >= since.at);
    const passed = history.passed - before.passed;
    const limited = history.limited - before.limited;
    if (passed + limited === 0) continue;
    const later = windows.slice(1);
    rows.push({
      route,
      passed,
      limited,
      windows: windows.length,
      limitedAfterFirst: later.reduce((sum, w) => sum + w.limited, 0),
      windowsAfterFirst: later.length,
    });
  }
  return rows.sort((a, b) => b.limited - a.limited || a.route.localeCompare(b.route));
}

export function windowMeasurement(ms: number, bound: WindowBound, windowMs: number, routes: RouteWindows[], failedRequests: number): WindowMeasurement {
  const windowsAfter = routes.reduce((sum, r) => sum + r.windowsAfterFirst, 0);
  const limitedAfter = routes.reduce((sum, r) => sum + r.limitedAfterFirst, 0);
  let worstRoute: WindowMeasurement['worstRoute'];
  for (const r of routes) {
    if (r.windowsAfterFirst === 0) continue;
    const perWindow = r.limitedAfterFirst / r.windowsAfterFirst;
    if (worstRoute === undefined || perWindow > worstRoute.perWindow) worstRoute = { route: r.route, perWindow };
  }
  return {
    bound,
    timeRatio: ratio(ms, bound.ms),
    windowsUsed: ms / windowMs,
    routes,
    limitedPerWindowAfterFirst: windowsAfter === 0 ? 0 : limitedAfter / windowsAfter,
    worstRoute,
    failedRequests,
  };
}

function runChild(mode: RunMode, configDir: string, emulator: RunningEmulator, settings: BenchSettings, extraEnv: Record<string, string> = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN_SIZE, mode, '--config', configDir], {
      env: { ...process.env, ...extraEnv, OPENAI_BASE_URL: emulator.baseUrl, OPENAI_ADMIN_KEY: emulator.adminKey, ORGPLANE_LOG_LEVEL: 'warn',
        ...(settings.clientRps === undefined ? {} : { ORGPLANE_BENCH_CLIENT_RPS: String(settings.clientRps) }),
        ...(settings.nodeOptions === undefined ? {} : { NODE_OPTIONS: settings.nodeOptions }),
        ...(settings.live === undefined ? {} : { ORGPLANE_BENCH_TIME_SCALE: String(settings.live.timeScale), ORGPLANE_BENCH_THROTTLE: '1' }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderrTail = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') stderrTail = line.slice(0, 500);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      let result: RunResult;
      try {
        result = JSON.parse(last) as RunResult;
      } catch {
        reject(new Error(`run-size ${mode} exited ${String(code)} without a result: ${stderrTail}`));
        return;
      }
      const seen = emulator.control.requests();
      resolve({ ...result, serverRequests: seen.total, rateLimited: 0 });
    });
  });
}

async function countRateLimited(emulator: RunningEmulator, run: ChildRun): Promise<ChildRun> {
  // The emulator counts every /v1 request; the client counts every attempt. Their difference
  // is zero here, so 429s are the client's retries (no 5xx or drops are injected). Under the
  // live profile the emulator counts its 429s itself (a client may also hold a request back).
  const throttle = emulator.control.throttle();
  const limited = Object.values(throttle.routes).reduce((sum, h) => sum + h.limited, 0);
  const rateLimited = throttle.routeLimit > 0 || throttle.orgLimit > 0 ? limited : run.retries;
  return Promise.resolve({ ...run, rateLimited, serverRequests: emulator.control.requests().total });
}

async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `orgplane-bench-${prefix}-`));
}

/** plan (and the naive baseline) against the size's org, with a few percent of drift. */
export async function measurePlan(size: OrgSize, settings: BenchSettings, options: { baseline: boolean }): Promise<PlanMeasurement> {
  const org = generateOrg(size);
  const dir = await tempDir(size.name);
  try {
    await writeManifests(dir, toManifests(driftOrg(org, fewPercent(size))));
    const loaded = await loadManifests(dir);
    if (loaded.desired === undefined) throw new Error(`generated manifests do not load: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
    const scope = readScopeFor(loaded.desired);
    return await withEmulator({ seed: toSeed(org) }, settings, async (emulator) => {
      const counts = countsFromStore(emulator.control.store);
      const minimum = minimumRequests(scope, counts);
      const path_ = criticalPath(scope, counts);
      const bound = timeLowerBound(minimum, path_, rateModel(settings));

      rearm(emulator, settings);
      // A failed plan is a result too (reported with its error); the baseline still runs.
      const plan = await countRateLimited(emulator, await runChild('plan', dir, emulator, settings));
      let windowed: WindowMeasurement | undefined;
      if (settings.live !== undefined) {
        const model = windowModel(settings.live);
        const routes = routeWindows(emulator.control.throttle());
        windowed = windowMeasurement(plan.ms, windowBound(minimumByRoute(scope, counts), model), model.windowMs, routes, plan.error === undefined ? 0 : 1);
      }
      let baseline: ChildRun | undefined;
      // The naive script (one request at a time, no pacing) would take hours under the live profile.
      if (options.baseline && settings.live === undefined) {
        rearm(emulator, settings);
        baseline = await countRateLimited(emulator, await runChild('baseline', dir, emulator, settings));
        if (baseline.error !== undefined) throw new Error(`baseline failed at ${size.name}: ${baseline.error}`);
      }
      return {
        size: size.name,
        people: size.people,
        projects: size.projects,
        liveObjects: plan.objects ?? 0,
        changes: plan.changes ?? 0,
        minimumRequests: minimum,
        criticalPath: path_,
        bound,
        plan,
        ...(baseline === undefined ? {} : { baseline }),
        ...(baseline === undefined || plan.error !== undefined ? {} : { speedUp: baseline.ms / plan.ms }),
        requestRatio: ratio(plan.serverRequests, minimum),
        timeRatio: ratio(plan.ms, bound.ms),
        ...(windowed === undefined ? {} : { windowed }),
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** apply of about 1,000 changes under the emulator's rate limit. */
export async function measureApply(size: OrgSize, settings: BenchSettings, drift: DriftCounts = THOUSAND_CHANGES): Promise<ApplyMeasurement> {
  const org = generateOrg(size);
  const dir = await tempDir(`${size.name}-apply`);
  try {
    await writeManifests(dir, toManifests(driftOrg(org, drift)));
    return await withEmulator({ seed: toSeed(org) }, settings, async (emulator) => {
      rearm(emulator, settings);
      const run = await countRateLimited(emulator, await runChild('apply', dir, emulator, settings));
      if (run.error !== undefined) throw new Error(`apply failed: ${run.error}`);
      const changes = run.changes ?? 0;
      // Each change is at least one write; the chain is at least the deepest dependency and
      // the number of waves, whichever is longer.
      const bound = timeLowerBound(changes, Math.max(run.waves ?? 0, run.dependencyDepth ?? 0), rateModel(settings));
      let windowed: WindowMeasurement | undefined;
      let waves: ApplyMeasurement['waves'];
      if (settings.live !== undefined && run.throttleBefore !== undefined && run.applyStartedAt !== undefined) {
        // The apply's own requests per route (the plan before it read through the same windows).
        const model = windowModel(settings.live);
        const routes = routeWindows(emulator.control.throttle(), { at: run.applyStartedAt, totals: run.throttleBefore });
        const requests = Object.fromEntries(routes.map((r) => [r.route, r.passed]));
        windowed = windowMeasurement(run.ms, windowBound(requests, model), model.windowMs, routes, run.failed ?? 0);
        if (run.passedByWave !== undefined) {
          const waveBound = waveWindowBound(run.passedByWave, model);
          waves = { bound: waveBound, timeRatio: ratio(run.ms, waveBound.ms) };
        }
      }
      return {
        size: size.name,
        changes,
        bound,
        run,
        timeRatio: ratio(run.ms, bound.ms),
        ...(windowed === undefined ? {} : { windowed }),
        ...(waves === undefined ? {} : { waves }),
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The daemon idle: manifests equal to the live org, audit interval and cycle interval
 * shrunk by `scale`, for `polls` audit polls. Runs in this process (memory is not measured).
 */
export async function measureDaemon(
  size: OrgSize,
  settings: BenchSettings,
  options: { polls: number; scale: number; resyncRequests: number },
): Promise<DaemonMeasurement> {
  const org = generateOrg(size);
  const dir = await tempDir(`${size.name}-daemon`);
  const stateDir = await tempDir(`${size.name}-state`);
  try {
    await writeManifests(dir, toManifests(org));
    return await withEmulator({ seed: toSeed(org) }, settings, async (emulator) => {
      const cycles: string[] = [];
      const daemon = await startDaemon({
        // Under the live profile the client's clock runs at the time scale, like the intervals below.
        client: { baseUrl: emulator.baseUrl, adminKey: emulator.adminKey, ...(settings.live === undefined ? {} : { clock: scaledClock(settings.live.timeScale) }) },
        source: dir,
        ref: 'main',
        stateDir,
        mode: 'report',
        intervalMs: 300_000 / options.scale,
        auditIntervalMs: 30_000 / options.scale,
        resyncMs: 3_600_000 / options.scale,
        logger: silentLogger(),
        onCycle: (report) => cycles.push(report.result),
      });
      // startDaemon returns while the startup cycle runs (so signal handlers go in first).
      await daemon.reconciler.firstCycle;
      const startupResult = cycles[0];
      if (startupResult !== 'unchanged' && startupResult !== 'reported') {
        await daemon.stop();
        throw new Error(`daemon startup cycle ended ${String(startupResult)}`);
      }
      cycles.length = 0;
      rearm(emulator, settings);
      const pollsSoFar = async (): Promise<number> =>
        (await daemon.metrics.auditPolls.get()).values.reduce((sum, v) => sum + v.value, 0);
      const pollsBefore = await pollsSoFar();
      const windowStarted = Date.now();
      const auditEveryMs = 30_000 / options.scale;
      const deadline = Date.now() + (options.polls + 5) * auditEveryMs * 2;
      while ((await pollsSoFar()) - pollsBefore < options.polls && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, auditEveryMs / 4));
      }
      await daemon.stop();
      const simulatedMs = (Date.now() - windowStarted) * options.scale;
      const polls = (await pollsSoFar()) - pollsBefore;
      const seen = emulator.control.requests();
      const auditRequests = seen.byRoute['GET /v1/organization/audit_logs'] ?? 0;
      const requestsPerPoll = polls === 0 ? 0 : auditRequests / polls;
      const requestsPerCycle = cycles.length === 0 ? 0 : (seen.total - auditRequests) / cycles.length;
      // Every request of the window, scaled from the simulated time to one hour.
      const perIdleHour = (seen.total * 3_600_000) / simulatedMs;
      return {
        size: size.name,
        scale: options.scale,
        polls,
        requests: seen.total,
        byRoute: seen.byRoute,
        requestsPerPoll,
        cycles: cycles.length,
        requestsPerCycle,
        simulatedMs,
        perIdleHour,
        nominalPerIdleHour: 120 * requestsPerPoll + 12 * requestsPerCycle,
        perIdleHourWithResync: 120 * requestsPerPoll + 12 * requestsPerCycle + options.resyncRequests,
        resyncRequests: options.resyncRequests,
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(stateDir, { recursive: true, force: true });
  }
}

/** Cold (full read, starts the snapshot) vs warm (refreshed from the audit log) plan at one size. */
/** A warm plan after a batch of out-of-band changes. */
export interface WarmRun {
  mix: ChangeMix;
  /** Out-of-band changes made before it (accepted by the emulator). */
  outOfBand: number;
  run: ChildRun;
  /**
   * The identity check, one page per audit query, and the pages of the reads the events
   * touched (their items in the snapshot after the run, at each list's largest page; one
   * request per item for a list patched item by item).
   */
  bound: { requests: number; auditQueries: number; touchedPages: number; windows: WindowBound };
  /** Time on the live API: the API-busy part × --time-scale, the rest as measured (milliseconds). */
  unscaledMs: number;
}

export interface SnapshotMeasurement {
  size: string;
  cold: ChildRun;
  /** Cold: the full read's per-route request minimum and its windows. */
  coldBound: { requests: number; windows: WindowBound };
  coldUnscaledMs: number;
  /** Every kind of change; then none to group membership (told by payload-less events: every group is read again). */
  warm: WarmRun[];
}

/**
 * A run's time on the live API: the time the API was busy (first request to last answer)
 * scaled back (its windows were shrunk by the time scale), the rest (loading 1,000
 * manifest files, diff, render: this machine's CPU) as measured.
 */
function unscaled(run: ChildRun, timeScale: number): number {
  const api = run.apiMs ?? run.ms;
  return run.ms - api + api * timeScale;
}

/** The route template of a kept read, for its page size and its window. */
const READ_ROUTES: Readonly<Record<string, string>> = {
  listUsers: '/organization/users',
  listInvites: '/organization/invites',
  listProjects: '/organization/projects',
  listRoles: '/organization/roles',
  listGroups: '/organization/groups',
  listCertificates: '/organization/certificates',
  listUserRoles: '/organization/users/{user_id}/roles',
  listGroupUsers: '/organization/groups/{group_id}/users',
  listGroupRoles: '/organization/groups/{group_id}/roles',
  listProjectUsers: '/organization/projects/{project_id}/users',
  listProjectUserRoles: '/projects/{project_id}/users/{user_id}/roles',
  listProjectGroups: '/organization/projects/{project_id}/groups',
  listProjectGroupRoles: '/projects/{project_id}/groups/{group_id}/roles',
  listProjectRoles: '/projects/{project_id}/roles',
  listProjectServiceAccounts: '/organization/projects/{project_id}/service_accounts',
  listProjectRateLimits: '/organization/projects/{project_id}/rate_limits',
  listProjectCertificates: '/organization/projects/{project_id}/certificates',
  listProjectApiKeys: '/organization/projects/{project_id}/api_keys',
};

export async function measureSnapshot(size: OrgSize, settings: BenchSettings, changes = 20): Promise<SnapshotMeasurement> {
  const live = settings.live;
  if (live === undefined) throw new Error('the cold/warm plan is measured under --profile live');
  const org = generateOrg(size);
  const dir = await tempDir(`${size.name}-snapshot`);
  const state = path.join(dir, 'state', 'live.json');
  const config = path.join(dir, 'policies');
  try {
    await writeManifests(config, toManifests(org));
    const loaded = await loadManifests(config);
    if (loaded.desired === undefined) throw new Error('generated manifests do not load');
    const scope = readScopeFor(loaded.desired);
    return await withEmulator({ seed: toSeed(org) }, settings, async (emulator) => {
      const model = windowModel(live);
      const counts = countsFromStore(emulator.control.store);
      const coldMinimum = minimumByRoute(scope, counts);
      rearm(emulator, settings);
      const cold = await countRateLimited(emulator, await runChild('plan', config, emulator, settings, { ORGPLANE_BENCH_STATE: state }));
      if (cold.error !== undefined) throw new Error(`cold plan failed at ${size.name}: ${cold.error}`);
      const warmRun = async (mix: ChangeMix): Promise<WarmRun> => {
        const outOfBand = await outOfBandChanges(emulator, createRandom(mix === 'all' ? 20261206 : 20261207), 'person-00000@example.com', changes, mix);
        // Fresh windows for the warm plan, as a PR check some time after the last plan would have.
        await new Promise((resolve) => setTimeout(resolve, model.windowMs));
        rearm(emulator, settings);
        const warm = await countRateLimited(emulator, await runChild('plan', config, emulator, settings, { ORGPLANE_BENCH_STATE: state }));
        if (warm.error !== undefined) throw new Error(`warm plan failed at ${size.name}: ${warm.error}`);
        const snapshot = JSON.parse(await readFile(state, 'utf8')) as { reads: Record<string, { items: unknown[] }> };
        const byRoute: Record<string, number> = {};
        let touchedPages = 0;
        const patched = new Set(warm.refresh?.patched ?? []);
        // A list patched item by item cost one GET per item (counted once below), not its pages.
        touchedPages += warm.refresh?.itemsFetched ?? 0;
        for (const key of warm.refresh?.reread ?? []) {
          if (patched.has(key)) continue;
          const method = key.split(' ')[0] ?? '';
          const route = READ_ROUTES[method];
          if (route === undefined) continue;
          const items = snapshot.reads[key]?.items.length ?? 0;
          const pages = Math.max(1, Math.ceil(items / (MAX_PAGE_SIZE[route] ?? 100)));
          touchedPages += pages;
          byRoute[`GET /v1${route}`] = (byRoute[`GET /v1${route}`] ?? 0) + pages;
        }
        // One page per audit query: the organization's, and the tenant's when group members are managed.
        const auditQueries = scope.groupMembers === 'all' || (scope.groupMembers instanceof Set && scope.groupMembers.size > 0) ? 2 : 1;
        if ((warm.refresh?.itemsFetched ?? 0) > 0) byRoute['GET /v1/organization/users/{user_id}'] = warm.refresh?.itemsFetched ?? 0;
        byRoute['GET /v1/organization/audit_logs'] = auditQueries;
        byRoute['GET /v1/organization/admin_api_keys'] = 1;
        return {
          mix,
          outOfBand,
          run: warm,
          bound: { requests: 1 + auditQueries + touchedPages, auditQueries, touchedPages, windows: windowBound(byRoute, model) },
          unscaledMs: unscaled(warm, live.timeScale),
        };
      };
      const all = await warmRun('all');
      const withoutGroups = await warmRun('no-group-members');
      return {
        size: size.name,
        cold,
        coldBound: { requests: Object.values(coldMinimum).reduce((a, b) => a + b, 0), windows: windowBound(coldMinimum, model) },
        coldUnscaledMs: unscaled(cold, live.timeScale),
        warm: [all, withoutGroups],
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
