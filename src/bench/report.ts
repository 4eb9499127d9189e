// The benchmark's summary (JSON, the last line of stdout) and its table for people.
import type { ApplyMeasurement, BenchSettings, DaemonMeasurement, PlanMeasurement } from './measure.js';

export interface TargetCheck {
  name: string;
  target: string;
  actual: string;
  met: boolean | 'not measured';
}

export interface BenchSummary {
  settings: BenchSettings;
  plans: PlanSummary[];
  apply?: ApplySummary;
  daemon?: DaemonMeasurement;
  targets: TargetCheck[];
  /** Phases that failed (the others still ran). */
  errors: string[];
}

export interface PlanSummary {
  size: string;
  /** Set when the plan failed: its numbers are then those of the failed attempt. */
  error?: string;
  people: number;
  projects: number;
  liveObjects: number;
  changes: number;
  requests: number;
  /** Requests answered 429 and repeated. */
  rateLimited: number;
  minimumRequests: number;
  requestRatio: number;
  /** Ratio without the 429'd attempts: what the reader asked for. */
  distinctRequestRatio: number;
  ms: number;
  readMs: number | undefined;
  loadMs: number | undefined;
  afterReadMs: number | undefined;
  boundMs: number;
  rateBoundMs: number;
  pathBoundMs: number;
  criticalPath: number;
  /** The brief's bound without the token bucket's one-second burst. */
  boundNoBurstMs: number;
  timeRatio: number;
  pauses: number;
  /** Sum of the Retry-After waits the 429s asked for (pauses overlap). */
  retryAfterMs: number;
  peakRssMb: number;
  topRoutes: [string, number][];
  baseline?: { requests: number; ms: number; peakRssMb: number; rateLimited: number };
  speedUp?: number;
}

export interface ApplySummary {
  size: string;
  changes: number;
  failed: number;
  skipped: number;
  requests: number;
  rateLimited: number;
  ms: number;
  boundMs: number;
  rateBoundMs: number;
  pathBoundMs: number;
  waves: number;
  dependencyDepth: number;
  timeRatio: number;
  pauses: number;
  /** Sum of the Retry-After waits the 429s asked for (pauses overlap). */
  retryAfterMs: number;
  peakRssMb: number;
  topRoutes: [string, number][];
}

const MB = 1024 * 1024;
const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

function topRoutes(byRoute: Record<string, number>, n = 6): [string, number][] {
  return Object.entries(byRoute)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
}

function planSummary(m: PlanMeasurement): PlanSummary {
  const distinct = m.plan.serverRequests - m.plan.rateLimited;
  return {
    size: m.size,
    ...(m.plan.error === undefined ? {} : { error: m.plan.error }),
    people: m.people,
    projects: m.projects,
    liveObjects: m.liveObjects,
    changes: m.changes,
    requests: m.plan.serverRequests,
    rateLimited: m.plan.rateLimited,
    minimumRequests: m.minimumRequests,
    requestRatio: round(m.requestRatio, 3),
    distinctRequestRatio: round(distinct / m.minimumRequests, 3),
    ms: Math.round(m.plan.ms),
    readMs: m.plan.readMs === undefined ? undefined : Math.round(m.plan.readMs),
    loadMs: m.plan.loadMs === undefined ? undefined : Math.round(m.plan.loadMs),
    afterReadMs: m.plan.afterReadMs === undefined ? undefined : Math.round(m.plan.afterReadMs),
    boundMs: Math.round(m.bound.ms),
    rateBoundMs: Math.round(m.bound.rateMs),
    pathBoundMs: Math.round(m.bound.pathMs),
    criticalPath: m.criticalPath,
    boundNoBurstMs: Math.round(m.bound.noBurstMs),
    timeRatio: round(m.timeRatio, 3),
    pauses: m.plan.pauses,
    retryAfterMs: m.plan.pausedMs,
    peakRssMb: round(m.plan.maxRssBytes / MB, 1),
    topRoutes: topRoutes(m.plan.byRoute),
    ...(m.baseline === undefined
      ? {}
      : {
          baseline: {
            requests: m.baseline.serverRequests,
            ms: Math.round(m.baseline.ms),
            peakRssMb: round(m.baseline.maxRssBytes / MB, 1),
            rateLimited: m.baseline.rateLimited,
          },
        }),
    ...(m.speedUp === undefined ? {} : { speedUp: round(m.speedUp, 2) }),
  };
}

