// The CLI against the emulator's live-like throttle (a fixed window of N requests per route
// template, 429 without Retry-After), with windows scaled down to half a second so no test
// sleeps a real minute: import, plan and apply complete with no failed request, the limit
// is learned and saved, and the next run starts at that pace.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorSeed, ThrottleReport } from '../../src/emulator/index.js';
import { parsePlan } from '../../src/plan/index.js';
import { runCli } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { copyPolicies, isMsg, startDaemonProcess, tempDir, type DaemonProcess } from './daemon-harness.js';

const LIMIT = 4;
const WINDOW_S = 0.5;
const PROJECTS = 10;

const SEED: EmulatorSeed = {
  users: [
    { id: 'user-ada', email: 'ada@example.com', role: 'owner' },
    { id: 'user-bob', email: 'bob@example.com', role: 'reader' },
  ],
  projects: Array.from({ length: PROJECTS }, (_, i) => ({
    id: `proj_${i}`,
    name: `project-${i}`,
    users: [
      { user: 'ada@example.com', role: 'owner' as const },
      { user: 'bob@example.com', role: 'member' as const },
    ],
    service_accounts: [{ name: `bot-${i}` }],
  })),
};

interface JsonLine {
  msg?: string;
  routes?: { route: string; rateLimited: number; learnedLimit: number | null }[];
}

function logLines(stderr: string): JsonLine[] {
  return stderr.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as JsonLine];
    } catch {
      return [];
    }
  });
}

function limitedTotal(report: ThrottleReport): number {
  return Object.values(report.routes).reduce((sum, r) => sum + r.limited, 0);
}

/** 429s per route per window, the first window of each route left out (the client learns there). */
function limitedAfterFirstWindow(report: ThrottleReport): { limited: number; windows: number } {
  let limited = 0;
  let windows = 0;
  for (const history of Object.values(report.routes)) {
    for (const w of history.windows.slice(1)) {
      limited += w.limited;
      windows += 1;
    }
  }
  return { limited, windows };
}

