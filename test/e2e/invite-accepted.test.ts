// A person accepting an invite orgplane sent is not drift (issue 12 §3): neither `drift` nor
// the daemon reports the acceptance; the follow-ups (org roles, group memberships) are
// ordinary planned changes, and orgplane making them is not drift either.
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { copyPolicies, isMsg, startDaemonProcess, tempDir, type DaemonProcess } from './daemon-harness.js';

interface Invite {
  id: string;
  email: string;
  status: string;
}

const DENNIS = 'dennis@acme.test';

async function acceptDennis(emu: TestEmulator): Promise<string> {
  const invite = (await emu.listAll<Invite>('/organization/invites')).find((i) => i.email === DENNIS && i.status === 'pending');
  expect(invite, 'orgplane invited dennis').toBeDefined();
  await emu.acceptInvite(invite!.id);
  return emu.control.store.userByEmail(DENNIS)!.id;
}

/** Is dennis in the security group (declared in policies/groups/security.yaml)? */
function inSecurityGroup(emu: TestEmulator, userId: string): boolean {
  const group = [...emu.control.store.groups.values()].find((g) => g.name === 'security');
  return group !== undefined && emu.control.store.groupMembers.get(group.id)?.has(userId) === true;
}

describe('orgplane drift after an invitee accepts', () => {
  let emu: TestEmulator;
  const policies = copyPolicies(path.join(tempDir('invite-cfg'), 'policies'));

  beforeAll(async () => {
    emu = await startTestEmulator();
  }, 60_000);
  afterAll(async () => {
    await emu?.stop();
  });

  it('finds no drift, before or after orgplane applies the follow-ups', async () => {
    const apply = await runCli(['apply', '--config', policies, '--auto-approve'], { env: emu.env(), timeoutMs: 60_000 });
    expect(apply.code, apply.stderr).toBe(0);
    const dennis = await acceptDennis(emu);

    const drift = await runCli(['drift', '--since', '1h', '--config', policies], { env: emu.env() });
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    expect(drift.stdout).toContain('No drift');
    expect(drift.stdout).toMatch(/joining through invites the manifests declare/);
    expect(drift.stdout).not.toContain('invite.accepted');

    // The follow-ups are in the plan as ordinary changes, and apply makes them.
    const plan = await runCli(['plan', '--config', policies], { env: emu.env(), timeoutMs: 60_000 });
    expect(plan.stdout).toContain(`org.group["security"].member["${DENNIS}"]`);
    const followUp = await runCli(['apply', '--config', policies, '--auto-approve'], { env: emu.env(), timeoutMs: 60_000 });
    expect(followUp.code, followUp.stderr).toBe(0);
    expect(inSecurityGroup(emu, dennis)).toBe(true);

    const after = await runCli(['drift', '--since', '1h', '--config', policies, '--format', 'json'], { env: emu.env() });
    expect(after.code, after.stdout + after.stderr).toBe(0);
    // The acceptance's two events (invite.accepted, and the user.added of dennis by dennis).
    expect(JSON.parse(after.stdout)).toMatchObject({ alerts: [], joined: 2 });
  }, 120_000);
});

describe('orgplane daemon after an invitee accepts', () => {
  let emu: TestEmulator;
  let daemon: DaemonProcess;
  const policies = copyPolicies(path.join(tempDir('invite-daemon-cfg'), 'policies'));
  const policyFile = path.join(policies, 'policy.yaml');
  writeFileSync(policyFile, readFileSync(policyFile, 'utf8').replace('selfHeal: false', 'selfHeal: true').replace('invites: delete', 'invites: report'));

  beforeAll(async () => {
    emu = await startTestEmulator();
    daemon = startDaemonProcess(
      ['--source', policies, '--mode', 'apply', '--interval', '1s', '--audit-interval', '300ms', '--resync', '1h', '--state-dir', tempDir('invite-state')],
      emu.env(),
    );
    await daemon.waitForLog((l) => l.msg === 'cycle finished' && l.trigger === 'startup' && l.result === 'applied', 30_000);
  }, 90_000);
  afterAll(async () => {
    await daemon?.stop('SIGKILL');
    await emu?.stop();
  });

  it('raises no alert and applies the follow-ups as an ordinary cycle', async () => {
    const from = daemon.logs().length;
    const dennis = await acceptDennis(emu);
    await daemon.waitForLog((l) => l.msg === 'cycle finished' && l.result === 'applied', 15_000, from);
    expect(inSecurityGroup(emu, dennis)).toBe(true);
    // Polls go by over the acceptance and orgplane's own follow-ups.
    await daemon.waitForLog(() => false, 2_000).catch(() => undefined);
    expect(daemon.logs().slice(from).filter(isMsg('drift detected'))).toEqual([]);
  }, 60_000);
});