function applySummary(m: ApplyMeasurement): ApplySummary {
  return {
    size: m.size,
    changes: m.changes,
    failed: m.run.failed ?? 0,
    skipped: m.run.skipped ?? 0,
    // The client's count of the apply alone (the emulator also saw the plan's reads).
    requests: m.run.requests,
    rateLimited: m.run.rateLimited,
    ms: Math.round(m.run.ms),
    boundMs: Math.round(m.bound.ms),
    rateBoundMs: Math.round(m.bound.rateMs),
    pathBoundMs: Math.round(m.bound.pathMs),
    waves: m.run.waves ?? 0,
    dependencyDepth: m.run.dependencyDepth ?? 0,
    timeRatio: round(m.timeRatio, 3),
    pauses: m.run.pauses,
    retryAfterMs: m.run.pausedMs,
    peakRssMb: round(m.run.maxRssBytes / MB, 1),
    topRoutes: topRoutes(m.run.byRoute, 12),
  };
}

export function checkTargets(plans: readonly PlanSummary[], apply?: ApplySummary, daemon?: DaemonMeasurement): TargetCheck[] {
  const worstRequests = plans.filter((p) => p.error === undefined).reduce((worst, p) => Math.max(worst, p.requestRatio), 0);
  const large = plans.find((p) => p.size === 'large');
  const checks: TargetCheck[] = [
    {
      name: 'plan requests / minimum (every size)',
      target: '<= 1.05',
      actual: plans.map((p) => `${p.size} ${p.requestRatio}`).join(', '),
      met: plans.length === 0 ? 'not measured' : worstRequests <= 1.05,
    },
    {
      name: 'plan succeeds (every size)',
      target: 'no error',
      actual: plans.map((p) => `${p.size} ${p.error === undefined ? 'ok' : 'FAILED'}`).join(', '),
      met: plans.length === 0 ? 'not measured' : plans.every((p) => p.error === undefined),
    },
    {
      name: 'plan time / lower bound (large)',
      target: '<= 1.25',
      actual: large === undefined ? 'large not run' : large.error !== undefined ? 'plan failed' : String(large.timeRatio),
      met: large === undefined ? 'not measured' : large.error === undefined && large.timeRatio <= 1.25,
    },
    {
      name: 'plan peak memory (large)',
      target: '< 300 MB',
      actual: large === undefined ? 'large not run' : `${large.peakRssMb} MB${large.error !== undefined ? ' (failed plan)' : ''}`,
      met: large === undefined ? 'not measured' : large.peakRssMb < 300,
    },
    {
      name: 'apply failed changes',
      target: '0',
      actual: apply === undefined ? 'not run' : String(apply.failed),
      met: apply === undefined ? 'not measured' : apply.failed === 0,
    },
    {
      name: 'idle requests per audit interval',
      target: '<= 1',
      actual: daemon === undefined ? 'not run' : String(round(daemon.nominalPerIdleHour / 120, 3)),
      met: daemon === undefined ? 'not measured' : daemon.nominalPerIdleHour / 120 <= 1,
    },
  ];
  return checks;
}

