// The share guard (maxDeletePercent) on small organizations, end to end: a role downgrade
// is not a removal, and one removal among a handful of objects is not a mass deletion.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { runCli } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const USERS: NonNullable<EmulatorSeed['users']> = [
  { id: 'user-ada', email: 'ada@example.com', role: 'owner' },
  { id: 'user-bob', email: 'bob@example.com', role: 'reader' },
  { id: 'user-carol', email: 'carol@example.com', role: 'reader' },
];

const ORG_AND_POLICY = `apiVersion: orgplane/v1
kind: Organization
spec:
  members:
    - { email: ada@example.com, role: owner }
    - { email: bob@example.com, role: reader }
    - { email: carol@example.com, role: reader }
---
apiVersion: orgplane/v1
kind: Policy
spec:
  prune: { projectMembers: delete }
  safety: { maxDeletes: 10, maxDeletePercent: 25, minOwners: 1, protected: [] }
`;

function project(name: string, members: [string, 'owner' | 'member'][]): string {
  const lines = members.map(([email, role]) => `    - { email: ${email}, role: ${role} }`).join('\n');
  return `apiVersion: orgplane/v1\nkind: Project\nmetadata:\n  name: ${name}\nspec:\n  members:\n${lines}\n`;
}

interface ProjectUser {
  email: string;
  role: string;
}

describe('orgplane apply guards on a small organization (e2e)', () => {
  let emu: TestEmulator;
  let dir: string;
  beforeAll(async () => {
    emu = await startTestEmulator({ seed: { users: USERS } });
    dir = await mkdtemp(join(tmpdir(), 'orgplane-guards-e2e-'));
  });
  afterAll(async () => {
    await emu.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function applyWith(seedProject: NonNullable<EmulatorSeed['projects']>[number], manifest: string) {
    await emu.seed({ users: USERS, projects: [seedProject] });
    const config = join(dir, seedProject.name);
    await rm(config, { recursive: true, force: true });
    await mkdir(config);
    await writeFile(join(config, 'org.yaml'), ORG_AND_POLICY);
    await writeFile(join(config, 'project.yaml'), manifest);
    const result = await runCli(['apply', '--config', config, '--auto-approve', '--secrets-dir', join(dir, 'secrets')], { env: emu.env() });
    const users = await emu.listAll<ProjectUser>(`/organization/projects/proj_${seedProject.name}/users`);
    return { result, users: users.map((u) => `${u.email}:${u.role}`).sort() };
  }

  it("downgrades the only member of a project from owner: not refused as '1 of 1 … removed'", async () => {
    const { result, users } = await applyWith(
      { id: 'proj_solo', name: 'solo', users: [{ user: 'ada@example.com', role: 'owner' }] },
      project('solo', [['ada@example.com', 'member']]),
    );
    expect(result.stdout).not.toContain('would be removed');
    expect(result.stdout, result.stderr).toContain('Apply complete: 1 applied, 0 failed, 0 skipped. Converged.');
    expect(result.code).toBe(0);
    expect(users).toEqual(['ada@example.com:member']);
  });

  it('removes 1 of 3 project members under maxDeletePercent 25', async () => {
    const { result, users } = await applyWith(
      {
        id: 'proj_trio',
        name: 'trio',
        users: [
          { user: 'ada@example.com', role: 'owner' },
          { user: 'bob@example.com', role: 'member' },
          { user: 'carol@example.com', role: 'member' },
        ],
      },
      project('trio', [
        ['ada@example.com', 'owner'],
        ['bob@example.com', 'member'],
      ]),
    );
    expect(result.stdout, result.stderr).toContain('Apply complete: 1 applied, 0 failed, 0 skipped. Converged.');
    expect(result.code).toBe(0);
    expect(users).toEqual(['ada@example.com:owner', 'bob@example.com:member']);
  });
});
