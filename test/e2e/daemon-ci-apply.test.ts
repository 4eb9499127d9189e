// CI and the daemon together (issue 12 §2): a merge changes a rate limit and CI applies it
// with an admin key of its own. The daemon (apply mode, drift.selfHeal, folder source, an
// interval far away) sees a foreign rate_limit.updated; it re-reads the source before
// judging, finds the change is what the newest manifests declare, and neither alerts nor
// reverts.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSeed } from '../../src/emulator/index.js';
import { runCli } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { copyPolicies, isMsg, startDaemonProcess, startReceiver, tempDir, type DaemonProcess, type Receiver } from './daemon-harness.js';

const AUDIT_MS = 300;

interface RateLimit {
  model: string;
  max_requests_per_1_minute: number;
}

describe('a change CI applies from a merge is not drift', () => {
  let emu: TestEmulator;
  let daemon: DaemonProcess;
  let receiver: Receiver;
  const daemonKey = `sk-admin-${randomBytes(20).toString('hex')}`;
  const ciKey = `sk-admin-${randomBytes(20).toString('hex')}`;
  const policies = copyPolicies(path.join(tempDir('ci-cfg'), 'policies'));
  const policyFile = path.join(policies, 'policy.yaml');
  const research = path.join(policies, 'projects', 'research.yaml');
  writeFileSync(policyFile, readFileSync(policyFile, 'utf8').replace('selfHeal: false', 'selfHeal: true'));

  const researchGpt4o = async (): Promise<number> => {
    const project = [...emu.control.store.projects.values()].find((p) => p.name === 'Research')!;
    const limits = await emu.listAll<RateLimit>(`/organization/projects/${project.id}/rate_limits`);
    return limits.find((l) => l.model === 'gpt-4o')!.max_requests_per_1_minute;
  };

  beforeAll(async () => {
    const seed = demoSeed(Math.floor(Date.now() / 1000), daemonKey);
    seed.admin_keys = [...(seed.admin_keys ?? []), { name: 'ci', value: ciKey, owner: 'grace@acme.test', created_at: 1 }];
    emu = await startTestEmulator({ seed, adminKey: daemonKey });
    receiver = await startReceiver();
    daemon = startDaemonProcess(
      [
        '--source', policies,
        '--mode', 'apply',
        // No reconcile cycle during the test: only the audit poll can react.
        '--interval', '1h',
        '--audit-interval', `${AUDIT_MS}ms`,
        '--resync', '1h',
        '--state-dir', tempDir('ci-state'),
        '--alert-webhook', receiver.url,
      ],
      emu.env(),
    );
    await daemon.waitForLog((l) => l.msg === 'cycle finished' && l.trigger === 'startup' && l.result === 'applied', 30_000);
  }, 90_000);

  afterAll(async () => {
    await daemon?.stop('SIGKILL');
    await receiver?.close();
    await emu?.stop();
  });

  it('neither alerts nor reverts; the audit poll judges against the merged manifests', async () => {
    expect(await researchGpt4o()).toBe(500);
    const from = daemon.logs().length;
    writeFileSync(
      research,
      readFileSync(research, 'utf8').replace('gpt-4o: { maxRequestsPer1Minute: 500,', 'gpt-4o: { maxRequestsPer1Minute: 800,'),
    );
    const ci = await runCli(['apply', '--config', policies, '--auto-approve'], {
      env: { OPENAI_ADMIN_KEY: ciKey, OPENAI_BASE_URL: emu.baseUrl },
      timeoutMs: 60_000,
    });
    expect(ci.code, ci.stderr).toBe(0);
    expect(await researchGpt4o()).toBe(800);

    const settled = await daemon.waitForLog(isMsg('out-of-band change already matches the manifests'), 15_000, from);
    expect(settled).toMatchObject({ type: 'rate_limit.updated', targets: ['project["Research"].rate_limit["gpt-4o"]'] });
    // A few more polls go by: still nothing.
    await daemon.waitForLog(() => false, 5 * AUDIT_MS).catch(() => undefined);
    const after = daemon.logs().slice(from);
    expect(after.filter(isMsg('drift detected'))).toEqual([]);
    expect(after.filter(isMsg('apply finished'))).toEqual([]);
    expect(receiver.bodies).toEqual([]);
    expect(await researchGpt4o()).toBe(800);
  }, 90_000);
});