export function summarize(input: {
  settings: BenchSettings;
  plans: readonly PlanMeasurement[];
  apply?: ApplyMeasurement;
  daemon?: DaemonMeasurement;
  errors?: readonly string[];
}): BenchSummary {
  const plans = input.plans.map(planSummary);
  const apply = input.apply === undefined ? undefined : applySummary(input.apply);
  return {
    settings: input.settings,
    plans,
    ...(apply === undefined ? {} : { apply }),
    ...(input.daemon === undefined ? {} : { daemon: input.daemon }),
    targets: checkTargets(plans, apply, input.daemon),
    errors: [...(input.errors ?? [])],
  };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const seconds = (ms: number | undefined): string => (ms === undefined ? '-' : (ms / 1000).toFixed(2));

export function renderTable(summary: BenchSummary): string {
  const { settings } = summary;
  let pace = settings.clientRps === undefined ? '' : `; WHAT-IF client paced at ${settings.clientRps} rps (the CLI sets no pace)`;
  if (settings.nodeOptions !== undefined) pace += `; WHAT-IF NODE_OPTIONS="${settings.nodeOptions}"`;
  const out: string[] = [`orgplane benchmark: emulator latency ${settings.latencyMs} ms, rate limit ${settings.rps} rps${pace}`, ''];
  out.push('plan (as `orgplane plan` runs it: CLI client defaults, load + read + diff + render)');
  out.push(
    table(
      ['size', 'people', 'projects', 'changes', 'requests', '429s', 'minimum', 'ratio', 'time s', 'load s', 'read s', 'bound s', 'ratio', 'peak MB', 'naive req', 'naive s', 'speed-up'],
      summary.plans.map((p) => [
        p.size,
        String(p.people),
        String(p.projects),
        String(p.changes),
        String(p.requests),
        String(p.rateLimited),
        String(p.minimumRequests),
        p.requestRatio.toFixed(3),
        seconds(p.ms),
        seconds(p.loadMs),
        seconds(p.readMs),
        seconds(p.boundMs),
        p.timeRatio.toFixed(2),
        p.peakRssMb.toFixed(1),
        p.baseline === undefined ? '-' : String(p.baseline.requests),
        p.baseline === undefined ? '-' : seconds(p.baseline.ms),
        p.speedUp === undefined ? '-' : `${p.speedUp.toFixed(1)}x`,
      ]),
    ),
  );
  out.push('bound = max((minimum - burst) / rps, critical path x latency); burst = one second of the emulator bucket');
  for (const p of summary.plans) if (p.error !== undefined) out.push(`plan at ${p.size} FAILED: ${p.error}`);
  if (summary.apply !== undefined) {
    const a = summary.apply;
    out.push('', `apply at ${a.size} under the rate limit`);
    out.push(
      table(
        ['changes', 'failed', 'skipped', 'requests', '429s', 'waves', 'depth', 'time s', 'bound s', 'ratio', 'peak MB'],
        [[String(a.changes), String(a.failed), String(a.skipped), String(a.requests), String(a.rateLimited), String(a.waves), String(a.dependencyDepth), seconds(a.ms), seconds(a.boundMs), a.timeRatio.toFixed(2), a.peakRssMb.toFixed(1)]],
      ),
    );
  }
  if (summary.daemon !== undefined) {
    const d = summary.daemon;
    out.push('', `daemon idle at ${d.size} (intervals shrunk ${d.scale}x, scaled back to one hour at 30 s audit / 5 min cycle)`);
    out.push(
      table(
        ['polls', 'requests', 'per poll', 'cycles', 'per cycle', 'per idle hour (nominal)', '(measured, scaled)', '+ hourly resync'],
        [[String(d.polls), String(d.requests), d.requestsPerPoll.toFixed(2), String(d.cycles), d.requestsPerCycle.toFixed(2), d.nominalPerIdleHour.toFixed(0), d.perIdleHour.toFixed(0), d.perIdleHourWithResync.toFixed(0)]],
      ),
    );
  }
  out.push('', 'targets');
  out.push(table(['target', 'wanted', 'actual', 'met'], summary.targets.map((t) => [t.name, t.target, t.actual, String(t.met)])));
  for (const error of summary.errors) out.push(`FAILED: ${error}`);
  return `${out.join('\n')}\n`;
}
