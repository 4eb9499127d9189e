// `npm run bench [-- --quick] [-- --latency-ms 25 --rps 100]`: the cost of plan, apply and
// idle watching on generated orgs, against the lower bound (docs/bench.md).
// Stdout: a table for people, then the JSON summary as the last line.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { driftOrg, fewPercent, generateOrg, SIZES, type OrgSize, type SizeName } from './generate.js';
import { toManifests, writeManifests } from './to-manifests.js';
import { toSeed } from './to-seed.js';
import { measureApply, measureDaemon, measurePlan, type ApplyMeasurement, type BenchSettings, type DaemonMeasurement, type PlanMeasurement } from './measure.js';
import { renderTable, summarize, type BenchSummary } from './report.js';

const USAGE = `usage: node dist/bench/index.js [--quick] [--sizes small,medium,large] [--latency-ms 25] [--rps 100]
       [--no-baseline] [--no-apply] [--no-daemon] [--polls 40] [--scale 120] [--client-rps R] [--node-options=FLAGS] (what-ifs)
       [--write-org DIR] (only write each size's seed.json, policies/ and policies-drifted/)`;

async function writeOrg(size: OrgSize, dir: string): Promise<string> {
  const org = generateOrg(size);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'seed.json'), `${JSON.stringify(toSeed(org), null, 2)}\n`);
  await writeManifests(path.join(dir, 'policies'), toManifests(org));
  await writeManifests(path.join(dir, 'policies-drifted'), toManifests(driftOrg(org, fewPercent(size))));
  return `wrote ${dir}: seed.json, policies/ (equal to the seed), policies-drifted/ (a few percent of changes)`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      'latency-ms': { type: 'string', default: '25' },
      rps: { type: 'string', default: '100' },
      'no-baseline': { type: 'boolean', default: false },
      'no-apply': { type: 'boolean', default: false },
      'no-daemon': { type: 'boolean', default: false },
      polls: { type: 'string', default: '40' },
      scale: { type: 'string', default: '120' },
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
  for (const name of names as SizeName[]) {
    const what = `plan at ${name}${values['no-baseline'] ? '' : ' (and the naive baseline)'}`;
    const measured = await attempt(what, () => measurePlan(SIZES[name], settings, { baseline: !values['no-baseline'] }));
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
          scale: Number(values.scale),
          resyncRequests: medium?.plan.serverRequests ?? 0,
        }),
      );
  const summary: BenchSummary = summarize({ settings, plans, errors, ...(apply ? { apply } : {}), ...(daemon ? { daemon } : {}) });
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
