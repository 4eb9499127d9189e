// The snapshot's background resync: at each audit poll the daemon reads again the oldest kept
// answers, paced so each is read again once per --resync period, never more than its share
// of a route's limit per window, and a change the audit log never showed is found within
// one period. Time is a fake clock: a poll is an hour, the resync period a few of them.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminClient } from '../../src/api/index.js';
import { createDaemonMetrics, Reconciler } from '../../src/daemon/index.js';
import type { CycleReport } from '../../src/daemon/index.js';
import { SnapshotKeeper } from '../../src/daemon/snapshot-keeper.js';
import type { Notice } from '../../src/drift/sinks.js';
import { parseSnapshot, resyncOrder, type SnapshotDocument } from '../../src/snapshot/index.js';
import { createFolderSource } from '../../src/source/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const HOUR = 3_600_000;
const AUDIT_ROUTE = 'GET /v1/organization/audit_logs';
const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

interface Setup {
  emu: TestEmulator;
  policies: string;
  stateDir: string;
  clock: { now: number };
}

async function setup(): Promise<Setup> {
  const emu = await startTestEmulator();
  stops.push(() => emu.stop());
  const work = mkdtempSync(path.join(tmpdir(), 'orgplane-daemon-resync-'));
  const policies = path.join(work, 'policies');
  cpSync(path.resolve('policies'), policies, { recursive: true });
  return { emu, policies, stateDir: path.join(work, 'state'), clock: { now: Date.now() } };
}

async function startDaemon(s: Setup, resyncMs: number, share?: number): Promise<{ reconciler: Reconciler; notices: Notice[]; cycles: CycleReport[] }> {
  const client = createAdminClient({ baseUrl: s.emu.baseUrl, adminKey: s.emu.adminKey });
  const keyIds = new Set((await s.emu.listAll<{ id: string }>('/organization/admin_api_keys')).map((k) => k.id));
  const logger = pino({ level: 'silent' });
  const now = (): number => s.clock.now;
  const keeper = new SnapshotKeeper({ api: client, stateDir: s.stateDir, logger, ownKeyIds: keyIds, now, ...(share === undefined ? {} : { resyncShare: share }) });
  const notices: Notice[] = [];
  const cycles: CycleReport[] = [];
  const reconciler = new Reconciler({
    source: createFolderSource(s.policies),
    api: client,
    stateDir: s.stateDir,
    mode: 'report',
    intervalMs: 10 * HOUR,
    auditIntervalMs: HOUR,
    resyncMs,
    ownActorIds: keyIds,
    snapshot: keeper,
    sinks: [{ name: 'test', send: () => Promise.resolve(), notice: (n) => (notices.push(n), Promise.resolve()) }],
    logger,
    metrics: createDaemonMetrics({ defaultMetrics: false }),
    clock: now,
    onCycle: (r) => cycles.push(r),
  });
  await reconciler.start();
  await reconciler.firstCycle;
  stops.push(() => reconciler.stop());
  return { reconciler, notices, cycles };
}

function kept(s: Setup): SnapshotDocument {
  const parsed = parseSnapshot(readFileSync(path.join(s.stateDir, 'snapshot.json'), 'utf8'));
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed.snapshot;
}

