// The daemon following a real (temporary) git repository: a new commit is enforced within
// an interval; a commit that does not validate is reported and never applied, while the
// last good one stays enforced, across a restart too.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { createTempRepo, type TempRepo } from '../source/git-fixture.js';
import { copyPolicies, isMsg, startDaemonProcess, startReceiver, tempDir, type DaemonProcess, type Receiver } from './daemon-harness.js';

interface User {
  id: string;
  email: string;
  role: string;
}

const ALAN_READER = '    - email: alan@acme.test\n      role: reader';
const ALAN_OWNER = '    - email: alan@acme.test\n      role: owner';
const ALAN_BROKEN = '    - email: alan@acme.test\n      role: superuser';

describe('orgplane daemon with a git source', () => {
  let emu: TestEmulator;
  let repo: TempRepo;
  let daemon: DaemonProcess;
  let receiver: Receiver;
  let alanId: string;
  let orgYaml: string;
  const stateDir = tempDir('git-state');
  let health = '';
  let args: string[];

  const alanRole = async (): Promise<string> => (await emu.api<User>('GET', `/organization/users/${alanId}`)).body.role;

  beforeAll(async () => {
    emu = await startTestEmulator();
    receiver = await startReceiver();
    repo = createTempRepo();
    const staging = copyPolicies(path.join(tempDir('git-cfg'), 'policies'));
    const files: Record<string, string> = {};
    const walk = (dir: string, rel: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full, `${rel}/${entry.name}`);
        else files[`${rel}/${entry.name}`] = readFileSync(full, 'utf8');
      }
    };
    walk(staging, 'policies');
    files['policies/policy.yaml'] = files['policies/policy.yaml']!.replace('selfHeal: false', 'selfHeal: true');
    orgYaml = files['policies/org.yaml']!;
    expect(orgYaml).toContain(ALAN_READER);
    repo.commit(files, 'initial manifests');
    args = [
      '--source', repo.url,
      '--config-path', 'policies',
      '--mode', 'apply',
      '--interval', '500ms',
      '--audit-interval', '300ms',
      '--state-dir', stateDir,
      '--listen', '127.0.0.1:0',
      '--alert-webhook', receiver.url,
    ];
    daemon = startDaemonProcess(args, emu.env());
    health = (await daemon.waitForLog(isMsg('health server listening'))).url as string;
    await daemon.waitForLog((l) => l.msg === 'cycle finished' && l.result === 'applied', 30_000);
    alanId = (await emu.listAll<User>('/organization/users')).find((u) => u.email === 'alan@acme.test')!.id;
  }, 90_000);

  afterAll(async () => {
    await daemon?.stop('SIGKILL');
    await receiver?.close();
    await emu?.stop();
  });

  it('enforces a new commit within an interval', async () => {
    const from = daemon.logs().length;
    const sha = repo.commit({ 'policies/org.yaml': orgYaml.replace(ALAN_READER, ALAN_OWNER) }, 'alan becomes an owner');
    await daemon.waitForLog((l) => l.msg === 'revision loaded' && l.revision === sha, 10_000, from);
    await daemon.waitForLog((l) => l.msg === 'cycle finished' && l.revision === sha && l.result === 'applied', 15_000, from);
    expect(await alanRole()).toBe('owner');
  }, 60_000);

  it('reports an invalid commit, never applies it, and keeps enforcing the last good one', async () => {
    const from = daemon.logs().length;
    const good = daemon.logs().filter(isMsg('revision loaded')).at(-1)?.revision as string;
    const bad = repo.commit({ 'policies/org.yaml': orgYaml.replace(ALAN_READER, ALAN_BROKEN) }, 'a typo');
    const invalid = await daemon.waitForLog(isMsg('revision invalid: not applied'), 10_000, from);
    expect(invalid).toMatchObject({ revision: bad, enforcing: good });
    expect(String((invalid.errors as string[])[0])).toMatch(/^org\.yaml:\d+:\d+/);
    const ready = await fetch(`${health}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, checks: { revision: { ok: false } } });
    expect(await (await fetch(`${health}/metrics`)).text()).toContain('orgplane_source_revision_valid 0');
    expect(receiver.bodies).toContainEqual(
      expect.objectContaining({ notice: expect.objectContaining({ kind: 'invalid-revision', revision: bad }) }),
    );

    // Drift is still answered from the last good revision (alan is an owner there).
    await emu.actAs('grace@acme.test', 'POST', `/organization/users/${alanId}`, { role: 'reader' });
    const alert = await daemon.waitForLog(isMsg('drift detected'), 10_000, from);
    expect(alert).toMatchObject({ revision: good, response: 'revert' });
    await daemon.waitForLog(isMsg('drift resolved'), 10_000, from);
    expect(await alanRole()).toBe('owner');
    expect(daemon.logs().slice(from).some((l) => l.msg === 'cycle finished' && l.revision === bad)).toBe(false);
  }, 60_000);

  it('after a restart on an invalid head, enforces the kept checkout of the last good revision', async () => {
    expect((await daemon.stop('SIGTERM')).code).toBe(0);
    daemon = startDaemonProcess(args, emu.env());
    health = (await daemon.waitForLog(isMsg('health server listening'))).url as string;
    const enforcing = await daemon.waitForLog(isMsg('enforcing last good revision'), 15_000);
    await daemon.waitForLog((l) => l.msg === 'cycle finished' && l.trigger === 'startup', 15_000);
    const cycle = daemon.logs().find((l) => l.msg === 'cycle finished' && l.trigger === 'startup');
    expect(cycle).toMatchObject({ revision: enforcing.revision, changes: 0 });
    expect((await fetch(`${health}/readyz`)).status).toBe(503);
  }, 60_000);
});

