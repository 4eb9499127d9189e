// SIGTERM in the middle of an apply: the change in flight finishes, nothing new starts,
// state is saved, the process exits 0 well within 30 s, and the next start converges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { copyPolicies, isMsg, startDaemonProcess, tempDir } from './daemon-harness.js';
import path from 'node:path';

describe('orgplane daemon shutdown', () => {
  let emu: TestEmulator;
  const stateDir = tempDir('stop-state');
  const policies = copyPolicies(path.join(tempDir('stop-cfg'), 'policies'));
  const args = ['--source', policies, '--mode', 'apply', '--interval', '500ms', '--audit-interval', '300ms', '--resync', '500ms', '--state-dir', stateDir, '--listen', 'off'];

  beforeAll(async () => {
    emu = await startTestEmulator();
  }, 90_000);
  afterAll(async () => {
    await emu?.stop();
  });

  it('exits 0 on SIGTERM during an apply, and the next start converges', async () => {
    // Slow writes so the apply is still running when SIGTERM arrives.
    await emu.faults({ latencyMs: 150 });
    const first = startDaemonProcess(args, emu.env());
    await first.waitForLog((l) => l.msg === 'plan computed' && (l.changes as number) > 0, 30_000);
    await first.waitForLog(() => false, 400).catch(() => undefined);
    const stopped = await first.stop('SIGTERM');
    expect(stopped).toMatchObject({ code: 0, signal: null });
    expect(stopped.ms).toBeLessThan(30_000);
    const applied = first.logs().find(isMsg('apply finished'));
    expect(applied).toBeDefined();
    // Some changes were left for later: the shutdown did not wait for the whole plan.
    expect((applied!.failed as number) + (applied!.skipped as number)).toBeGreaterThan(0);
    expect(first.logs().some(isMsg('daemon stopped'))).toBe(true);

    await emu.faults({ latencyMs: 0 });
    const second = startDaemonProcess(args, emu.env());
    try {
      await second.waitForLog((l) => l.msg === 'cycle finished' && l.trigger === 'startup' && l.result === 'applied', 30_000);
      const converged = await second.waitForLog((l) => l.msg === 'cycle finished' && l.trigger === 'resync', 15_000);
      expect(converged).toMatchObject({ result: 'unchanged', changes: 0 });
    } finally {
      await second.stop('SIGTERM');
    }
  }, 120_000);
});