describe('the background resync', () => {
  it('reads the oldest kept answers again at each poll, and every one within a resync period', async () => {
    const s = await setup();
    const periodPolls = 4;
    const d = await startDaemon(s, periodPolls * HOUR);
    const start = kept(s);
    const entries = resyncOrder(start).length;
    expect(entries).toBeGreaterThan(periodPolls);
    const perPoll = entries / periodPolls;
    let refreshedTotal = 0;
    for (let poll = 1; poll <= periodPolls; poll += 1) {
      const before = resyncOrder(kept(s));
      s.clock.now += HOUR;
      await s.emu.resetRequests();
      await d.reconciler.pollAudit();
      const after = kept(s).reads;
      const nowSeconds = Math.floor(s.clock.now / 1000);
      const refreshed = before.filter(([key]) => after[key]?.readAt === nowSeconds).map(([key]) => key);
      // Oldest first: what was read again is a prefix of the age order (ones whose route's share was spent may wait).
      expect(refreshed.length).toBeGreaterThan(0);
      const oldest = before.slice(0, Math.ceil(poll * perPoll) - refreshedTotal + 2).map(([key]) => key);
      for (const key of refreshed) expect(oldest).toContain(key);
      refreshedTotal += refreshed.length;
      // Nothing else than reads of kept answers and the audit poll went out.
      const counts = await s.emu.requests();
      expect(counts.total - (counts.byRoute[AUDIT_ROUTE] ?? 0)).toBeGreaterThanOrEqual(refreshed.length);
    }
    // Within one period, every kept answer was read again.
    const end = kept(s);
    const startSeconds = Math.floor(Date.parse(start.fullReadAt) / 1000);
    const stale = resyncOrder(end).filter(([, read]) => read.readAt <= startSeconds);
    expect(stale).toEqual([]);
    expect(d.notices.filter((n) => n.kind === 'resync-drift')).toEqual([]);
  });

  it('never takes more than its share of a route per window', async () => {
    const s = await setup();
    // A period as short as a poll: every answer is owed at once, so only the share cap holds it back.
    // 8 a minute assumed; a tenth of it rounds to one request per route in the window.
    const d = await startDaemon(s, HOUR, 0.1);
    const entries = resyncOrder(kept(s)).length;
    s.clock.now += HOUR;
    await s.emu.resetRequests();
    await d.reconciler.pollAudit();
    const counts = await s.emu.requests();
    const reads = Object.entries(counts.byRoute).filter(([route]) => route !== AUDIT_ROUTE);
    expect(reads.length).toBeGreaterThan(0);
    for (const [, n] of reads) expect(n).toBeLessThanOrEqual(1);
    const total = reads.reduce((sum, [, n]) => sum + n, 0);
    expect(total).toBeLessThan(entries);

    // In the same window nothing more goes to a route already at its share.
    await s.emu.resetRequests();
    await d.reconciler.pollAudit();
    const again = await s.emu.requests();
    for (const [route] of reads) expect(again.byRoute[route]).toBeUndefined();
    // The next window, the answers left over go.
    s.clock.now += 61_000;
    await s.emu.resetRequests();
    await d.reconciler.pollAudit();
    const next = await s.emu.requests();
    expect(next.total - (next.byRoute[AUDIT_ROUTE] ?? 0)).toBeGreaterThan(0);
  });

  it('finds a change the audit log never showed within one resync period, reports it and plans again', async () => {
    const s = await setup();
    const periodPolls = 4;
    const first = await startDaemon(s, periodPolls * HOUR);
    await first.reconciler.stop();
    // The organization changed and no audit event says so: emulated by a kept answer that no
    // longer matches the organization (a user's role as the API does not answer it).
    const snapshot = kept(s);
    const users = snapshot.reads.listUsers;
    expect(users).toBeDefined();
    const items = users!.items as { id: string; role: string; email: string }[];
    const reader = items.find((u) => u.role === 'reader')!;
    snapshot.reads.listUsers = { ...users!, items: items.map((u) => (u.id === reader.id ? { ...u, role: 'owner' } : u)) };
    writeFileSync(path.join(s.stateDir, 'snapshot.json'), `${JSON.stringify(snapshot)}\n`, { mode: 0o600 });

    const d = await startDaemon(s, periodPolls * HOUR);
    let foundAt: number | undefined;
    for (let poll = 1; poll <= periodPolls && foundAt === undefined; poll += 1) {
      s.clock.now += HOUR;
      await d.reconciler.pollAudit();
      if (d.notices.some((n) => n.kind === 'resync-drift')) foundAt = poll;
    }
    expect(foundAt).toBeDefined();
    const notice = d.notices.find((n) => n.kind === 'resync-drift')!;
    expect(notice.text).toContain('found by the background resync');
    expect(notice.details).toContain('listUsers');
    // The cycle it queued planned again from the corrected snapshot.
    await d.reconciler.runCycle();
    expect(d.cycles.some((c) => c.trigger === 'resync')).toBe(true);
    const fixed = kept(s).reads.listUsers!.items as { id: string; role: string }[];
    expect(fixed.find((u) => u.id === reader.id)?.role).toBe('reader');
  });
});
