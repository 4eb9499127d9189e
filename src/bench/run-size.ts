// One measurement in a process of its own, so that peak memory (maxRSS) belongs to it alone:
//   node dist/bench/run-size.js plan     --config DIR   what `orgplane plan` does
//   node dist/bench/run-size.js baseline --config DIR   the same reads as a simple script
//   node dist/bench/run-size.js apply    --config DIR   plan, then apply (timed alone)
// The API is the one of OPENAI_BASE_URL / OPENAI_ADMIN_KEY (the emulator the parent runs).
// Prints one JSON line (RunResult) on stdout.
// First, as in src/cli.ts: the CLI's own heap sizing, so peak memory is the CLI's.
import '../cli/heap-defaults.js';
import {
  createAdminClient,
  createGotTransport,
  resolveClientOptions,
  type AdminClient,
  type Clock,
  type RequestStats,
  type Transport,
} from '../api/index.js';
import { DEFAULT_TIMEOUT_MS } from '../api/options.js';
import { applyPlan, type SecretsSink } from '../apply/index.js';
import { readLiveState, readScopeFor, type ReadProgress } from '../live/index.js';
import { createLogger, silentLogger } from '../logging/logger.js';
import { loadManifests } from '../manifest/index.js';
import { runPlanPipeline } from '../plan/index.js';
import { renderText } from '../render/index.js';
import type { ThrottleReport } from '../emulator/index.js';
import { dependencyDepth } from './lower-bound.js';
import { scaledClock } from './scaled-clock.js';

export type RunMode = 'plan' | 'baseline' | 'apply';

export interface RunResult {
  mode: RunMode;
  /** Time of the measured work, in milliseconds. */
  ms: number;
  /** Time of the live read alone (first list started → last list finished). */
  readMs?: number;
  /** Before the read: loading and validating the manifests. */
  loadMs?: number;
  /** After the read: diff and render. */
  afterReadMs?: number;
  requests: number;
  retries: number;
  byRoute: Record<string, number>;
  objects?: number;
  changes?: number;
  /** Characters of the rendered text plan (what the CLI prints). */
  outputChars?: number;
  failed?: number;
  skipped?: number;
  /** Distinct execution waves of the plan applied. */
  waves?: number;
  /** Longest dependsOn chain of the plan applied, in changes. */
  dependencyDepth?: number;
  /**
   * Live profile, apply: the emulator's throttle totals per route just before applyPlan
   * started, and when (ms since the epoch), so the parent can tell the apply's requests
   * and windows from the plan's.
   */
  throttleBefore?: Record<string, { passed: number; limited: number }>;
  applyStartedAt?: number;
  /**
   * Apply: per wave (in order), the requests the server let through (429s left out) per
   * route, keyed as the emulator keys them (`POST /v1/organization/invites`). Waves are
   * barriers (src/apply), so each wave's requests need their own windows.
   */
  passedByWave?: { wave: number; byRoute: Record<string, number> }[];
  /** First request sent to last answer received (plan). */
  apiMs?: number;
  /** With ORGPLANE_BENCH_STATE (a snapshot file): how the live state was refreshed, and the reads done again. */
  refresh?: { mode: string; summary: string; events: number; reread: string[]; patched: string[]; itemsFetched: number };
  /** Peak resident set size of this process, in bytes. */
  maxRssBytes: number;
  error?: string;
}

/** Keys are discarded: the benchmark needs the create, not the secret. */
const discardSecrets: SecretsSink = { write: () => Promise.resolve({ location: '(discarded by the benchmark)' }) };

function statsDelta(before: RequestStats, after: RequestStats): Pick<RunResult, 'requests' | 'retries' | 'byRoute'> {
  const byRoute: Record<string, number> = {};
  for (const [route, count] of Object.entries(after.byRoute)) {
    const delta = count - (before.byRoute[route] ?? 0);
    if (delta > 0) byRoute[route] = delta;
  }
  return { requests: after.total - before.total, retries: after.retries - before.retries, byRoute };
}

function readTimer(): { onProgress: (p: ReadProgress) => void; first: () => number | undefined; last: () => number | undefined } {
  let first: number | undefined;
  let last: number | undefined;
  return {
    onProgress: () => {
      const now = performance.now();
      first ??= now;
      last = now;
    },
    first: () => first,
    last: () => last,
  };
}

