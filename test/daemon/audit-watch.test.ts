// Drift never goes blind: the reconciler in-process against the emulator (which follows the
// spec's tenant_only rule), driven by hand. Tenant-scoped types are asked for in a query of
// their own with a cursor of their own; a type the server refuses is dropped with one
// warning; polls that keep failing turn /readyz not ready and send one notice each way.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdminApi } from '../../src/api/admin-api.js';
import { ApiError } from '../../src/api/errors.js';
import { createAdminClient } from '../../src/api/index.js';
import type { AuditLog, AuditLogQuery } from '../../src/api/types.js';
import { AUDIT_FAILURES_BEFORE_BLIND, createDaemonMetrics, Reconciler, type DaemonMetrics } from '../../src/daemon/index.js';
import type { DriftAlert, Notice } from '../../src/drift/index.js';
import { pino } from 'pino';
import { createFolderSource, type ManifestSource } from '../../src/source/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const HOUR = 3_600_000;

interface Harness {
  emu: TestEmulator;
  reconciler: Reconciler;
  alerts: DriftAlert[];
  notices: Notice[];
  warnings: Record<string, unknown>[];
  queries: AuditLogQuery[];
  metrics: DaemonMetrics;
  stateDir: string;
  policies: string;
}

interface Setup {
  emu?: TestEmulator;
  stateDir?: string;
  policies?: string;
  /** Wraps the client's audit-log list (a server that refuses or fails). */
  listAuditLogs?: (query: AuditLogQuery, real: AdminApi['listAuditLogs']) => AsyncIterable<AuditLog>;
  /** Edits the copied policies before the daemon starts. */
  edit?: (policies: string) => void;
  mode?: 'report' | 'apply';
  /** Makes the source's sync fail while it returns true. */
  sourceDown?: () => boolean;
}

const running: Harness[] = [];

/** An audit-log list that answers with this error. */
function failing(error: ApiError): AsyncIterable<AuditLog> {
  return {
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }),
  };
}

async function start(setup: Setup = {}): Promise<Harness> {
  const emu = setup.emu ?? (await startTestEmulator());
  const work = mkdtempSync(path.join(tmpdir(), 'orgplane-audit-watch-'));
  const policies = setup.policies ?? path.join(work, 'policies');
  if (setup.policies === undefined) cpSync(path.resolve('policies'), policies, { recursive: true });
  setup.edit?.(policies);
  const stateDir = setup.stateDir ?? path.join(work, 'state');
  const alerts: DriftAlert[] = [];
  const notices: Notice[] = [];
  const warnings: Record<string, unknown>[] = [];
  const queries: AuditLogQuery[] = [];
  const client = createAdminClient({ baseUrl: emu.baseUrl, adminKey: emu.adminKey });
  const real = client.listAuditLogs.bind(client);
  const api: AdminApi = {
    ...client,
    listAuditLogs: (query = {}) => {
      queries.push(query);
      return setup.listAuditLogs ? setup.listAuditLogs(query, real) : real(query);
    },
  };
  const keys = await emu.listAll<{ id: string }>('/organization/admin_api_keys');
  const metrics = createDaemonMetrics({ defaultMetrics: false });
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line) as Record<string, unknown>) });
  const folder = createFolderSource(policies);
  const source: ManifestSource = {
    ...folder,
    sync: (options) => (setup.sourceDown?.() === true ? Promise.reject(new Error('git fetch failed: host unreachable')) : folder.sync(options)),
  };
  const reconciler = new Reconciler({
    source,
    api,
    stateDir,
    mode: setup.mode ?? 'report',
    intervalMs: HOUR,
    auditIntervalMs: HOUR,
    resyncMs: HOUR,
    auditOverlapSeconds: 0,
    ownActorIds: new Set(keys.map((k) => k.id)),
    sinks: [{ name: 'test', send: () => Promise.resolve(), notice: (n) => Promise.resolve(void notices.push(n)) }],
    logger,
    metrics,
    onAlert: (a) => alerts.push(a),
  });
  await reconciler.start();
  await reconciler.firstCycle;
  const harness = { emu, reconciler, alerts, notices, warnings, queries, metrics, stateDir, policies };
  running.push(harness);
  return harness;
}

async function metric(metrics: DaemonMetrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const found = (await metrics.registry.getSingleMetric(name)?.get())?.values.find((v) =>
    Object.entries(labels).every(([k, value]) => v.labels[k] === value),
  );
  return found?.value ?? 0;
}

