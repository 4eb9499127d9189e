// The daemon's live snapshot: kept current at each audit poll from the poll's own events
// (an idle poll costs what it cost before), used by its plans after a restart instead of a
// full read, and served read-only at GET /snapshot with a bearer token.
import { cpSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminClient, type AdminClient } from '../../src/api/index.js';
import { createDaemonMetrics, Reconciler, startHealthServer } from '../../src/daemon/index.js';
import { SnapshotKeeper } from '../../src/daemon/snapshot-keeper.js';
import { fingerprint, readLiveState, readScopeFor } from '../../src/live/index.js';
import { loadManifests } from '../../src/manifest/index.js';
import { parseSnapshot, refreshLive } from '../../src/snapshot/index.js';
import { createFolderSource } from '../../src/source/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const HOUR = 3_600_000;
const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

interface Daemon {
  reconciler: Reconciler;
  keeper: SnapshotKeeper;
  client: AdminClient;
  keyIds: Set<string>;
}

async function startDaemon(emu: TestEmulator, policies: string, stateDir: string): Promise<Daemon> {
  const client = createAdminClient({ baseUrl: emu.baseUrl, adminKey: emu.adminKey });
  const keyIds = new Set((await emu.listAll<{ id: string }>('/organization/admin_api_keys')).map((k) => k.id));
  const logger = pino({ level: 'silent' });
  const keeper = new SnapshotKeeper({ api: client, stateDir, logger, ownKeyIds: keyIds, now: Date.now });
  const reconciler = new Reconciler({
    source: createFolderSource(policies),
    api: client,
    stateDir,
    mode: 'report',
    intervalMs: HOUR,
    auditIntervalMs: HOUR,
    resyncMs: 24 * HOUR,
    ownActorIds: keyIds,
    snapshot: keeper,
    sinks: [{ name: 'test', send: () => Promise.resolve() }],
    logger,
    metrics: createDaemonMetrics({ defaultMetrics: false }),
  });
  await reconciler.start();
  await reconciler.firstCycle;
  stops.push(() => reconciler.stop());
  return { reconciler, keeper, client, keyIds };
}

async function setup(): Promise<{ emu: TestEmulator; policies: string; stateDir: string }> {
  const emu = await startTestEmulator();
  stops.push(() => emu.stop());
  const work = mkdtempSync(path.join(tmpdir(), 'orgplane-daemon-snapshot-'));
  const policies = path.join(work, 'policies');
  cpSync(path.resolve('policies'), policies, { recursive: true });
  return { emu, policies, stateDir: path.join(work, 'state') };
}

describe('the daemon keeps a live snapshot', () => {
  it('follows each audit poll: idle costs the poll alone, a change re-reads what it touched, and the snapshot equals a full read', async () => {
    const { emu, policies, stateDir } = await setup();
    const d = await startDaemon(emu, policies, stateDir);
    const file = path.join(stateDir, 'snapshot.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(emu.adminKey);

    await emu.resetRequests();
    await d.reconciler.pollAudit();
    // The demo manifests declare group members: the organization's and the tenant's query, nothing more.
    expect(await emu.requests()).toEqual({ total: 2, byRoute: { 'GET /v1/organization/audit_logs': 2 } });

    const users = await emu.listAll<{ id: string; email: string; role: string }>('/organization/users');
    const reader = users.find((u) => u.role === 'reader')!;
    const owner = users.find((u) => u.role === 'owner')!;
    expect((await emu.actAs(owner.email, 'POST', `/organization/users/${reader.id}`, { role: 'owner' })).status).toBe(200);
    await emu.resetRequests();
    await d.reconciler.pollAudit();
    const counts = await emu.requests();
    // The changed user alone is fetched again (not every page of users), patched into the kept list.
    expect(counts.byRoute['GET /v1/organization/users/{user_id}']).toBe(1);
    expect(counts.byRoute['GET /v1/organization/users']).toBeUndefined();
    // No full read: the projects list and their children come from the snapshot.
    expect(counts.byRoute['GET /v1/organization/projects']).toBeUndefined();

    const loaded = await loadManifests(policies);
    const scope = readScopeFor(loaded.desired!);
    const parsed = parseSnapshot(readFileSync(file, 'utf8'));
    if ('problem' in parsed) throw new Error(parsed.problem);
    const fromFile = await refreshLive({ api: d.client, desired: loaded.desired!, scope, state: { found: true, snapshot: parsed.snapshot }, refresh: 'none', knownKeyIds: d.keyIds });
    expect(fingerprint(fromFile.live)).toBe(fingerprint(await readLiveState(d.client, scope)));
  });

  it('after a restart, plans from the saved snapshot instead of reading the organization in full', async () => {
    const { emu, policies, stateDir } = await setup();
    const first = await startDaemon(emu, policies, stateDir);
    await first.reconciler.stop();
    await emu.resetRequests();
    await startDaemon(emu, policies, stateDir);
    const counts = await emu.requests();
    expect(counts.byRoute['GET /v1/organization/projects']).toBeUndefined();
    expect(counts.byRoute['GET /v1/organization/audit_logs']).toBeGreaterThanOrEqual(1);
  });
});

describe('GET /snapshot', () => {
  it('serves the snapshot only with the bearer token, and not at all without one configured', async () => {
    const body = '{"formatVersion":1}\n';
    const registry = createDaemonMetrics({ defaultMetrics: false }).registry;
    const readiness = () => ({ ready: true, checks: {} });
    const served = await startHealthServer({ listen: '127.0.0.1:0', registry, readiness, snapshot: { token: 's3cret-token', body: () => body } });
    const plain = await startHealthServer({ listen: '127.0.0.1:0', registry, readiness });
    stops.push(() => served.close(), () => plain.close());

    expect((await fetch(`${served.url}/snapshot`)).status).toBe(401);
    expect((await fetch(`${served.url}/snapshot`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${served.url}/snapshot`, { headers: { authorization: 'Bearer s3cret-token-but-longer' } })).status).toBe(401);
    const ok = await fetch(`${served.url}/snapshot`, { headers: { authorization: 'Bearer s3cret-token' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.text()).toBe(body);
    expect((await fetch(`${served.url}/snapshot`, { method: 'POST', headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(405);
    expect((await fetch(`${plain.url}/snapshot`, { headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(404);
  });

  it('answers 503 until the first full read', async () => {
    const registry = createDaemonMetrics({ defaultMetrics: false }).registry;
    const served = await startHealthServer({ listen: '127.0.0.1:0', registry, readiness: () => ({ ready: true, checks: {} }), snapshot: { token: 't', body: () => undefined } });
    stops.push(() => served.close());
    expect((await fetch(`${served.url}/snapshot`, { headers: { authorization: 'Bearer t' } })).status).toBe(503);
  });
});