/**
 * What-if (`--client-rps`): a client-side pace; unset, the client has the CLI's defaults.
 * A time-scaled run (`--time-scale`) gives the client a clock F times faster instead.
 */
function clientPace(): { requestsPerSecond?: number; clock?: Clock } {
  const rps = Number(process.env.ORGPLANE_BENCH_CLIENT_RPS ?? '');
  const scale = Number(process.env.ORGPLANE_BENCH_TIME_SCALE ?? '1');
  return { ...(rps > 0 ? { requestsPerSecond: rps } : {}), ...(scale > 0 && scale !== 1 ? { clock: scaledClock(scale) } : {}) };
}

/** The emulator's throttle totals per route (its control surface, next to /v1). */
async function throttleTotals(): Promise<Record<string, { passed: number; limited: number }>> {
  const options = resolveClientOptions({ env: process.env });
  const res = await fetch(`${options.baseUrl.replace(/\/v1$/, '')}/_emulator/throttle`, { headers: { authorization: `Bearer ${options.adminKey}` } });
  if (!res.ok) throw new Error(`the emulator's /_emulator/throttle answered ${String(res.status)}`);
  const report = (await res.json()) as ThrottleReport;
  return Object.fromEntries(Object.entries(report.routes).map(([route, h]) => [route, { passed: h.passed, limited: h.limited }]));
}

