// The daemon as a real process against the emulator: converge, stay quiet about its own
// changes, alert once on an out-of-band change (webhook too), self-heal, survive a restart,
// serve /readyz and /metrics, and cost one request per scope per idle audit poll.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { copyPolicies, isMsg, startDaemonProcess, startReceiver, tempDir, type DaemonProcess, type Receiver } from './daemon-harness.js';

const AUDIT_MS = 300;

interface User {
  id: string;
  email: string;
  role: string;
}

async function metricValue(url: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name} `)));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('orgplane daemon (apply mode, self-heal, webhook)', () => {
  let emu: TestEmulator;
  let receiver: Receiver;
  let daemon: DaemonProcess;
  let alan: User;
  const stateDir = tempDir('state');
  const policies = copyPolicies(path.join(tempDir('cfg'), 'policies'));
  const policyFile = path.join(policies, 'policy.yaml');
  writeFileSync(policyFile, readFileSync(policyFile, 'utf8').replace('selfHeal: false', 'selfHeal: true'));
  let health = '';
  const args = [
    '--source', policies,
    '--mode', 'apply',
    '--interval', '1s',
    '--audit-interval', `${AUDIT_MS}ms`,
    '--resync', '1h',
    '--state-dir', stateDir,
    '--listen', '127.0.0.1:0',
  ];

  beforeAll(async () => {
    emu = await startTestEmulator();
    receiver = await startReceiver();
    daemon = startDaemonProcess([...args, '--alert-webhook', receiver.url], emu.env());
    health = (await daemon.waitForLog(isMsg('health server listening'))).url as string;
    await daemon.waitForLog((l) => l.msg === 'cycle finished' && l.result === 'applied', 30_000);
    const users = await emu.listAll<User>('/organization/users');
    alan = users.find((u) => u.email === 'alan@acme.test')!;
  }, 90_000);

  afterAll(async () => {
    await daemon?.stop('SIGKILL');
    await receiver?.close();
    await emu?.stop();
  });

  it('identifies its own key and raises no alert for its own changes', async () => {
    expect(daemon.logs().some(isMsg('own admin key identified'))).toBe(true);
    // Several audit polls go by over the events of the first apply.
    const polls = await metricValue(health, 'orgplane_audit_polls_total', '{result="ok"}');
    await daemon.waitForLog(() => false, 4 * AUDIT_MS).catch(() => undefined);
    expect(await metricValue(health, 'orgplane_audit_polls_total', '{result="ok"}')).toBeGreaterThan(polls);
    expect(daemon.logs().filter(isMsg('drift detected'))).toEqual([]);
    expect(receiver.bodies).toEqual([]);
  });

  it('never logs a credential', () => {
    const text = JSON.stringify(daemon.logs());
    expect(text).not.toContain(emu.adminKey);
    // Service-account keys created by the apply go to <state-dir>/secrets, never to the log.
    expect(text).not.toMatch(/sk-svcacct-/);
  });

  it('answers /healthz, /readyz and /metrics', async () => {
    expect((await fetch(`${health}/healthz`)).status).toBe(200);
    const ready = await fetch(`${health}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, checks: { revision: { ok: true }, audit: { ok: true } } });
    const metrics = await (await fetch(`${health}/metrics`)).text();
    for (const name of [
      'orgplane_reconcile_cycles_total{result="applied"}',
      'orgplane_reconcile_cycle_duration_seconds_bucket',
      'orgplane_changes_applied_total{action="create"}',
      'orgplane_api_requests_total{route="GET /v1/organization/users",status="200"}',
      'orgplane_api_retries_total',
      'orgplane_last_successful_reconcile_timestamp_seconds',
      'orgplane_last_audit_poll_timestamp_seconds',
      'orgplane_audit_failed_polls_in_a_row 0',
    ]) {
      expect(metrics).toContain(name);
    }
  });

  it('costs one API request per scope per idle audit poll and none per idle cycle', async () => {
    await emu.resetRequests();
    const polls0 = await metricValue(health, 'orgplane_audit_polls_total', '{result="ok"}');
    const idle0 = await metricValue(health, 'orgplane_reconcile_cycles_total', '{result="unchanged"}');
    await daemon.waitForLog(() => false, 3000).catch(() => undefined);
    const polls = (await metricValue(health, 'orgplane_audit_polls_total', '{result="ok"}')) - polls0;
    const idle = (await metricValue(health, 'orgplane_reconcile_cycles_total', '{result="unchanged"}')) - idle0;
    const requests = await emu.requests();
    expect(idle).toBeGreaterThan(0);
    expect(polls).toBeGreaterThan(2);
    // Two lists per poll: the org's event types, and the tenant-scoped group membership ones
    // (tenant_only=true) the demo's group members need. A poll in flight at either end may be
    // counted on one side only.
    expect(Math.abs(requests.total - 2 * polls)).toBeLessThanOrEqual(2);
    expect(Object.keys(requests.byRoute)).toEqual(['GET /v1/organization/audit_logs']);
    const fullRead = daemon.logs().find((l) => l.msg === 'cycle finished' && l.trigger === 'startup')?.readRequests as number;
    console.log(
      `idle cost: ${requests.total} requests over ${polls} audit polls and ${idle} idle cycles; ` +
        `at the defaults (audit 30s, interval 5m, resync 1h) that is 240 + 0 + one full read (${fullRead} requests for the demo org) ≈ ${240 + fullRead} requests per idle hour`,
    );
  });

  it('alerts once on an out-of-band change, to the log and the webhook, and reverts it', async () => {
    const from = daemon.logs().length;
    const res = await emu.actAs('grace@acme.test', 'POST', `/organization/users/${alan.id}`, { role: 'owner' }, '198.51.100.7');
    expect(res.status).toBe(200);
    const alert = await daemon.waitForLog(isMsg('drift detected'), 10_000, from);
    expect(alert).toMatchObject({
      type: 'user.updated',
      actor: { kind: 'user', email: 'grace@acme.test', ipAddress: '198.51.100.7' },
      targets: [{ address: 'org.member["alan@acme.test"]', managed: true, source: { file: 'org.yaml', line: 16 } }],
      after: { role: 'owner' },
      response: 'revert',
      planned: ['~ update org.member["alan@acme.test"] (role: owner → reader)'],
    });
    await daemon.waitForLog(isMsg('drift resolved'), 10_000, from);
    expect((await emu.api<User>('GET', `/organization/users/${alan.id}`)).body.role).toBe('reader');
    expect(receiver.bodies).toHaveLength(1);
    expect(receiver.bodies[0]).toMatchObject({
      text: expect.stringContaining('user.updated by grace@acme.test from 198.51.100.7'),
      alert: { eventType: 'user.updated', targets: [{ address: 'org.member["alan@acme.test"]' }] },
    });
    // The revert is orgplane's own change: no second alert.
    await daemon.waitForLog(() => false, 4 * AUDIT_MS).catch(() => undefined);
    expect(daemon.logs().filter(isMsg('drift detected'))).toHaveLength(1);
  }, 60_000);

  it('exits 0 on SIGTERM and, restarted on the same state, does not alert again', async () => {
    const stopped = await daemon.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(daemon.logs().some(isMsg('daemon stopped'))).toBe(true);
    daemon = startDaemonProcess([...args, '--alert-webhook', receiver.url], emu.env());
    health = (await daemon.waitForLog(isMsg('health server listening'))).url as string;
    await daemon.waitForLog((l) => l.msg === 'cycle finished' && l.trigger === 'startup', 30_000);
    const polls0 = await metricValue(health, 'orgplane_audit_polls_total', '{result="ok"}');
    await daemon.waitForLog(() => false, 6 * AUDIT_MS).catch(() => undefined);
    expect(await metricValue(health, 'orgplane_audit_polls_total', '{result="ok"}')).toBeGreaterThan(polls0 + 1);
    expect(daemon.logs().filter(isMsg('drift detected'))).toEqual([]);
    expect(receiver.bodies).toHaveLength(1);
  }, 60_000);
});
