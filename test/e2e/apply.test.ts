// apply end to end: the built CLI against the emulator's demo org, converging to policies/.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';
import { CliRecorder, duplicatesIn, keysIn, stateOf, workspace, type Workspace } from '../apply/support/e2e.js';

const emulator = useEmulator();
const cli = new CliRecorder();
const spaces: Workspace[] = [];
const allKeys = new Set<string>();

async function space(edits?: Parameters<typeof workspace>[0]): Promise<Workspace> {
  const made = await workspace(edits);
  spaces.push(made);
  return made;
}

async function rememberKeys(): Promise<void> {
  for (const key of keysIn(await emulator.current.dump())) allKeys.add(key);
}

afterEach(rememberKeys);

afterAll(async () => {
  await Promise.all(spaces.map((s) => s.cleanup()));
});

const apply = (ws: Workspace, extra: string[] = [], options: { input?: string } = {}) =>
  cli.run(['apply', '--config', ws.config, '--secrets-dir', ws.secrets, ...extra], { env: emulator.current.env(), ...options });

describe('orgplane apply (e2e)', () => {
  it('converges the demo org to policies/: plan shows no change afterwards and the emulator holds what the manifests say', async () => {
    const ws = await space();
    const planned = await cli.run(['plan', '--config', ws.config, '--format', 'json'], { env: emulator.current.env() });
    const changes = (JSON.parse(planned.stdout) as { changes: unknown[] }).changes.length;
    expect(changes).toBeGreaterThan(20);
    // At trace level every request the client makes is logged too: none may carry a key.
    const result = await cli.run(['apply', '--config', ws.config, '--secrets-dir', ws.secrets, '--auto-approve'], {
      env: { ...emulator.current.env(), ORGPLANE_LOG_LEVEL: 'trace' },
    });
    expect(result.stderr).not.toMatch(/"level":50/);
    expect(result.stderr).toMatch(/"level":(10|20)/);
    expect(result.stdout).toContain(`Apply complete: ${changes} applied, 0 failed, 0 skipped. Converged.`);
    expect(result.code).toBe(0);

    const replan = await cli.run(['plan', '--config', ws.config, '--detailed-exitcode'], { env: emulator.current.env() });
    expect(replan.stdout).toContain('No changes.');
    expect(replan.code).toBe(0);

    const dump = await emulator.current.dump();
    expect(duplicatesIn(dump)).toEqual([]);
    const project = (name: string) => dump.projects!.find((p) => p.name === name && p.archived_at == null)!;
    expect(project('Search').service_accounts!.map((a) => a.name)).toEqual(['indexer']);
    expect(project('Research').service_accounts!.map((a) => a.name).sort()).toEqual(['eval-runner', 'research-bot']);
    expect(project('Support Assistant').service_accounts!.map((a) => a.name)).toEqual(['support-bot']);
    expect(dump.groups!.map((g) => g.name).sort()).toEqual(['ml-platform', 'security', 'support']);
    const pending = dump.invites!.filter((i) => i.status === 'pending').map((i) => i.email).sort();
    expect(pending).toEqual(['barbara@acme.test', 'dennis@acme.test', 'edsger@acme.test', 'frances@acme.test', 'hedy@acme.test', 'john@acme.test']);
    // edsger's invite carries his Research membership.
    const edsger = dump.invites!.find((i) => i.email === 'edsger@acme.test' && i.status === 'pending')!;
    expect(edsger.projects).toEqual([{ id: project('Research').id, role: 'member' }]);

    // Each new service account's key went to its own 0600 file, and only there.
    const files = (await readdir(ws.secrets)).filter((f) => f !== '.gitignore').sort();
    expect(files).toEqual(['Research--eval-runner.json', 'Search--indexer.json', 'Support_Assistant--support-bot.json']);
    expect((await stat(ws.secrets)).mode & 0o777).toBe(0o700);
    for (const file of files) {
      const written = JSON.parse(await readFile(join(ws.secrets, file), 'utf8'));
      const account = project(written.project).service_accounts!.find((a) => a.name === written.name)!;
      expect(written).toEqual({ project: written.project, projectId: project(written.project).id, name: account.name, id: account.id, key: account.api_key!.value, createdAt: account.created_at });
      expect((await stat(join(ws.secrets, file))).mode & 0o777).toBe(0o600);
      expect(result.stdout).toContain(join(ws.secrets, file));
    }
    await rememberKeys();
    expect(cli.leaks([...allKeys])).toEqual([]);
  });

  it('applies nothing and says so when the organization already matches', async () => {
    const ws = await space();
    expect((await apply(ws, ['--auto-approve'])).code).toBe(0);
    const again = await apply(ws, ['--auto-approve']);
    expect(again.stdout).toContain('No changes. The organization matches the manifests.');
    expect(again.code).toBe(0);
  });

  it('refuses without --auto-approve when there is no terminal to ask on, and changes nothing', async () => {
    const ws = await space();
    const before = stateOf(await emulator.current.dump());
    const result = await apply(ws, [], { input: 'yes\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('apply needs a confirmation and there is no terminal to ask on: review the plan and run apply with --auto-approve');
    expect(stateOf(await emulator.current.dump())).toBe(before);
  });

  it('executes a saved plan, and refuses it once the live organization has moved on', async () => {
    const ws = await space();
    const planFile = join(ws.dir, 'plan.json');
    const planned = await cli.run(['plan', '--config', ws.config, '--out', planFile], { env: emulator.current.env() });
    expect(planned.code).toBe(0);

    // Someone changes the org by hand after the plan was made.
    const made = await emulator.current.actAs('grace@acme.test', 'POST', '/organization/groups', { name: 'made-by-hand' });
    expect(made.status).toBe(200);
    const before = stateOf(await emulator.current.dump());
    const stale = await apply(ws, ['--plan', planFile, '--auto-approve']);
    expect(stale.code).toBe(1);
    const saved = JSON.parse(await readFile(planFile, 'utf8')) as { liveFingerprint: string };
    expect(stale.stderr).toMatch(new RegExp(`the live organization changed since .*plan\\.json was made \\(plan fingerprint ${saved.liveFingerprint}, live now [0-9a-f]+\\); run plan again`));
    expect(stateOf(await emulator.current.dump())).toBe(before);

    // A fresh plan file applies and converges.
    await emulator.current.reset();
    expect((await cli.run(['plan', '--config', ws.config, '--out', planFile], { env: emulator.current.env() })).code).toBe(0);
    const fresh = await apply(ws, ['--plan', planFile, '--auto-approve']);
    expect(fresh.stdout).toContain('Converged.');
    expect(fresh.code).toBe(0);
  });

  it('rejects a plan file that is not a plan, before any change', async () => {
    const ws = await space();
    const planFile = join(ws.dir, 'broken.json');
    await writeFile(planFile, '{"formatVersion": 99}');
    const before = stateOf(await emulator.current.dump());
    const result = await apply(ws, ['--plan', planFile, '--auto-approve']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('formatVersion 99');
    expect(stateOf(await emulator.current.dump())).toBe(before);
  });
});

describe('orgplane apply guards (e2e): exit 3, the rule and the changes named, nothing changed', () => {
  const cases: { rule: string; edits: Parameters<typeof workspace>[0]; changes: string[] }[] = [
    {
      rule: 'maxDeletes',
      edits: { 'policy.yaml': [['maxDeletes: 10', 'maxDeletes: 1']] },
      changes: ['org.invite["barbara@acme.test"]', 'org.invite["dennis@acme.test"]'],
    },
    {
      rule: 'maxDeletePercent',
      edits: {
        'projects/research.yaml': [
          ['    - email: alan@acme.test\n      role: member\n', ''],
          ['    - email: katherine@acme.test\n      role: member\n      roles: [model-deployer]\n', ''],
        ],
        // A third removal: the share rule looks only at PERCENT_FLOOR (3) or more of a kind.
        'projects/support-assistant.yaml': [['    - email: margaret@acme.test\n      role: member\n', '']],
      },
      changes: [
        'project["Research"].member["alan@acme.test"]',
        'project["Research"].member["katherine@acme.test"]',
        'project["Support Assistant"].member["margaret@acme.test"]',
      ],
    },
    {
      rule: 'minOwners',
      // Two owners declared (valid manifests), but edsger is only invited: one owner would remain.
      edits: {
        'org.yaml': [
          ['- email: grace@acme.test\n      role: owner', '- email: grace@acme.test\n      role: reader'],
          ['- email: edsger@acme.test\n      role: reader', '- email: edsger@acme.test\n      role: owner'],
        ],
      },
      changes: ['org.member["grace@acme.test"]'],
    },
    {
      rule: 'protected',
      edits: { 'projects/research.yaml': [['- email: ada@acme.test\n      role: owner', '- email: ada@acme.test\n      role: member']] },
      changes: ['project["Research"].member["ada@acme.test"]'],
    },
    {
      rule: 'selfLockout',
      edits: {
        'org.yaml': [['- email: ada@acme.test\n      role: owner', '- email: ada@acme.test\n      role: reader']],
        'policy.yaml': [
          ['protected: [ada@acme.test]', 'protected: []'],
          ['minOwners: 2', 'minOwners: 1'],
        ],
      },
      changes: ['org.member["ada@acme.test"]'],
    },
  ];

  for (const { rule, edits, changes } of cases) {
    it(`${rule}`, async () => {
      const ws = await space(edits);
      const before = stateOf(await emulator.current.dump());
      await emulator.current.resetRequests();
      const result = await apply(ws, ['--auto-approve']);
      expect(result.code).toBe(3);
      expect(result.stdout).toContain('Apply refused by a safety guard; nothing was changed.');
      const line = result.stdout.split('\n').find((l) => l.includes(`[${rule}]`));
      expect(line).toBeDefined();
      for (const address of changes) expect(line).toContain(address);
      expect(stateOf(await emulator.current.dump())).toBe(before);
      const counts = await emulator.current.requests();
      expect(Object.keys(counts.byRoute).filter((route) => !route.startsWith('GET '))).toEqual([]);
    });
  }

  it('--max-deletes N lets one run through the count and share limits', async () => {
    const ws = await space({ 'policy.yaml': [['maxDeletes: 10', 'maxDeletes: 1']] });
    const result = await apply(ws, ['--auto-approve', '--max-deletes', '2']);
    expect(result.stdout, result.stderr).toContain('Converged.');
    expect(result.code).toBe(0);
  });

  it('printed no key anywhere in this file', async () => {
    await rememberKeys();
    expect(allKeys.size).toBeGreaterThan(1);
    expect(cli.leaks([...allKeys])).toEqual([]);
  });
});