async function measurePlan(configDir: string): Promise<Omit<RunResult, 'maxRssBytes'>> {
  // Exactly what src/cli/commands/plan.ts builds: options from the environment, CLI defaults.
  const logger = createLogger({});
  const clientOptions = resolveClientOptions({ env: process.env });
  // When the API was busy: first request sent to last answer (the part a time-scaled run scales).
  const inner = createGotTransport({ timeoutMs: clientOptions.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  let firstSent: number | undefined;
  let lastAnswered: number | undefined;
  const transport: Transport = async (request) => {
    firstSent ??= performance.now();
    try {
      return await inner(request);
    } finally {
      lastAnswered = performance.now();
    }
  };
  const api: AdminClient = createAdminClient({ ...clientOptions, logger, ...clientPace(), transport });
  const timer = readTimer();
  const started = performance.now();
  const state = process.env.ORGPLANE_BENCH_STATE;
  const { plan, live, refresh } = await runPlanPipeline({
    configDir,
    api,
    logger,
    onProgress: timer.onProgress,
    adminKey: clientOptions.adminKey,
    ...(state !== undefined && state !== '' ? { snapshot: { location: state } } : {}),
  });
  const text = renderText(plan, { color: false });
  const ended = performance.now();
  const first = timer.first();
  const last = timer.last();
  return {
    mode: 'plan',
    ms: ended - started,
    ...(first === undefined || last === undefined ? {} : { readMs: last - first, loadMs: first - started, afterReadMs: ended - last }),
    ...statsDelta({ total: 0, retries: 0, byRoute: {} }, api.requestStats()),
    objects: live.stats.objects,
    changes: plan.changes.length,
    outputChars: text.length,
    ...(firstSent === undefined || lastAnswered === undefined ? {} : { apiMs: lastAnswered - firstSent }),
    ...(refresh === undefined ? {} : {
          refresh: {
            mode: refresh.mode,
            summary: refresh.summary,
            events: refresh.events,
            reread: refresh.rereadKeys,
            patched: refresh.patchedKeys,
            itemsFetched: refresh.itemsFetched,
          },
        }),
  };
}

async function measureBaseline(configDir: string): Promise<Omit<RunResult, 'maxRssBytes'>> {
  // A simple script: default page size, one request at a time, same scope as orgplane.
  const loaded = await loadManifests(configDir);
  if (loaded.desired === undefined) throw new Error('manifests did not load');
  const api = createAdminClient({ ...resolveClientOptions({ env: process.env }), pageSize: 'default', concurrency: 1 });
  const started = performance.now();
  const live = await readLiveState(api, readScopeFor(loaded.desired), { logger: silentLogger() });
  const ms = performance.now() - started;
  return { mode: 'baseline', ms, readMs: ms, ...statsDelta({ total: 0, retries: 0, byRoute: {} }, api.requestStats()), objects: live.stats.objects };
}

/** The CLI's transport, counting the answers that were not 429 per `METHOD /v1/route`. */
function countingTransport(timeoutMs: number | undefined): { transport: Transport; passed: Map<string, number> } {
  const inner = createGotTransport({ timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS });
  const passed = new Map<string, number>();
  const transport: Transport = async (request) => {
    const response = await inner(request);
    if (response.status !== 429) {
      const key = `${request.method} /v1${request.route}`;
      passed.set(key, (passed.get(key) ?? 0) + 1);
    }
    return response;
  };
  return { transport, passed };
}

async function measureApply(configDir: string): Promise<Omit<RunResult, 'maxRssBytes'>> {
  const logger = createLogger({});
  const options = resolveClientOptions({ env: process.env });
  const counting = countingTransport(options.timeoutMs);
  const api: AdminClient = createAdminClient({ ...options, logger, ...clientPace(), transport: counting.transport });
  const { plan, desired, live } = await runPlanPipeline({ configDir, api, logger, adminKeyOwner: true });
  const throttleBefore = process.env.ORGPLANE_BENCH_THROTTLE === '1' ? await throttleTotals() : undefined;
  // Waves are barriers: when a wave's last change ends, nothing of a later wave has started.
  const left = new Map<number, number>();
  for (const change of plan.changes) left.set(change.wave ?? 0, (left.get(change.wave ?? 0) ?? 0) + 1);
  const waveOf = new Map(plan.changes.map((c) => [`${c.action} ${c.address}`, c.wave ?? 0]));
  const passedByWave: NonNullable<RunResult['passedByWave']> = [];
  let counted = new Map(counting.passed);
  const onOutcome = (outcome: { action: string; address: string }): void => {
    const wave = waveOf.get(`${outcome.action} ${outcome.address}`) ?? 0;
    const remaining = (left.get(wave) ?? 1) - 1;
    left.set(wave, remaining);
    if (remaining > 0) return;
    const byRoute: Record<string, number> = {};
    for (const [route, n] of counting.passed) if (n > (counted.get(route) ?? 0)) byRoute[route] = n - (counted.get(route) ?? 0);
    counted = new Map(counting.passed);
    passedByWave.push({ wave, byRoute });
  };
  const applyStartedAt = Date.now();
  const before = api.requestStats();
  const started = performance.now();
  const result = await applyPlan(plan, api, { live, policy: desired.policy, secrets: discardSecrets, logger, onOutcome });
  const ms = performance.now() - started;
  return {
    mode: 'apply',
    ms,
    ...statsDelta(before, api.requestStats()),
    changes: plan.changes.length,
    failed: result.failed.length + result.refusals.length,
    skipped: result.skipped.length,
    waves: new Set(plan.changes.map((c) => c.wave ?? 0)).size,
    dependencyDepth: dependencyDepth(plan.changes),
    ...(throttleBefore === undefined ? {} : { throttleBefore, applyStartedAt }),
    passedByWave,
  };
}

async function main(): Promise<void> {
  const [mode, flag, configDir] = process.argv.slice(2);
  if ((mode !== 'plan' && mode !== 'baseline' && mode !== 'apply') || flag !== '--config' || configDir === undefined) {
    process.stderr.write('usage: run-size.js plan|baseline|apply --config DIR\n');
    process.exitCode = 1;
    return;
  }
  let result: Omit<RunResult, 'maxRssBytes'>;
  const started = performance.now();
  try {
    result =
      mode === 'plan' ? await measurePlan(configDir) : mode === 'baseline' ? await measureBaseline(configDir) : await measureApply(configDir);
  } catch (error) {
    // How long it ran before it stopped: a failure after a few seconds is a finding too.
    const ms = performance.now() - started;
    result = { mode, ms, requests: 0, retries: 0, byRoute: {}, error: error instanceof Error ? error.message : String(error) };
  }
  // maxRSS is in kilobytes (getrusage).
  const full: RunResult = { ...result, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  // Exit as the CLI does (src/cli.ts): a stopped read leaves other requests retrying, and
  // they must not reach the emulator after the result (they would count as this run's).
  process.stdout.write(`${JSON.stringify(full)}\n`, () => process.exit());
}

await main();
