// `--state` end to end: the built CLI keeps a snapshot file, a later plan is refreshed from
// the audit log (a handful of requests), a bad or foreign snapshot falls back to a full read
// that says why, and apply's convergence check re-reads only what it touched.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { parsePlan } from '../../src/plan/index.js';
import { runCli } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const SEED: EmulatorSeed = {
  users: [
    { id: 'user-ada', email: 'ada@example.com', role: 'owner' },
    { id: 'user-bob', email: 'bob@example.com', role: 'reader' },
  ],
  projects: [
    { id: 'proj_search', name: 'search', users: [{ user: 'ada@example.com', role: 'owner' }], rate_limits: [{ model: 'gpt-4o', max_tokens_per_1_minute: 30_000 }] },
    { id: 'proj_ads', name: 'ads', users: [{ user: 'ada@example.com', role: 'owner' }, { user: 'bob@example.com', role: 'owner' }] },
  ],
};

const ORG = `apiVersion: orgplane/v1
kind: Organization
spec:
  members:
    - email: ada@example.com
      role: owner
    - email: bob@example.com
      role: reader
`;
const project = (name: string, member: string, role: string, limit?: number): string => `apiVersion: orgplane/v1
kind: Project
metadata:
  name: ${name}
spec:
  status: active
  members:
    - email: ${member}
      role: ${role}
${limit === undefined ? '' : `  rateLimits:\n    gpt-4o: { maxTokensPer1Minute: ${limit} }\n`}`;

const ads = (bob: string): string =>
  project('ads', 'bob@example.com', bob).replace('  members:\n', '  members:\n    - email: ada@example.com\n      role: owner\n');

