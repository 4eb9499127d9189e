// Under faults the refresh never yields a wrong plan: it falls back to a full read and says
// why, or it fails without touching the saved snapshot so the next run starts from there.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AdminApi } from '../../src/api/admin-api.js';
import { createAdminClient, type AdminClient } from '../../src/api/index.js';
import type { AuditLog } from '../../src/api/types.js';
import { generateOrg } from '../../src/bench/generate.js';
import { toManifests, writeManifests } from '../../src/bench/to-manifests.js';
import { toSeed } from '../../src/bench/to-seed.js';
import { fingerprint, readLiveState, readScopeFor, type ReadScope } from '../../src/live/index.js';
import { loadManifests } from '../../src/manifest/index.js';
import type { DesiredState } from '../../src/model/types.js';
import { CACHEABLE_READS, loadSnapshot, refreshLive, saveSnapshot, type SnapshotDocument } from '../../src/snapshot/index.js';
import { computePlan } from '../../src/plan/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

let emu: TestEmulator;
let api: AdminClient;
let dir: string;
let desired: DesiredState;
let scope: ReadScope;
const ACTOR = 'person-00000@example.com';

beforeAll(async () => {
  const org = generateOrg({ name: 'small', people: 8, projects: 2 }, 42);
  emu = await startTestEmulator({ seed: toSeed(org) });
  api = createAdminClient({ baseUrl: emu.baseUrl, adminKey: emu.adminKey });
  dir = await mkdtemp(path.join(tmpdir(), 'orgplane-snapshot-faults-'));
  await writeManifests(path.join(dir, 'policies'), toManifests(org));
  const loaded = await loadManifests(path.join(dir, 'policies'));
  if (loaded.desired === undefined) throw new Error('manifests do not load');
  desired = loaded.desired;
  scope = readScopeFor(desired);
});
afterAll(async () => {
  await emu.stop();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await emu.reset();
});

async function snapshotNow(): Promise<SnapshotDocument> {
  return (await refreshLive({ api, desired, scope, refresh: 'full', adminKey: emu.adminKey })).snapshot;
}

/** An out-of-band change the plan shows: a project's first rate limit lowered. */
async function lowerRateLimit(): Promise<void> {
  const project = [...emu.control.store.projects.values()][0]!;
  const limit = [...(emu.control.store.rateLimits.get(project.id)?.values() ?? [])][0]!;
  const res = await emu.actAs(ACTOR, 'POST', `/organization/projects/${project.id}/rate_limits/${limit.id}`, { max_requests_per_1_minute: 7 });
  expect(res.status).toBe(200);
}

async function expectSameAsFullRead(live: Parameters<typeof fingerprint>[0]): Promise<void> {
  expect(fingerprint(live)).toBe(fingerprint(await readLiveState(api, scope)));
}