describe('plan, import and apply under the live-like throttle (e2e, windows of 0.5 s)', () => {
  let emu: TestEmulator;
  const work = tempDir('ratelimits');
  const config = path.join(work, 'policies');
  const limitsFile = path.join(work, 'state', 'rate-limits.json');
  const pacing = ['--rate-window', String(WINDOW_S), '--rate-limits-file', limitsFile, '--timeout', '2m'];

  beforeAll(async () => {
    emu = await startTestEmulator({ seed: SEED });
    await emu.faults({ routeLimit: LIMIT, routeWindowSeconds: WINDOW_S });
  });
  afterAll(async () => {
    await emu.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('import reads the whole org through 429s and learns the limit', async () => {
    const result = await runCli(['import', '--out', config, ...pacing], { env: emu.env(), timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    const report = await emu.throttle();
    // The test means something only if the throttle spoke.
    expect(limitedTotal(report)).toBeGreaterThan(0);
    const summary = logLines(result.stderr).find((l) => l.msg?.startsWith('rate limits met'));
    expect(summary?.routes?.find((r) => r.route === 'GET /organization/projects/{project_id}/users')).toMatchObject({ learnedLimit: LIMIT });
    // A 429 is a debug line, never a warning or an error.
    expect(result.stderr).not.toMatch(/"level":(40|50)/);
    const saved = JSON.parse(readFileSync(limitsFile, 'utf8')) as { servers: Record<string, { routes: Record<string, { limit: number; learnedAt: string }> }> };
    const routes = saved.servers[emu.baseUrl]?.routes ?? {};
    expect(routes['GET /organization/projects/{project_id}/users']).toMatchObject({ limit: LIMIT, learnedAt: expect.stringMatching(/^\d{4}-/) as string });
  }, 90_000);

  it('plan starts at the saved pace: no change, no failure, at most one 429 per route per window after the first', async () => {
    await emu.faults({ routeLimit: LIMIT, routeWindowSeconds: WINDOW_S }); // fresh windows and record
    const result = await runCli(['plan', '--config', config, '--format', 'json', '--detailed-exitcode', ...pacing], { env: emu.env(), timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(parsePlan(result.stdout).changes).toEqual([]);
    const { limited, windows } = limitedAfterFirstWindow(await emu.throttle());
    expect(limited).toBeLessThanOrEqual(windows);
  }, 90_000);

  it('apply: 20 writes on two routes within their dependency order, all applied, converged', async () => {
    await emu.faults({ routeLimit: 0 });
    // Out of band: every project loses its service account and bob becomes owner.
    for (let i = 0; i < PROJECTS; i += 1) {
      const accounts = await emu.listAll<{ id: string }>(`/organization/projects/proj_${i}/service_accounts`);
      for (const account of accounts) await emu.api('DELETE', `/organization/projects/proj_${i}/service_accounts/${account.id}`);
      await emu.api('POST', `/organization/projects/proj_${i}/users/user-bob`, { role: 'owner' });
    }
    await emu.faults({ routeLimit: LIMIT, routeWindowSeconds: WINDOW_S });
    const secrets = path.join(work, 'secrets');
    const result = await runCli(['apply', '--config', config, '--auto-approve', '--max-deletes', '20', '--secrets-dir', secrets, ...pacing], {
      env: emu.env(),
      timeoutMs: 90_000,
    });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('Apply complete: 20 applied, 0 failed, 0 skipped. Converged.');
    const report = await emu.throttle();
    expect(report.routes['POST /v1/organization/projects/{project_id}/service_accounts']?.passed).toBe(PROJECTS);
    expect(report.routes['POST /v1/organization/projects/{project_id}/users/{user_id}']?.passed).toBe(PROJECTS);
    const users = await emu.listAll<{ id: string; role: string }>('/organization/projects/proj_3/users');
    expect(users.find((u) => u.id === 'user-bob')?.role).toBe('member');
  }, 120_000);

  it('--timeout stops cleanly, saying how far it got and which limit held it', async () => {
    await emu.faults({ routeLimit: 1, routeWindowSeconds: 30 });
    const fresh = path.join(work, 'fresh-limits.json');
    const result = await runCli(['plan', '--config', config, '--timeout', '2s', '--rate-limits-file', fresh], { env: emu.env(), timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stopped after 2 s \(--timeout 2s\): \d+ of at least \d+ requests done; the limit met: GET \/organization\/[^ ]+ (lets 1 through per [^(]+|answered 429) \(\d+ waiting there\)/);
    expect(existsSync(fresh)).toBe(true);
  }, 60_000);
});

describe('daemon audit polls under the live-like throttle (e2e)', () => {
  let emu: TestEmulator;
  let daemon: DaemonProcess;
  const stateDir = tempDir('ratelimit-state');
  const policies = copyPolicies(path.join(tempDir('ratelimit-cfg'), 'policies'));

  beforeAll(async () => {
    emu = await startTestEmulator();
    await emu.faults({ routeLimit: 2, routeWindowSeconds: WINDOW_S });
    daemon = startDaemonProcess(
      ['--source', policies, '--mode', 'report', '--interval', '1h', '--audit-interval', '100ms', '--resync', '1h', '--state-dir', stateDir, '--listen', 'off', '--rate-window', String(WINDOW_S)],
      emu.env(),
    );
    await daemon.waitForLog((l) => l.msg === 'cycle finished' && l.trigger === 'startup', 60_000);
  }, 90_000);

  afterAll(async () => {
    await daemon?.stop('SIGKILL');
    await emu?.stop();
  });

  it('polls through 429s (polls every 100 ms, 2 allowed per 0.5 s): none fails, the limit is saved in --state-dir', async () => {
    await daemon.waitForLog(() => false, 3000).catch(() => undefined);
    const report = await emu.throttle();
    const audit = report.routes['GET /v1/organization/audit_logs'];
    expect(audit?.limited ?? 0).toBeGreaterThan(0);
    expect(audit?.passed ?? 0).toBeGreaterThan(4);
    expect(daemon.logs().filter((l) => l.msg === 'audit poll failed' || l.msg === 'cycle failed')).toEqual([]);
    expect(daemon.logs().some(isMsg('admin api rate limited'))).toBe(true);
    const saved = JSON.parse(readFileSync(path.join(stateDir, 'rate-limits.json'), 'utf8')) as { servers: Record<string, { routes: Record<string, { limit: number }> }> };
    // 2, or 3 after an additive increase while the daemon and the emulator's windows drift apart by a few ms.
    expect(saved.servers[emu.baseUrl]?.routes['GET /organization/audit_logs']?.limit).toBeGreaterThanOrEqual(2);
    expect(saved.servers[emu.baseUrl]?.routes['GET /organization/audit_logs']?.limit).toBeLessThanOrEqual(3);
  }, 30_000);
});