describe('plan and apply with --state (e2e)', () => {
  let emu: TestEmulator;
  let dir: string;
  let state: string;

  beforeAll(async () => {
    emu = await startTestEmulator({ seed: SEED });
  });
  afterAll(async () => {
    await emu.stop();
  });
  beforeEach(async () => {
    await emu.reset();
    dir = mkdtempSync(path.join(tmpdir(), 'orgplane-snapshot-'));
    state = path.join(dir, 'state', 'live.json');
    mkdirSync(path.join(dir, 'policies'), { recursive: true });
    writeFileSync(path.join(dir, 'policies/org.yaml'), ORG);
    writeFileSync(path.join(dir, 'policies/search.yaml'), project('search', 'ada@example.com', 'owner', 30_000));
    writeFileSync(path.join(dir, 'policies/ads.yaml'), ads('owner'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const plan = (...args: string[]) =>
    runCli(['plan', '--config', path.join(dir, 'policies'), '--state', state, '--format', 'json', ...args], { env: emu.env(), cwd: dir });

  it('reads in full once, then plans from the audit log: one out-of-band change costs a few requests', async () => {
    const cold = await plan();
    expect(cold.code, cold.stderr).toBe(0);
    const coldPlan = parsePlan(cold.stdout);
    expect(coldPlan.read.refresh).toMatch(/^full read: no snapshot at .*live\.json yet \(\d+ requests\)$/);
    expect(statSync(state).mode & 0o777).toBe(0o600);
    expect(readFileSync(state, 'utf8')).not.toContain(emu.adminKey);

    // A dashboard user lowers the rate limit behind orgplane's back.
    const limits = await emu.listAll<{ id: string; model: string }>('/organization/projects/proj_search/rate_limits');
    const gpt = limits.find((l) => l.model === 'gpt-4o');
    expect((await emu.actAs('ada@example.com', 'POST', `/organization/projects/proj_search/rate_limits/${gpt?.id}`, { max_tokens_per_1_minute: 1000 })).status).toBe(200);

    await emu.resetRequests();
    const warm = await plan();
    expect(warm.code, warm.stderr).toBe(0);
    const warmPlan = parsePlan(warm.stdout);
    // The admin-key check, one audit page, the one rate-limit list.
    expect(warmPlan.read.refresh).toBe('refreshed from the audit log: 1 event, 1 scope re-read, 3 requests');
    expect((await emu.requests()).total).toBe(3);
    expect(warmPlan.changes.map((c) => `${c.action} ${c.address}`)).toEqual(['update project["search"].rate_limit["gpt-4o"]']);
    expect(coldPlan.changes).toEqual([]);

    const text = await runCli(['plan', '--config', path.join(dir, 'policies'), '--state', state], { env: emu.env(), cwd: dir });
    expect(text.stdout).toContain('Live state: refreshed from the audit log: 0 events, 0 scopes re-read, 2 requests.');
  });

  it('falls back to a full read, saying why, for a truncated snapshot, --refresh full, or an old one', async () => {
    expect((await plan()).code).toBe(0);
    const good = readFileSync(state, 'utf8');
    writeFileSync(state, good.slice(0, good.length / 2));
    const truncated = parsePlan((await plan()).stdout);
    expect(truncated.read.refresh).toMatch(/^full read: the snapshot .*live\.json cannot be used: it is not JSON \(truncated or corrupt/);
    // The full read wrote a good snapshot again.
    expect(parsePlan((await plan()).stdout).read.refresh).toMatch(/^refreshed from the audit log/);
    expect(parsePlan((await plan('--refresh', 'full')).stdout).read.refresh).toMatch(/^full read \(\d+ requests\)$/);

    const doc = JSON.parse(readFileSync(state, 'utf8')) as { validAt: string };
    writeFileSync(state, JSON.stringify({ ...doc, validAt: new Date(Date.now() - 2 * 3600_000).toISOString() }));
    const old = parsePlan((await plan('--max-state-age', '1h')).stdout);
    expect(old.read.refresh).toMatch(/^full read: the snapshot was last checked 2h ago, over --max-state-age 60m/);
  });

  it('refuses a snapshot of another organization', async () => {
    expect((await plan()).code).toBe(0);
    const doc = JSON.parse(readFileSync(state, 'utf8')) as { adminKeyId: string };
    writeFileSync(state, JSON.stringify({ ...doc, adminKeyId: 'key_of_another_org' }));
    const foreign = parsePlan((await plan()).stdout);
    expect(foreign.read.refresh).toMatch(/^full read: the snapshot was taken with admin key key_of_another_org, which is not one of this organization's admin keys/);
  });

  it('refuses --refresh audit without --state', async () => {
    const result = await runCli(['plan', '--config', path.join(dir, 'policies'), '--refresh', 'audit'], { env: emu.env(), cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--refresh audit needs a snapshot');
  });

  it('apply plans from the snapshot and its convergence check re-reads only what it touched', async () => {
    expect((await plan()).code).toBe(0);
    writeFileSync(path.join(dir, 'policies/ads.yaml'), ads('member'));
    // bob becomes a member: an admin key's project-user event names its role, `member`, so it is
    // placed in the project alone (a key's events may carry the default project: see invalidate.ts).
    await emu.resetRequests();
    const applied = await runCli(['apply', '--config', path.join(dir, 'policies'), '--state', state, '--auto-approve', '--log-format', 'json'], { env: emu.env(), cwd: dir });
    expect(applied.code, applied.stderr).toBe(0);
    const counts = await emu.requests();
    // Plan: admin keys, audit page; apply: one update; convergence: admin keys, audit page, the project's users.
    expect(counts.byRoute['POST /v1/organization/projects/{project_id}/users/{user_id}']).toBe(1);
    expect(counts.byRoute['GET /v1/organization/projects/{project_id}/users']).toBe(1);
    expect(counts.byRoute['GET /v1/organization/users']).toBeUndefined();
    const after = parsePlan((await plan()).stdout);
    expect(after.changes).toEqual([]);
    // The convergence check already followed apply's own event: nothing is left to re-read.
    expect(after.read.refresh).toBe('refreshed from the audit log: 0 events, 0 scopes re-read, 2 requests');
  });
});
