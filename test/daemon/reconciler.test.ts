// The reconciler in-process against the emulator, driven by hand (no timers fire: the
// intervals are an hour): idle cost, invalid revisions, drift in report mode.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdminClient } from '../../src/api/index.js';
import { createDaemonMetrics, Reconciler, type CycleReport } from '../../src/daemon/index.js';
import type { DriftAlert, Notice } from '../../src/drift/index.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createFolderSource } from '../../src/source/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const HOUR = 3_600_000;

describe('Reconciler', () => {
  let emu: TestEmulator;
  let reconciler: Reconciler;
  let policies: string;
  let cycles: CycleReport[];
  let alerts: DriftAlert[];
  let notices: Notice[];

  beforeEach(async () => {
    emu = await startTestEmulator();
    const work = mkdtempSync(path.join(tmpdir(), 'orgplane-reconciler-'));
    policies = path.join(work, 'policies');
    cpSync(path.resolve('policies'), policies, { recursive: true });
    cycles = [];
    alerts = [];
    notices = [];
    const api = createAdminClient({ baseUrl: emu.baseUrl, adminKey: emu.adminKey });
    const keys = await emu.listAll<{ id: string }>('/organization/admin_api_keys');
    reconciler = new Reconciler({
      source: createFolderSource(policies),
      api,
      stateDir: path.join(work, 'state'),
      mode: 'report',
      intervalMs: HOUR,
      auditIntervalMs: HOUR,
      resyncMs: HOUR,
      ownActorIds: new Set(keys.map((k) => k.id)),
      sinks: [{ name: 'test', send: () => Promise.resolve(), notice: (n) => Promise.resolve(void notices.push(n)) }],
      logger: silentLogger(),
      metrics: createDaemonMetrics({ defaultMetrics: false }),
      onCycle: (r) => cycles.push(r),
      onAlert: (a) => alerts.push(a),
    });
    await reconciler.start();
    await reconciler.firstCycle;
  });

  afterEach(async () => {
    await reconciler.stop();
    await emu.stop();
  });

  it('reports the plan, then an unchanged revision costs no request', async () => {
    expect(cycles[0]).toMatchObject({ trigger: 'startup', result: 'reported' });
    expect(cycles[0]!.plan!.changes.length).toBeGreaterThan(0);
    await reconciler.runCycle('interval');
    expect(cycles[1]).toMatchObject({ result: 'unchanged', requests: 0 });
    expect(reconciler.readiness().ready).toBe(true);
  });

  it('an audit poll with nothing new costs one request per scope (org, and tenant for the declared group members)', async () => {
    await emu.resetRequests();
    await reconciler.pollAudit();
    expect(await emu.requests()).toEqual({ total: 2, byRoute: { 'GET /v1/organization/audit_logs': 2 } });
  });

  it('never plans from manifests that do not validate, and says so on /readyz', async () => {
    const orgFile = path.join(policies, 'org.yaml');
    writeFileSync(orgFile, readFileSync(orgFile, 'utf8').replace('role: reader', 'role: superuser'));
    await emu.resetRequests();
    await reconciler.runCycle('interval');
    // The last good revision stays enforced; unchanged, it costs nothing.
    expect(cycles.at(-1)).toMatchObject({ result: 'unchanged', revision: cycles[0]!.revision, requests: 0 });
    // A resync re-reads and plans from the last good revision only: nothing is written.
    await reconciler.runCycle('resync');
    expect(cycles.at(-1)).toMatchObject({ result: 'reported', revision: cycles[0]!.revision });
    const counts = await emu.requests();
    expect(Object.keys(counts.byRoute).filter((r) => !r.startsWith('GET '))).toEqual([]);
    // Reported once, not once per cycle.
    expect(notices).toMatchObject([{ kind: 'invalid-revision', details: [expect.stringMatching(/^org\.yaml:\d+:\d+ error: /)] }]);
    expect(reconciler.readiness()).toMatchObject({ ready: false, checks: { revision: { ok: false } } });
  });

  it('in report mode, alerts once on an out-of-band change and plans it on the next cycle', async () => {
    const alan = (await emu.listAll<{ id: string; email: string }>('/organization/users')).find((u) => u.email === 'alan@acme.test')!;
    await emu.actAs('grace@acme.test', 'POST', `/organization/users/${alan.id}`, { role: 'owner' });
    await reconciler.pollAudit();
    await reconciler.pollAudit();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ eventType: 'user.updated', response: 'report', targets: [{ address: 'org.member["alan@acme.test"]' }] });
    await reconciler.runCycle('interval');
    const last = cycles.at(-1)!;
    expect(last.result).toBe('reported');
    expect(last.plan!.changes.map((c) => c.address)).toContain('org.member["alan@acme.test"]');
    expect((await emu.api<{ role: string }>('GET', `/organization/users/${alan.id}`)).body.role).toBe('owner');
  });
});

describe('Reconciler in apply mode, refused by a guard', () => {
  it('reports the refusal once and does not re-read every interval for it', async () => {
    const emu = await startTestEmulator();
    const work = mkdtempSync(path.join(tmpdir(), 'orgplane-reconciler-'));
    const policies = path.join(work, 'policies');
    cpSync(path.resolve('policies'), policies, { recursive: true });
    const policyFile = path.join(policies, 'policy.yaml');
    writeFileSync(policyFile, readFileSync(policyFile, 'utf8').replace('maxDeletes: 10', 'maxDeletes: 0'));
    const notices: Notice[] = [];
    const cycles: CycleReport[] = [];
    const reconciler = new Reconciler({
      source: createFolderSource(policies),
      api: createAdminClient({ baseUrl: emu.baseUrl, adminKey: emu.adminKey }),
      stateDir: path.join(work, 'state'),
      mode: 'apply',
      intervalMs: HOUR,
      auditIntervalMs: HOUR,
      resyncMs: HOUR,
      ownActorIds: new Set(),
      sinks: [{ name: 'test', send: () => Promise.resolve(), notice: (n) => Promise.resolve(void notices.push(n)) }],
      logger: silentLogger(),
      metrics: createDaemonMetrics({ defaultMetrics: false }),
      secrets: { write: () => Promise.resolve({ location: 'nowhere' }) },
      onCycle: (r) => cycles.push(r),
    });
    try {
      await reconciler.start();
      await reconciler.firstCycle;
      expect(cycles[0]!.apply!.refusals.length).toBeGreaterThan(0);
      expect(cycles[0]!.apply!.applied).toEqual([]);
      expect(notices).toMatchObject([{ kind: 'apply-refused', details: [expect.stringMatching(/^maxDeletes: /)] }]);
      await reconciler.runCycle('interval');
      expect(cycles[1]).toMatchObject({ result: 'unchanged', requests: 0 });
    } finally {
      await reconciler.stop();
      await emu.stop();
    }
  });
});
