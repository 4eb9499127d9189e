// `orgplane drift` once, as a real process: 0 without drift (orgplane's own changes do not
// count), 2 with an out-of-band change, JSON for machines, 1 on error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

interface User {
  id: string;
  email: string;
}

describe('orgplane drift', () => {
  let emu: TestEmulator;

  beforeAll(async () => {
    emu = await startTestEmulator();
  }, 90_000);
  afterAll(async () => {
    await emu?.stop();
  });

  it('finds nothing after orgplane applies its own changes', async () => {
    const apply = await runCli(['apply', '--config', 'policies', '--auto-approve'], { env: emu.env(), timeoutMs: 60_000 });
    expect(apply.code, apply.stderr).toBe(0);
    const result = await runCli(['drift', '--since', '1h', '--config', 'policies'], { env: emu.env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/by orgplane itself/);
    expect(result.stdout).toContain('No drift');
  }, 90_000);

  it('exits 2 and names who changed what, and which manifest line it contradicts', async () => {
    const alan = (await emu.listAll<User>('/organization/users')).find((u) => u.email === 'alan@acme.test')!;
    await emu.actAs('grace@acme.test', 'POST', `/organization/users/${alan.id}`, { role: 'owner' }, '198.51.100.7');
    const text = await runCli(['drift', '--since', '1h', '--config', 'policies'], { env: emu.env() });
    expect(text.code, text.stderr).toBe(2);
    expect(text.stdout).toContain(
      'grace@acme.test from 198.51.100.7 made user.updated on org.member["alan@acme.test"], declared at org.yaml:16',
    );
    expect(text.stdout).toContain('~ update org.member["alan@acme.test"] (role: owner → reader)');

    const json = await runCli(['drift', '--since', '1h', '--config', 'policies', '--format', 'json'], { env: emu.env() });
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as { alerts: { eventType: string; response: string }[] };
    expect(report.alerts).toMatchObject([{ eventType: 'user.updated', response: 'report' }]);
  }, 60_000);

  it('sees a group membership change, whose event type the spec lists only under tenant_only=true', async () => {
    const group = [...emu.control.store.groups.values()].find((g) => g.name === 'support')!;
    const alan = emu.control.store.userByEmail('alan@acme.test')!;
    expect((await emu.actAs('grace@acme.test', 'POST', `/organization/groups/${group.id}/users`, { user_id: alan.id })).status).toBe(200);
    const json = await runCli(['drift', '--since', '1h', '--config', 'policies', '--format', 'json'], { env: emu.env() });
    expect(json.code, json.stderr).toBe(2);
    const report = JSON.parse(json.stdout) as { alerts: { eventType: string; planned: string[] }[]; refusedEventTypes: string[] };
    expect(report.refusedEventTypes).toEqual([]);
    expect(report.alerts.find((a) => a.eventType === 'tenant.group.member.added')).toMatchObject({
      planned: ['- unassign org.group["support"].member["alan@acme.test"] (member: alan@acme.test → ∅)'],
    });
  }, 60_000);

  it('exits 1 on a bad duration or manifests that do not load', async () => {
    expect((await runCli(['drift', '--since', 'yesterday'], { env: emu.env() })).code).toBe(1);
    const broken = await runCli(['drift', '--config', 'test/e2e/does-not-exist'], { env: emu.env() });
    expect(broken.code).toBe(1);
  });
});
