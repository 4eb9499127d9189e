// `npm run bench [-- --quick] [-- --latency-ms 25 --rps 100] [-- --profile live --time-scale 60]`:
// the cost of plan, apply and idle watching on generated orgs, against the lower bound (docs/bench.md).
// Stdout: a table for people, then the JSON summary as the last line.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { driftOrg, fewPercent, generateOrg, SIZES, type OrgSize, type SizeName } from './generate.js';
import { toManifests, writeManifests } from './to-manifests.js';
import { toSeed } from './to-seed.js';
import { LIVE_THROTTLE } from '../emulator/index.js';
import {
  measureApply,
  measureDaemon,
  measurePlan,
  measureSnapshot,
  type ApplyMeasurement,
  type BenchSettings,
  type DaemonMeasurement,
  type LiveProfile,
  type PlanMeasurement,
  type SnapshotMeasurement,
} from './measure.js';
import { renderTable, summarize, type BenchSummary } from './report.js';

const USAGE = `usage: node dist/bench/index.js [--quick] [--sizes small,medium,large] [--latency-ms 25] [--rps 100]
       [--profile live [--route-limit 8] [--route-window 60] [--org-limit N] [--time-scale 60]]
       [--no-plan] [--no-baseline] [--no-apply] [--no-daemon] [--no-snapshot] [--polls 40] [--scale 120] [--client-rps R] [--node-options=FLAGS] (what-ifs)
       [--write-org DIR] (only write each size's seed.json, policies/ and policies-drifted/)`;

async function writeOrg(size: OrgSize, dir: string): Promise<string> {
  const org = generateOrg(size);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'seed.json'), `${JSON.stringify(toSeed(org), null, 2)}\n`);
  await writeManifests(path.join(dir, 'policies'), toManifests(org));
  await writeManifests(path.join(dir, 'policies-drifted'), toManifests(driftOrg(org, fewPercent(size))));
  return `wrote ${dir}: seed.json, policies/ (equal to the seed), policies-drifted/ (a few percent of changes)`;
}