afterEach(async () => {
  for (const h of running.splice(0)) {
    await h.reconciler.stop();
    await h.emu.stop().catch(() => undefined);
  }
});

describe('audit polling by scope (spec: tenant_only)', () => {
  it('asks for tenant-scoped types in a query of their own with tenant_only=true', async () => {
    const h = await start();
    h.queries.length = 0;
    await h.emu.resetRequests();
    await h.reconciler.pollAudit();
    // The demo manifests declare group members and a spend limit and alerts: one request per scope, none refused.
    expect(await h.emu.requests()).toEqual({ total: 2, byRoute: { 'GET /v1/organization/audit_logs': 2 } });
    expect(h.queries).toHaveLength(2);
    const [org, tenant] = h.queries;
    expect(org?.tenant_only).toBeUndefined();
    expect(org?.event_types?.some((t) => t.startsWith('tenant.'))).toBe(false);
    expect(tenant).toMatchObject({
      tenant_only: true,
      event_types: ['tenant.group.member.added', 'tenant.group.member.removed', 'tenant.billing.overage_limit.updated', 'tenant.billing.alerts.updated'],
    });
    expect(await metric(h.metrics, 'orgplane_audit_polls_total', { result: 'failed' })).toBe(0);
    expect(h.reconciler.readiness().checks.audit?.ok).toBe(true);
  });

  it('does not ask for tenant events at all when no group declares members and no spend limit or alert is managed', async () => {
    const h = await start({
      edit: (policies) => {
        const search = path.join(policies, 'projects', 'search.yaml');
        writeFileSync(search, readFileSync(search, 'utf8').replace(/\n {2}# Governance:[\s\S]*$/, '\n'));
        for (const name of ['ml-platform', 'security', 'support']) {
          const file = path.join(policies, 'groups', `${name}.yaml`);
          const text = readFileSync(file, 'utf8').replace(/\n {2}members:\n( {4}- .*\n)+/, '\n');
          writeFileSync(file, text.endsWith('spec:\n') ? `${text.slice(0, -1)} {}\n` : text);
        }
      },
    });
    await h.emu.resetRequests();
    await h.reconciler.pollAudit();
    expect(await h.emu.requests()).toEqual({ total: 1, byRoute: { 'GET /v1/organization/audit_logs': 1 } });
  });

  it('alerts on a group membership change made in the dashboard, once, across a restart', async () => {
    const h = await start();
    await h.reconciler.pollAudit();
    const group = [...h.emu.control.store.groups.values()].find((g) => g.name === 'ml-platform')!;
    const ada = h.emu.control.store.userByEmail('ada@acme.test')!;
    expect((await h.emu.actAs('grace@acme.test', 'POST', `/organization/groups/${group.id}/users`, { user_id: ada.id })).status).toBe(200);
    await h.reconciler.pollAudit();
    expect(h.alerts.map((a) => [a.eventType, a.targets.map((t) => t.address)])).toEqual([
      ['tenant.group.member.added', ['org.group[*].member[*]']],
    ]);
    await h.reconciler.stop();
    const state = JSON.parse(readFileSync(path.join(h.stateDir, 'daemon-state.json'), 'utf8')) as { tenantCursor?: { seen: unknown[] } };
    expect(state.tenantCursor?.seen).toHaveLength(1);

    // Restarted on the same state: the tenant event is not handled twice, and a new one is.
    const again = await start({ emu: h.emu, stateDir: h.stateDir, policies: h.policies });
    await again.reconciler.pollAudit();
    expect(again.alerts).toEqual([]);
    expect((await h.emu.actAs('grace@acme.test', 'DELETE', `/organization/groups/${group.id}/users/${ada.id}`)).status).toBe(200);
    await again.reconciler.pollAudit();
    expect(again.alerts.map((a) => a.eventType)).toEqual(['tenant.group.member.removed']);
  });
});

describe('a type the server refuses', () => {
  it('is dropped from the filter with one warning, and polling goes on', async () => {
    const refuse = 'rate_limit.deleted';
    const h = await start({
      listAuditLogs: (query, real) => {
        if (query.event_types?.includes(refuse)) {
          return failing(
            new ApiError(`Invalid value for 'event_types[]': '${refuse}' is not supported.`, {
              kind: 'http',
              method: 'GET',
              route: '/organization/audit_logs',
              status: 400,
              type: 'invalid_request_error',
              param: 'event_types',
            }),
          );
        }
        return real(query);
      },
    });
    for (let i = 0; i < 3; i += 1) await h.reconciler.pollAudit();
    expect(await metric(h.metrics, 'orgplane_audit_polls_total', { result: 'failed' })).toBe(0);
    expect(await metric(h.metrics, 'orgplane_audit_polls_total', { result: 'ok' })).toBeGreaterThanOrEqual(3);
    const refusals = h.warnings.filter((w) => String(w.msg).startsWith('audit event type refused'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ eventType: refuse });
    // Asked once with it (refused), never again.
    expect(h.queries.filter((q) => q.event_types?.includes(refuse))).toHaveLength(1);
    expect(h.reconciler.readiness().ready).toBe(true);

    // Other changes are still seen.
    const alan = h.emu.control.store.userByEmail('alan@acme.test')!;
    await h.emu.actAs('grace@acme.test', 'POST', `/organization/users/${alan.id}`, { role: 'owner' });
    await h.reconciler.pollAudit();
    expect(h.alerts.map((a) => a.eventType)).toEqual(['user.updated']);
  });
});

describe('polls that keep failing', () => {
  it(`after ${AUDIT_FAILURES_BEFORE_BLIND} in a row: not ready with the reason, one notice, counted; one notice on recovery`, async () => {
    let down = false;
    const h = await start({
      listAuditLogs: (query, real) => {
        if (!down) return real(query);
        return failing(
          new ApiError('GET /organization/audit_logs failed: connection refused', { kind: 'network', method: 'GET', route: '/organization/audit_logs' }),
        );
      },
    });
    await h.reconciler.pollAudit();
    down = true;
    for (let i = 1; i < AUDIT_FAILURES_BEFORE_BLIND; i += 1) await h.reconciler.pollAudit();
    expect(h.reconciler.readiness().ready).toBe(true);
    expect(h.notices).toEqual([]);

    await h.reconciler.pollAudit();
    await h.reconciler.pollAudit();
    const readiness = h.reconciler.readiness();
    expect(readiness.ready).toBe(false);
    expect(readiness.checks.audit).toMatchObject({ ok: false, detail: expect.stringContaining('connection refused') as unknown });
    expect(readiness.checks.audit?.detail).toContain(`${AUDIT_FAILURES_BEFORE_BLIND + 1} audit-log polls failed in a row`);
    expect(h.notices.map((n) => n.kind)).toEqual(['drift-watch-stopped']);
    expect(await metric(h.metrics, 'orgplane_audit_polls_total', { result: 'failed' })).toBe(AUDIT_FAILURES_BEFORE_BLIND + 1);
    expect(await metric(h.metrics, 'orgplane_audit_failed_polls_in_a_row')).toBe(AUDIT_FAILURES_BEFORE_BLIND + 1);

    down = false;
    await h.reconciler.pollAudit();
    await h.reconciler.pollAudit();
    expect(h.reconciler.readiness().ready).toBe(true);
    expect(h.notices.map((n) => n.kind)).toEqual(['drift-watch-stopped', 'drift-watch-resumed']);
    expect(await metric(h.metrics, 'orgplane_audit_failed_polls_in_a_row')).toBe(0);
  });
});

describe('judging events against the newest manifests', () => {
  it('reports but never reverts when the source cannot be brought up to date', async () => {
    let down = false;
    const h = await start({
      mode: 'apply',
      sourceDown: () => down,
      edit: (policies) => {
        const file = path.join(policies, 'policy.yaml');
        writeFileSync(file, readFileSync(file, 'utf8').replace('selfHeal: false', 'selfHeal: true'));
      },
    });
    await h.reconciler.pollAudit();
    const alan = h.emu.control.store.userByEmail('alan@acme.test')!;
    await h.emu.actAs('grace@acme.test', 'POST', `/organization/users/${alan.id}`, { role: 'owner' });
    down = true;
    await h.reconciler.pollAudit();
    expect(h.alerts.map((a) => [a.eventType, a.response])).toEqual([['user.updated', 'report']]);
    expect(h.emu.control.store.users.get(alan.id)?.role).toBe('owner');
    expect(h.warnings.some((w) => w.msg === 'source not refreshed before judging audit events: reporting only')).toBe(true);
  });
});
