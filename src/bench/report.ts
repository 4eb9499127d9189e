// The benchmark's summary (JSON, the last line of stdout) and its table for people.
import type { ApplyMeasurement, BenchSettings, DaemonMeasurement, PlanMeasurement, SnapshotMeasurement, WindowMeasurement } from './measure.js';

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
  /** Cold vs warm plan with a snapshot (live profile): docs/snapshot.md. */
  snapshot?: SnapshotSummary[];
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
  peakRssMb: number;
  topRoutes: [string, number][];
  baseline?: { requests: number; ms: number; peakRssMb: number; rateLimited: number };
  speedUp?: number;
  windowed?: WindowSummary;
}

/** The live profile's figures: scale-free (windows and ratios). */
export interface WindowSummary {
  /** Windows the busiest route needs (the bound), and that route. */
  boundWindows: number;
  boundRoute: string;
  /** Measured time in windows. */
  windowsUsed: number;
  /** Measured time / bound. */
  timeRatio: number;
  /** The bound and the measured time at the live window length, in minutes. */
  liveBoundMinutes: number;
  liveMinutes: number;
  /** 429s per route per window after each route's first window (all routes' windows together). */
  limitedPerWindowAfterFirst: number;
  worstRoute?: { route: string; perWindow: number };
  failedRequests: number;
  /** Per route: requests let through, 429s, windows, 429s per window after the first. */
  routes: { route: string; passed: number; limited: number; windows: number; boundWindows: number; limitedPerWindowAfterFirst: number }[];
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
  peakRssMb: number;
  topRoutes: [string, number][];
  windowed?: WindowSummary;
  /**
   * Live profile: the bound with the waves as the barriers they are (sum of each wave's
   * per-route bound), the time against it, and each wave's windows.
   */
  waveBound?: { windows: number; timeRatio: number; byWave: { wave: number; windows: number; route: string }[] };
}

const MB = 1024 * 1024;
const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

function topRoutes(byRoute: Record<string, number>, n = 6): [string, number][] {
  return Object.entries(byRoute)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
}

function windowSummary(w: WindowMeasurement, windowSeconds: number): WindowSummary {
  return {
    boundWindows: w.bound.windows,
    boundRoute: w.bound.route,
    windowsUsed: round(w.windowsUsed, 2),
    timeRatio: round(w.timeRatio, 3),
    liveBoundMinutes: round((w.bound.windows * windowSeconds) / 60, 1),
    liveMinutes: round((w.windowsUsed * windowSeconds) / 60, 1),
    limitedPerWindowAfterFirst: round(w.limitedPerWindowAfterFirst, 3),
    ...(w.worstRoute === undefined ? {} : { worstRoute: { route: w.worstRoute.route, perWindow: round(w.worstRoute.perWindow, 3) } }),
    failedRequests: w.failedRequests,
    routes: w.routes.map((r) => ({
      route: r.route,
      passed: r.passed,
      limited: r.limited,
      windows: r.windows,
      boundWindows: w.bound.windowsByRoute[r.route] ?? 0,
      limitedPerWindowAfterFirst: r.windowsAfterFirst === 0 ? 0 : round(r.limitedAfterFirst / r.windowsAfterFirst, 3),
    })),
  };
}

function planSummary(m: PlanMeasurement, windowSeconds: number): PlanSummary {
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
    ...(m.windowed === undefined ? {} : { windowed: windowSummary(m.windowed, windowSeconds) }),
  };
}

function applySummary(m: ApplyMeasurement, windowSeconds: number): ApplySummary {
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
    peakRssMb: round(m.run.maxRssBytes / MB, 1),
    topRoutes: topRoutes(m.run.byRoute, 12),
    ...(m.windowed === undefined ? {} : { windowed: windowSummary(m.windowed, windowSeconds) }),
    ...(m.waves === undefined
      ? {}
      : { waveBound: { windows: m.waves.bound.windows, timeRatio: round(m.waves.timeRatio, 3), byWave: m.waves.bound.byWave } }),
  };
}