/** The client with one method replaced. */
function withFault(method: keyof AdminApi, replacement: (...args: unknown[]) => unknown): AdminApi {
  return new Proxy(api, {
    get: (target, property) => {
      if (property === method) return replacement;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('refreshLive under faults', () => {
  it('a lost audit page (the read fails after the client gave up) means a full read, with the reason', async () => {
    const snapshot = await snapshotNow();
    await lowerRateLimit();
    const lost = withFault('listAuditLogs', () => ({
      async *[Symbol.asyncIterator]() {
        await Promise.resolve();
        throw new Error('socket hang up');
        yield undefined;
      },
    }));
    const result = await refreshLive({ api: lost, desired, scope, state: { found: true, snapshot }, adminKey: emu.adminKey });
    expect(result.report.mode).toBe('full');
    expect(result.report.summary).toMatch(/^full read: the audit log could not be read \(socket hang up\)/);
    await expectSameAsFullRead(result.live);
  });

  it('an audit event the log shows late is caught by the overlap window on a later refresh', async () => {
    let snapshot = await snapshotNow();
    await lowerRateLimit();
    // The log does not show the change yet.
    const hidden = emu.control.store.auditLogs.pop()!;
    const early = await refreshLive({ api, desired, scope, state: { found: true, snapshot }, adminKey: emu.adminKey });
    expect(early.report.events).toBe(0);
    snapshot = early.snapshot;
    // Now it does, with its original time (older than the last check).
    emu.control.store.auditLogs.push(hidden);
    const late = await refreshLive({ api, desired, scope, state: { found: true, snapshot }, adminKey: emu.adminKey });
    expect(late.report.summary).toMatch(/^refreshed from the audit log: 1 event, 1 scope re-read/);
    await expectSameAsFullRead(late.live);
  });

  it('a refresh that fails mid-patch leaves the saved snapshot as it was: the next run follows the same events again', async () => {
    const file = path.join(dir, 'restart.json');
    await saveSnapshot(file, await snapshotNow());
    const before = await readFile(file, 'utf8');
    await lowerRateLimit();
    const failing = withFault('listProjectRateLimits', () => ({
      async *[Symbol.asyncIterator]() {
        await Promise.resolve();
        throw new Error('process killed');
        yield undefined;
      },
    }));
    const loaded = await loadSnapshot(file);
    await expect(refreshLive({ api: failing, desired, scope, state: loaded, adminKey: emu.adminKey })).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe(before);
    const again = await refreshLive({ api, desired, scope, state: await loadSnapshot(file), adminKey: emu.adminKey });
    expect(again.report.summary).toMatch(/^refreshed from the audit log: 1 event, 1 scope re-read/);
    await expectSameAsFullRead(again.live);
  });

  it('a truncated snapshot file means a full read that says so', async () => {
    const file = path.join(dir, 'truncated.json');
    await saveSnapshot(file, await snapshotNow());
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, Math.floor(text.length * 0.7)));
    await lowerRateLimit();
    const loaded = await loadSnapshot(file);
    expect(loaded.found).toBe(false);
    const result = await refreshLive({ api, desired, scope, state: loaded, adminKey: emu.adminKey });
    expect(result.report.summary).toMatch(/^full read: the snapshot .*truncated\.json cannot be used: it is not JSON \(truncated or corrupt/);
    await expectSameAsFullRead(result.live);
  });

  it('a snapshot of another organization (its key is not among this one\'s) means a full read', async () => {
    const snapshot = { ...(await snapshotNow()), adminKeyId: 'key_elsewhere' };
    await lowerRateLimit();
    const result = await refreshLive({ api, desired, scope, state: { found: true, snapshot }, adminKey: emu.adminKey });
    expect(result.report.reason).toMatch(/admin key key_elsewhere, which is not one of this organization's admin keys/);
    await expectSameAsFullRead(result.live);
  });

  it('an event of a type orgplane cannot map means a full read naming it', async () => {
    const snapshot = await snapshotNow();
    await lowerRateLimit();
    const strange: AuditLog = { id: 'audit_strange', type: 'ip_allowlist.created', effective_at: Math.floor(Date.now() / 1000) };
    const real = api.listAuditLogs.bind(api);
    const extra = withFault('listAuditLogs', (query: unknown) => ({
      async *[Symbol.asyncIterator]() {
        yield* real(query as Parameters<typeof real>[0]);
        yield strange;
      },
    }));
    const result = await refreshLive({ api: extra, desired, scope, state: { found: true, snapshot }, adminKey: emu.adminKey });
    expect(result.report.reason).toBe('the audit log reports a ip_allowlist.created event (audit_strange), which orgplane cannot map to what it changed');
    await expectSameAsFullRead(result.live);
  });

  it('with nothing changed, a refresh costs the admin-key check and one audit page per stream', async () => {
    // A clock of its own: the summary gives the kept settings' age, which real time would make 0 s or 1 s.
    const taken = Date.now();
    const { snapshot } = await refreshLive({ api, desired, scope, refresh: 'full', adminKey: emu.adminKey, now: () => taken });
    await emu.resetRequests();
    const result = await refreshLive({ api, desired, scope, state: { found: true, snapshot }, adminKey: emu.adminKey, now: () => taken + 5_000 });
    // The manifests declare group members: the tenant-scoped stream (tenant.group.member.*) is a second query.
    // The governance settings (an org and a project spend limit, model permissions) are kept, with their age.
    expect(result.report.summary).toBe('refreshed from the audit log: 0 events, 0 scopes re-read, 3 requests; 3 settings the audit log cannot vouch for, oldest read 5s ago');
    expect((await emu.requests()).byRoute).toEqual({ 'GET /v1/organization/admin_api_keys': 1, 'GET /v1/organization/audit_logs': 2 });
  });
});

describe('reads the audit log cannot vouch for (the governance settings)', () => {
  // Rate limits stand in for a governance kind here: declared blind, their changes are not followed from the log.
  const reads = { ...CACHEABLE_READS, listProjectRateLimits: { vouching: 'blind' as const, shape: 'list' as const } };
  const blindReads = [{ method: 'listProjectRateLimits', shape: 'list' as const, planKinds: ['project.rate_limit'] }];

  /** Sets a project's first rate limit as a dashboard user; the log never shows it. */
  /** The first project's first rate limit the manifests declare. */
  function target() {
    const project = [...emu.control.store.projects.values()][0]!;
    const declaredLimits = desired.org.projects.get(project.name)!.rateLimits!;
    const limit = [...(emu.control.store.rateLimits.get(project.id)?.values() ?? [])].find((l) => declaredLimits.has(l.model))!;
    return { project, limit, wanted: declaredLimits.get(limit.model)!.maxRequestsPer1Minute! };
  }

  async function setUnlogged(value: number): Promise<void> {
    const { project, limit } = target();
    expect((await emu.actAs(ACTOR, 'POST', `/organization/projects/${project.id}/rate_limits/${limit.id}`, { max_requests_per_1_minute: value })).status).toBe(200);
    emu.control.store.auditLogs.pop();
  }

  it('keeps them with their age, and reads them again where the manifests change them', async () => {
    const { wanted } = target();
    await setUnlogged(wanted + 1);
    const { snapshot } = await refreshLive({ api, desired, scope, refresh: 'full', adminKey: emu.adminKey, reads, blindReads });
    // Out of band, unlogged: back to what the manifests want. The snapshot's plan would still change it.
    await setUnlogged(wanted);
    const result = await refreshLive({ api, desired, scope, state: { found: true, snapshot }, adminKey: emu.adminKey, reads, blindReads });
    expect(result.report.rereadKeys.filter((k) => k.startsWith('listProjectRateLimits'))).toHaveLength(1);
    expect(computePlan(desired, result.live).changes.filter((c) => c.kind === 'project.rate_limit')).toEqual([]);
    await expectSameAsFullRead(result.live);
  });

  it('says how old the ones it kept are', async () => {
    const { snapshot } = await refreshLive({ api, desired, scope, refresh: 'full', adminKey: emu.adminKey, reads, blindReads });
    const later = Date.now() + 3 * 3600_000;
    const result = await refreshLive({ api, desired, scope, state: { found: true, snapshot }, adminKey: emu.adminKey, reads, blindReads, now: () => later });
    expect(result.report.unvouched.length).toBeGreaterThan(0);
    expect(result.report.summary).toMatch(/; \d+ settings? the audit log cannot vouch for, oldest read 3h ago$/);
  });
});

describe('the governance settings, kept blind', () => {
  /** The first project, which the generator governs (a spend limit and model permissions). */
  function governed() {
    const project = [...emu.control.store.projects.values()][0]!;
    const declared = desired.org.projects.get(project.name)!;
    expect(declared.spendLimit).toBeDefined();
    return { project, declared };
  }

  async function raiseInDashboard(projectId: string, cents: number): Promise<void> {
    const res = await emu.actAs(ACTOR, 'POST', `/organization/projects/${projectId}/spend_limit`, { threshold_amount: cents, currency: 'USD', interval: 'month' });
    expect(res.status).toBe(200);
  }

  it('follows a dashboard raise of a spend limit through its tenant-scoped billing event: that project\'s limit alone is read again', async () => {
    const { project } = governed();
    const snapshot = await snapshotNow();
    await raiseInDashboard(project.id, 99_999_00);
    const result = await refreshLive({ api, desired, scope, state: { found: true, snapshot }, adminKey: emu.adminKey });
    expect(result.report.mode).toBe('audit');
    expect(result.report.rereadKeys).toEqual([`getProjectSpendLimit ${project.id}`]);
    const changes = computePlan(desired, result.live).changes.filter((c) => c.kind === 'project.spend_limit');
    expect(changes.map((c) => c.before)).toEqual([expect.objectContaining({ thresholdAmount: 99_999_00 })]);
    await expectSameAsFullRead(result.live);
  });

  it('plans from kept model permissions (no audit event tells of them) while the manifests leave them, and says how old they are', async () => {
    const { project } = governed();
    const snapshot = await snapshotNow();
    const res = await emu.actAs(ACTOR, 'POST', `/organization/projects/${project.id}/model_permissions`, { mode: 'deny_list', model_ids: [] });
    expect(res.status).toBe(200);
    const result = await refreshLive({ api, desired, scope, state: { found: true, snapshot }, adminKey: emu.adminKey });
    expect(result.report.rereadKeys).toEqual([]);
    expect(result.report.summary).toMatch(/3 settings the audit log cannot vouch for, oldest read \d+s ago$/);
    expect(computePlan(desired, result.live).changes.filter((c) => c.kind === 'project.model_permissions')).toEqual([]);
    // A full read sees it: --refresh full, --max-state-age and the daemon's resync bound this blind spot.
    const full = computePlan(desired, await readLiveState(api, scope)).changes.filter((c) => c.kind === 'project.model_permissions');
    expect(full).toHaveLength(1);
  });

  it('reads the spend limit again where the manifests change it, and plans against what is live', async () => {
    const { project, declared } = governed();
    const snapshot = await snapshotNow();
    await raiseInDashboard(project.id, 99_999_00);
    const wanted = { ...declared.spendLimit!, thresholdAmount: declared.spendLimit!.thresholdAmount + 100 };
    const projects = new Map(desired.org.projects);
    projects.set(project.name, { ...declared, spendLimit: wanted });
    const changed: DesiredState = { ...desired, org: { ...desired.org, projects } };
    const result = await refreshLive({ api, desired: changed, scope: readScopeFor(changed), state: { found: true, snapshot }, adminKey: emu.adminKey });
    expect(result.report.rereadKeys.filter((k) => k.startsWith('getProjectSpendLimit'))).toHaveLength(1);
    const [change, ...rest] = computePlan(changed, result.live).changes.filter((c) => c.kind === 'project.spend_limit');
    expect(rest).toEqual([]);
    expect(change?.before).toMatchObject({ thresholdAmount: 99_999_00 });
    expect(change?.after).toMatchObject({ thresholdAmount: wanted.thresholdAmount });
  });
});
