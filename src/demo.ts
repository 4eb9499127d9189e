// `npm run demo`: orgplane's daemon against an in-process Admin API emulator.
// 1. reconcile policies/ in apply mode until converged (plan, then apply summary);
// 2. a person changes something in the dashboard behind orgplane's back;
// 3. the audit poll alerts within one audit interval and, with drift.selfHeal, reverts it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatApplyResult } from './apply/index.js';
import { startDaemon, type CycleReport, type HealReport, type RunningDaemon } from './daemon/index.js';
import { alertText, type DriftAlert } from './drift/index.js';
import { startEmulator } from './emulator/index.js';
import { silentLogger } from './logging/logger.js';
import { renderText } from './render/index.js';

const AUDIT_INTERVAL_MS = 1000;
const step = (text: string): void => console.log(`  • ${text}`);
const heading = (n: number, text: string): void => console.log(`\n=== ${n}. ${text} ===`);
const indent = (text: string): string => text.trimEnd().split('\n').map((l) => `    ${l}`).join('\n');

function waitFor<T>(what: string, timeoutMs: number, register: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  const work = mkdtempSync(path.join(tmpdir(), 'orgplane-demo-'));
  const policies = path.join(work, 'policies');
  cpSync(path.resolve('policies'), policies, { recursive: true });
  const policyFile = path.join(policies, 'policy.yaml');
  writeFileSync(policyFile, readFileSync(policyFile, 'utf8').replace('selfHeal: false', 'selfHeal: true'));

  heading(1, 'An OpenAI organization (emulated) and its manifests');
  const emulator = await startEmulator();
  step(`Admin API emulator listening on ${emulator.baseUrl}`);
  step(`manifests: a copy of policies/ with drift.selfHeal turned on (${policies})`);

  let onCycle: (r: CycleReport) => void = () => undefined;
  let onAlert: (a: DriftAlert) => void = () => undefined;
  let onHeal: (h: HealReport) => void = () => undefined;
  let daemon: RunningDaemon | undefined;
  try {
    heading(2, 'orgplane daemon, apply mode: first reconcile');
    const firstCycle = waitFor<CycleReport>('the first cycle', 30_000, (resolve) => {
      onCycle = resolve;
    });
    daemon = await startDaemon({
      client: { baseUrl: emulator.baseUrl, adminKey: emulator.adminKey },
      source: policies,
      ref: 'main',
      stateDir: path.join(work, 'state'),
      mode: 'apply',
      intervalMs: 60_000,
      auditIntervalMs: AUDIT_INTERVAL_MS,
      resyncMs: 3_600_000,
      auditOverlapSeconds: 60,
      logger: silentLogger(),
      onCycle: (r) => onCycle(r),
      onAlert: (a) => onAlert(a),
      onHeal: (h) => onHeal(h),
    });
    const first = await firstCycle;
    if (first.result === 'failed' || first.result === 'invalid') throw new Error(`first cycle ${first.result}: ${first.error ?? ''}`);
    step(`revision ${first.revision?.slice(0, 12) ?? '?'} loaded; live state read in ${first.requests} API requests`);
    if (first.plan) {
      console.log('  plan:');
      console.log(indent(renderText(first.plan, { color: false })));
    }
    if (first.apply) {
      console.log('  apply:');
      console.log(indent(formatApplyResult(first.apply)));
    }

    heading(3, 'Converged?');
    const second = await waitFor<CycleReport>('the check cycle', 30_000, (resolve) => {
      onCycle = resolve;
      void daemon?.reconciler.runCycle('resync');
    });
    step(
      second.plan?.changes.length === 0
        ? `yes: a fresh plan shows no change (a full read costs ${second.requests} API requests)`
        : `not yet: ${second.plan?.changes.length ?? '?'} change(s) left`,
    );
    step('from now on an idle cycle costs no API request; each audit poll costs one');

    heading(4, 'Someone changes the organization in the dashboard');
    const users = (await (
      await fetch(`${emulator.baseUrl}/organization/users?emails[]=alan@acme.test`, { headers: { authorization: `Bearer ${emulator.adminKey}` } })
    ).json()) as { data: { id: string; role: string }[] };
    const alan = users.data[0];
    if (!alan) throw new Error('alan@acme.test is not in the organization');
    const alerted = waitFor<DriftAlert>('the drift alert', 10 * AUDIT_INTERVAL_MS, (resolve) => {
      onAlert = resolve;
    });
    const healed = waitFor<HealReport>('the revert', 20 * AUDIT_INTERVAL_MS, (resolve) => {
      onHeal = resolve;
    });
    const changedAt = Date.now();
    const res = await fetch(`${emulator.url}/_emulator/as-user/${encodeURIComponent('grace@acme.test')}/v1/organization/users/${alan.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.adminKey}`, 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
      body: JSON.stringify({ role: 'owner' }),
    });
    if (!res.ok) throw new Error(`dashboard change failed: ${res.status}`);
    step('grace@acme.test (from 198.51.100.7) makes alan@acme.test an owner; org.yaml says reader');

    heading(5, `Drift alert (audit log polled every ${AUDIT_INTERVAL_MS / 1000}s)`);
    const alert = await alerted;
    step(`alert raised ${((Date.now() - changedAt) / 1000).toFixed(1)}s after the change:`);
    console.log(indent(alertText(alert)));

    heading(6, 'Self-heal (drift.selfHeal: true, apply mode)');
    const heal = await healed;
    console.log(indent(formatApplyResult(heal.apply)));
    const after = (await (
      await fetch(`${emulator.baseUrl}/organization/users/${alan.id}`, { headers: { authorization: `Bearer ${emulator.adminKey}` } })
    ).json()) as { role: string };
    step(`alan@acme.test is ${after.role} again, as org.yaml says`);

    heading(7, 'A spend limit and a model allow-list, enforced');
    const governed = await enforceGovernance(emulator, daemon, {
      awaitAlert: (timeoutMs) => waitFor<DriftAlert>('the spend-limit alert', timeoutMs, (resolve) => (onAlert = resolve)),
      awaitHeal: (timeoutMs) => waitFor<HealReport>('the spend-limit revert', timeoutMs, (resolve) => (onHeal = resolve)),
      awaitCycle: () => waitFor<CycleReport>('the resync', 30_000, (resolve) => (onCycle = resolve)),
    });

    heading(8, 'Done');
    const requests = emulator.control.requests();
    step(`${requests.total} Admin API requests in all; finished in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return after.role === 'reader' && governed ? 0 : 1;
  } finally {
    await daemon?.stop();
    await emulator.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

interface Waits {
  awaitAlert(timeoutMs: number): Promise<DriftAlert>;
  awaitHeal(timeoutMs: number): Promise<HealReport>;
  awaitCycle(): Promise<CycleReport>;
}

/**
 * The dashboard raises the Search project's spend limit and allows another model. The spend
 * limit has a (tenant-scoped) audit event: drift alerts and self-heal lowers it again. Model
 * permissions have none: the next full read (the daemon's resync) finds and narrows them.
 */
async function enforceGovernance(emulator: Awaited<ReturnType<typeof startEmulator>>, daemon: RunningDaemon, waits: Waits): Promise<boolean> {
  const api = async <T>(method: string, route: string, body?: unknown, asUser?: string): Promise<T> => {
    const base = asUser === undefined ? emulator.baseUrl : `${emulator.url}/_emulator/as-user/${encodeURIComponent(asUser)}/v1`;
    const res = await fetch(`${base}${route}`, {
      method,
      headers: { authorization: `Bearer ${emulator.adminKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${route} failed: ${res.status}`);
    return (await res.json()) as T;
  };
  const projects = await api<{ data: { id: string; name: string }[] }>('GET', '/organization/projects?limit=100');
  const search = projects.data.find((p) => p.name === 'Search');
  if (!search) throw new Error('the Search project was not created');
  const limitOf = async () => (await api<{ threshold_amount: number }>('GET', `/organization/projects/${search.id}/spend_limit`)).threshold_amount;
  const modelsOf = async () => (await api<{ mode: string; model_ids: string[] }>('GET', `/organization/projects/${search.id}/model_permissions`)).model_ids;
  const dollars = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} USD/month`;
  step(`Search: spend limit ${dollars(await limitOf())}, models allowed: ${(await modelsOf()).join(', ')} (projects/search.yaml)`);

  const alerted = waits.awaitAlert(10 * AUDIT_INTERVAL_MS);
  const healed = waits.awaitHeal(20 * AUDIT_INTERVAL_MS);
  await api('POST', `/organization/projects/${search.id}/spend_limit`, { threshold_amount: 5_000_000, currency: 'USD', interval: 'month' }, 'grace@acme.test');
  await api('POST', `/organization/projects/${search.id}/model_permissions`, { mode: 'allow_list', model_ids: [...(await modelsOf()), 'gpt-4.1'] }, 'grace@acme.test');
  step('grace@acme.test raises Search\'s spend limit to $50,000.00 USD/month and allows gpt-4.1 in the dashboard');

  const alert = await alerted;
  step(`drift alert (${alert.eventType}): ${alert.targets.map((t) => t.address).join(', ')}`);
  const heal = await healed;
  console.log(indent(formatApplyResult(heal.apply)));
  step(`spend limit back to ${dollars(await limitOf())}; model permissions have no audit event, so drift cannot see them`);

  const resync = waits.awaitCycle();
  void daemon.reconciler.runCycle('resync');
  const cycle = await resync;
  if (cycle.plan) console.log(indent(renderText(cycle.plan, { color: false })));
  if (cycle.apply) console.log(indent(formatApplyResult(cycle.apply)));
  const models = await modelsOf();
  step(`the resync read them and applied the manifest: models allowed: ${models.join(', ')}`);
  return (await limitOf()) === 500_000 && !models.includes('gpt-4.1');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