/** The live profile's targets (issue 13): complete with 0 failed, near the per-route bound, few 429s. */
function windowTargets(plans: readonly PlanSummary[], apply?: ApplySummary): TargetCheck[] {
  const failed = (p: PlanSummary): number => p.windowed?.failedRequests ?? (p.error === undefined ? 0 : 1);
  const bigger = plans.filter((p) => p.size === 'medium' || p.size === 'large');
  const after = [...plans.map((p) => [p.size, p.windowed] as const), ['apply', apply?.windowed] as const].flatMap(([name, w]) =>
    w === undefined ? [] : [{ name, perWindow: w.limitedPerWindowAfterFirst }],
  );
  return [
    {
      name: 'live: plan failed requests (every size)',
      target: '0',
      actual: plans.map((p) => `${p.size} ${failed(p)}`).join(', '),
      met: plans.length === 0 ? 'not measured' : plans.every((p) => failed(p) === 0),
    },
    {
      name: 'live: plan time / per-route bound (medium, large)',
      target: '<= 1.2',
      actual: bigger.map((p) => `${p.size} ${p.error === undefined ? String(p.windowed?.timeRatio ?? '-') : 'failed'}`).join(', '),
      met: bigger.length === 0 ? 'not measured' : bigger.every((p) => p.error === undefined && (p.windowed?.timeRatio ?? Infinity) <= 1.2),
    },
    {
      name: 'live: 429s per route per window after the first',
      target: '<= 1',
      actual: after.map((w) => `${w.name} ${String(w.perWindow)}`).join(', '),
      met: after.length === 0 ? 'not measured' : after.every((w) => w.perWindow <= 1) && plans.every((p) => p.error === undefined),
    },
    {
      name: 'live: apply failed changes',
      target: '0',
      actual:
        apply === undefined
          ? 'not run or failed'
          : `${apply.failed} (time / bound ${String(apply.windowed?.timeRatio ?? '-')}, / wave bound ${String(apply.waveBound?.timeRatio ?? '-')})`,
      met: apply === undefined ? 'not measured' : apply.failed === 0,
    },
  ];
}