/** Live: 8 requests per route per 60 s (as measured), run 60 times faster unless told. */
function liveProfile(values: Record<string, string | boolean | undefined>): LiveProfile {
  const number = (name: string, fallback: string): number => Number(values[name] ?? fallback);
  const live: LiveProfile = {
    routeLimit: number('route-limit', String(LIVE_THROTTLE.routeLimit)),
    routeWindowSeconds: number('route-window', String(LIVE_THROTTLE.routeWindowSeconds)),
    orgLimit: number('org-limit', '0'),
    timeScale: number('time-scale', '60'),
  };
  if (!Number.isInteger(live.routeLimit) || live.routeLimit < 0 || !Number.isInteger(live.orgLimit) || live.orgLimit < 0) {
    throw new Error(`--route-limit and --org-limit are whole numbers of requests\n${USAGE}`);
  }
  if (live.routeLimit === 0 && live.orgLimit === 0) throw new Error(`the live profile needs --route-limit or --org-limit above 0\n${USAGE}`);
  if (!(live.routeWindowSeconds > 0) || !(live.timeScale > 0)) throw new Error(`--route-window and --time-scale must be above 0\n${USAGE}`);
  return live;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      'latency-ms': { type: 'string', default: '25' },
      rps: { type: 'string', default: '100' },
      profile: { type: 'string', default: 'bucket' },
      'route-limit': { type: 'string', default: String(LIVE_THROTTLE.routeLimit) },
      'route-window': { type: 'string', default: String(LIVE_THROTTLE.routeWindowSeconds) },
      'org-limit': { type: 'string', default: '0' },
      'time-scale': { type: 'string' },
      'no-baseline': { type: 'boolean', default: false },
      'no-apply': { type: 'boolean', default: false },
      'no-daemon': { type: 'boolean', default: false },
      'no-snapshot': { type: 'boolean', default: false },
      'no-plan': { type: 'boolean', default: false },
      polls: { type: 'string', default: '40' },
      scale: { type: 'string' },
      'client-rps': { type: 'string' },
      'node-options': { type: 'string' },
      'write-org': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const settings: BenchSettings = {
    latencyMs: Number(values['latency-ms']),
    rps: Number(values.rps),
    ...(values['client-rps'] === undefined ? {} : { clientRps: Number(values['client-rps']) }),
    ...(values['node-options'] === undefined ? {} : { nodeOptions: values['node-options'] }),
  };
  if (!(settings.latencyMs >= 0) || !(settings.rps > 0)) throw new Error(`--latency-ms must be >= 0 and --rps > 0\n${USAGE}`);
  if (values.profile === 'live') {
    settings.live = liveProfile(values);
  } else if (values.profile !== 'bucket') {
    throw new Error(`--profile is bucket (the default: ${settings.rps} rps, 429 with Retry-After) or live\n${USAGE}`);
  } else if (values['time-scale'] !== undefined) {
    throw new Error(`--time-scale applies to --profile live\n${USAGE}`);
  }
  // Under the live profile the daemon's intervals shrink with the windows.
  const daemonScale = Number(values.scale ?? (settings.live === undefined ? 120 : settings.live.timeScale));
  const names = (values.sizes ?? (values.quick ? 'small,medium' : 'small,medium,large')).split(',').map((s) => s.trim());
  for (const name of names) if (!(name in SIZES)) throw new Error(`unknown size ${name}\n${USAGE}`);

  if (values['write-org'] !== undefined) {
    // Only write the generated orgs (seed.json for `orgplane emulator --seed`, manifests, drifted manifests).
    for (const name of names as SizeName[]) {
      const written = await writeOrg(SIZES[name], path.join(values['write-org'], name));
      process.stdout.write(`${written}\n`);
    }
    return;
  }
  const progress = (text: string): void => {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
  };
  // A failed phase is reported and the others still run.
  const errors: string[] = [];
  const attempt = async <T>(what: string, work: () => Promise<T>): Promise<T | undefined> => {
    progress(what);
    try {
      return await work();
    } catch (error) {
      errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      progress(`${what} failed`);
      return undefined;
    }
  };
  const plans: PlanMeasurement[] = [];
  for (const name of values['no-plan'] ? [] : (names as SizeName[])) {
    const baseline = !values['no-baseline'] && settings.live === undefined;
    const what = `plan at ${name}${baseline ? ' (and the naive baseline)' : ''}`;
    const measured = await attempt(what, () => measurePlan(SIZES[name], settings, { baseline }));
    if (measured !== undefined) plans.push(measured);
  }
  const apply: ApplyMeasurement | undefined = values['no-apply']
    ? undefined
    : await attempt('apply of ~1,000 changes at medium', () => measureApply(SIZES.medium, settings));
  const medium = plans.find((p) => p.size === 'medium');
  const daemon: DaemonMeasurement | undefined = values['no-daemon']
    ? undefined
    : await attempt('daemon idle at medium', () =>
        measureDaemon(SIZES.medium, settings, {
          polls: Number(values.polls),
          scale: daemonScale,
          resyncRequests: medium?.plan.serverRequests ?? 0,
        }),
      );
  // Cold vs warm plan with a snapshot: under the live profile, at medium and large (docs/snapshot.md).
  const snapshot: SnapshotMeasurement[] = [];
  if (settings.live !== undefined && !values['no-snapshot']) {
    for (const name of (names as SizeName[]).filter((n) => n !== 'small')) {
      const measured = await attempt(`cold vs warm plan with a snapshot at ${name}`, () => measureSnapshot(SIZES[name], settings));
      if (measured !== undefined) snapshot.push(measured);
    }
  }
  const summary: BenchSummary = summarize({ settings, plans, errors, snapshot, ...(apply ? { apply } : {}), ...(daemon ? { daemon } : {}) });
  process.stdout.write(renderTable(summary));
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (errors.length > 0) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