export function checkTargets(plans: readonly PlanSummary[], apply?: ApplySummary, daemon?: DaemonMeasurement, live = false): TargetCheck[] {
  if (live) {
    const large = plans.find((p) => p.size === 'large');
    return [
      ...windowTargets(plans, apply),
      {
        name: 'plan peak memory (large)',
        target: '< 300 MB',
        actual: large === undefined ? 'large not run' : `${large.peakRssMb} MB${large.error !== undefined ? ' (failed plan)' : ''}`,
        met: large === undefined ? 'not measured' : large.peakRssMb < 300,
      },
      {
        name: 'idle requests per audit interval',
        target: '<= 1',
        actual: daemon === undefined ? 'not run' : String(round(daemon.nominalPerIdleHour / 120, 3)),
        met: daemon === undefined ? 'not measured' : daemon.nominalPerIdleHour / 120 <= 1,
      },
    ];
  }
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

export interface SnapshotSummary {
  size: string;
  cold: { requests: number; boundRequests: number; ms: number; boundMs: number; unscaledMinutes: number; refresh: string };
  warm: {
    mix: string;
    outOfBand: number;
    requests: number;
    rateLimited: number;
    boundRequests: number;
    auditQueries: number;
    touchedPages: number;
    reread: number;
    ms: number;
    boundMs: number;
    unscaledSeconds: number;
    refresh: string;
  }[];
}

function snapshotSummary(m: SnapshotMeasurement): SnapshotSummary {
  return {
    size: m.size,
    cold: {
      requests: m.cold.serverRequests,
      boundRequests: m.coldBound.requests,
      ms: Math.round(m.cold.ms),
      boundMs: Math.round(m.coldBound.windows.ms),
      unscaledMinutes: Math.round(m.coldUnscaledMs / 600) / 100,
      refresh: m.cold.refresh?.summary ?? '-',
    },
    warm: m.warm.map((w) => ({
      mix: w.mix,
      outOfBand: w.outOfBand,
      requests: w.run.serverRequests,
      rateLimited: w.run.rateLimited,
      boundRequests: w.bound.requests,
      auditQueries: w.bound.auditQueries,
      touchedPages: w.bound.touchedPages,
      reread: w.run.refresh?.reread.length ?? 0,
      ms: Math.round(w.run.ms),
      boundMs: Math.round(w.bound.windows.ms),
      unscaledSeconds: Math.round(w.unscaledMs / 100) / 10,
      refresh: w.run.refresh?.summary ?? '-',
    })),
  };
}

export function summarize(input: {
  settings: BenchSettings;
  plans: readonly PlanMeasurement[];
  apply?: ApplyMeasurement;
  daemon?: DaemonMeasurement;
  snapshot?: readonly SnapshotMeasurement[];
  errors?: readonly string[];
}): BenchSummary {
  const windowSeconds = input.settings.live?.routeWindowSeconds ?? 0;
  const plans = input.plans.map((m) => planSummary(m, windowSeconds));
  const apply = input.apply === undefined ? undefined : applySummary(input.apply, windowSeconds);
  return {
    settings: input.settings,
    plans,
    ...(apply === undefined ? {} : { apply }),
    ...(input.daemon === undefined ? {} : { daemon: input.daemon }),
    ...(input.snapshot === undefined || input.snapshot.length === 0 ? {} : { snapshot: input.snapshot.map(snapshotSummary) }),
    targets: [
      ...checkTargets(plans, apply, input.daemon, input.settings.live !== undefined),
      ...(input.snapshot ?? []).flatMap((m): TargetCheck[] =>
        m.warm.flatMap((w): TargetCheck[] => [
          {
            name: `warm plan requests at ${m.size} after ${w.outOfBand} out-of-band changes (${w.mix}; 429s answered again not counted)`,
            target: `<= identity check + audit pages + touched-scope pages (${w.bound.requests})`,
            actual: `${w.run.serverRequests - w.run.rateLimited} (+${w.run.rateLimited} 429s)`,
            met: w.run.serverRequests - w.run.rateLimited <= w.bound.requests,
          },
          ...(m.size === 'large'
            ? [{ name: `warm plan at large, unscaled (${w.mix})`, target: '< 60 s', actual: `${(w.unscaledMs / 1000).toFixed(1)} s`, met: w.unscaledMs < 60_000 }]
            : []),
        ]),
      ),
    ],
    errors: [...(input.errors ?? [])],
  };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const seconds = (ms: number | undefined): string => (ms === undefined ? '-' : (ms / 1000).toFixed(2));

function renderLive(summary: BenchSummary): string[] {
  const { settings } = summary;
  const live = settings.live;
  if (live === undefined) return [];
  const org = live.orgLimit > 0 ? ` and ${live.orgLimit} over all routes` : '';
  const out = [
    `orgplane benchmark, live profile: ${live.routeLimit} requests per route${org} per ${live.routeWindowSeconds} s window, 429 without Retry-After;`,
    `time scaled ${live.timeScale}x (window ${((live.routeWindowSeconds * 1000) / live.timeScale).toFixed(0)} ms, latency ${(settings.latencyMs / live.timeScale).toFixed(2)} ms); times are in windows and ratios`,
    '',
    'plan (CLI client defaults, its clock scaled; load + read + diff + render)',
  ];
  const w = (p: { windowed?: WindowSummary }): WindowSummary | undefined => p.windowed;
  out.push(
    table(
      ['size', 'projects', 'requests', 'minimum', '429s', 'failed', 'bound windows', 'busiest route', 'windows used', 'time/bound', '429/route/window', 'live min', 'peak MB'],
      summary.plans.map((p) => [
        p.size,
        String(p.projects),
        String(p.requests),
        String(p.minimumRequests),
        String(p.rateLimited),
        p.error === undefined ? String(w(p)?.failedRequests ?? 0) : 'stopped',
        String(w(p)?.boundWindows ?? '-'),
        (w(p)?.boundRoute ?? '-').replace(/^GET \/v1/, ''),
        String(w(p)?.windowsUsed ?? '-'),
        w(p)?.timeRatio.toFixed(2) ?? '-',
        w(p)?.limitedPerWindowAfterFirst.toFixed(2) ?? '-',
        `${String(w(p)?.liveMinutes ?? '-')} (bound ${String(w(p)?.liveBoundMinutes ?? '-')})`,
        p.peakRssMb.toFixed(1),
      ]),
    ),
  );
  out.push(
    `bound = max over routes of ceil(minimum requests / ${live.routeLimit}) windows${live.orgLimit > 0 ? `, or ceil(all / ${live.orgLimit}) if more` : ''}; 429/route/window counts windows after each route's first; live min = windows x ${live.routeWindowSeconds} s`,
  );
  for (const p of summary.plans) if (p.error !== undefined) out.push(`plan at ${p.size} FAILED: ${p.error}`);
  for (const p of summary.plans) {
    const routes = (w(p)?.routes ?? []).filter((r) => r.limited > 0).slice(0, 5);
    if (routes.length > 0) {
      out.push(`  ${p.size}, most 429s: ${routes.map((r) => `${r.route.replace(/^GET \/v1/, '')} ${r.limited} in ${r.windows} windows`).join('; ')}`);
    }
  }
  const a = summary.apply;
  if (a !== undefined) {
    out.push('', `apply at ${a.size} under the live profile (its own requests; the plan before it is not timed)`);
    out.push(
      table(
        ['changes', 'failed', 'skipped', 'requests', '429s', 'bound windows', 'busiest route', 'windows used', 'time/bound', 'wave bound', 'time/wave bound', '429/route/window', 'peak MB'],
        [[
          String(a.changes),
          String(a.failed),
          String(a.skipped),
          String(a.requests),
          String(a.rateLimited),
          String(a.windowed?.boundWindows ?? '-'),
          (a.windowed?.boundRoute ?? '-').replace(/^(POST|DELETE|GET) \/v1/, '$1 '),
          String(a.windowed?.windowsUsed ?? '-'),
          a.windowed?.timeRatio.toFixed(2) ?? '-',
          String(a.waveBound?.windows ?? '-'),
          a.waveBound?.timeRatio.toFixed(2) ?? '-',
          a.windowed?.limitedPerWindowAfterFirst.toFixed(2) ?? '-',
          a.peakRssMb.toFixed(1),
        ]],
      ),
    );
    if (a.waveBound !== undefined) {
      out.push(
        `waves are barriers (src/apply): wave bound = sum over waves of each wave's per-route bound: ${a.waveBound.byWave
          .map((w) => `wave ${w.wave} ${w.windows} (${w.route.replace(/^(POST|DELETE|GET) \/v1/, '$1 ')})`)
          .join(', ')}`,
      );
    }
  }
  return out;
}

export function renderTable(summary: BenchSummary): string {
  const { settings } = summary;
  if (settings.live !== undefined) {
    const out = renderLive(summary);
    if (summary.daemon !== undefined) {
      const d = summary.daemon;
      out.push('', `daemon idle at ${d.size}: ${d.requestsPerPoll.toFixed(2)} requests per audit poll, ${d.requestsPerCycle.toFixed(2)} per idle cycle (${d.polls} polls, ${d.cycles} cycles)`);
    }
    if (summary.snapshot !== undefined) {
      out.push('', `plan with a snapshot (--state): cold = full read, warm = refreshed from the audit log after out-of-band changes; time unscaled x${settings.live.timeScale}`);
      out.push(
        table(
          ['size', 'plan', 'changes', 'requests (429s)', 'bound', '(key + audit + touched)', 'scopes', 'time s', 'bound s', 'unscaled'],
          summary.snapshot.flatMap((m) => [
            [m.size, 'cold', '-', String(m.cold.requests), String(m.cold.boundRequests), '-', '-', seconds(m.cold.ms), seconds(m.cold.boundMs), `${m.cold.unscaledMinutes.toFixed(1)} min`],
            ...m.warm.map((w) => [
              m.size,
              `warm (${w.mix})`,
              String(w.outOfBand),
              `${w.requests} (${w.rateLimited})`,
              String(w.boundRequests),
              `1 + ${w.auditQueries} + ${w.touchedPages}`,
              String(w.reread),
              seconds(w.ms),
              seconds(w.boundMs),
              `${w.unscaledSeconds.toFixed(1)} s`,
            ]),
          ]),
        ),
      );
      for (const m of summary.snapshot) for (const w of m.warm) out.push(`  ${m.size} warm (${w.mix}): ${w.refresh}`);
    }
    out.push('', 'targets');
    out.push(table(['target', 'wanted', 'actual', 'met'], summary.targets.map((t) => [t.name, t.target, t.actual, String(t.met)])));
    for (const error of summary.errors) out.push(`FAILED: ${error}`);
    return `${out.join('\n')}\n`;
  }
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
