// A live organization that already matches rich manifests (groups, custom roles at both
// levels, role assignments, service accounts, rate limits) plans to no change: no phantom
// diffs from role ids, base roles or read scope.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { parsePlan } from '../../src/plan/index.js';
import { runCli } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const SEED: EmulatorSeed = {
  users: [
    { id: 'user-ada', email: 'ada@example.com', role: 'owner' },
    { id: 'user-bob', email: 'bob@example.com', role: 'reader' },
  ],
  groups: [{ id: 'group-ml', name: 'ml-platform', users: ['ada@example.com', 'bob@example.com'] }],
  roles: [
    { id: 'role-billing', name: 'Billing Viewer', description: 'Read-only billing', permissions: ['api.organization.billing.read'], resource_type: 'api.organization' },
    { id: 'role-deployer', name: 'Deployer', permissions: ['api.model.request'], resource_type: 'api.project', project_id: 'proj_search' },
  ],
  role_assignments: [
    { principal_type: 'user', principal: 'ada@example.com', role: 'Billing Viewer' },
    { principal_type: 'group', principal: 'ml-platform', role: 'Billing Viewer' },
    { principal_type: 'user', principal: 'bob@example.com', role: 'Deployer', project_id: 'proj_search' },
  ],
  projects: [
    {
      id: 'proj_search',
      name: 'search',
      users: [
        { user: 'ada@example.com', role: 'owner' },
        { user: 'bob@example.com', role: 'member' },
      ],
      groups: [{ group: 'ml-platform', role: 'member' }],
      service_accounts: [{ name: 'indexer' }],
      rate_limits: [{ model: 'gpt-4o', max_requests_per_1_minute: 500 }],
    },
  ],
};

const MANIFESTS = `apiVersion: orgplane/v1
kind: Organization
spec:
  members:
    - { email: ada@example.com, role: owner, roles: [Billing Viewer] }
    - { email: bob@example.com, role: reader, roles: [] }
  groups:
    - name: ml-platform
      members: [ada@example.com, bob@example.com]
      roles: [Billing Viewer]
  roles:
    - name: Billing Viewer
      description: Read-only billing
      permissions: [api.organization.billing.read]
---
apiVersion: orgplane/v1
kind: Project
metadata:
  name: search
spec:
  status: active
  members:
    - { email: ada@example.com, role: owner, roles: [] }
    - { email: bob@example.com, role: member, roles: [Deployer] }
  groups:
    - { name: ml-platform, role: member, roles: [] }
  roles:
    - name: Deployer
      permissions: [api.model.request]
  serviceAccounts:
    - name: indexer
  rateLimits:
    gpt-4o: { maxRequestsPer1Minute: 500 }
---
apiVersion: orgplane/v1
kind: Policy
spec:
  prune: { members: delete, invites: delete, groups: delete, roles: delete, projects: delete, projectMembers: delete, projectGroups: delete, serviceAccounts: delete }
`;

describe('orgplane plan on a converged organization (e2e)', () => {
  let emu: TestEmulator;
  let dir: string;
  beforeAll(async () => {
    emu = await startTestEmulator({ seed: SEED });
    dir = mkdtempSync(path.join(tmpdir(), 'orgplane-converged-'));
    writeFileSync(path.join(dir, 'org.yaml'), MANIFESTS);
  });
  afterAll(async () => {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plans no change and exits 0 with --detailed-exitcode', async () => {
    const result = await runCli(['plan', '--config', dir, '--format', 'json', '--detailed-exitcode'], { env: emu.env() });
    const plan = parsePlan(result.stdout);
    expect(plan.changes.map((c) => `${c.action} ${c.address}: ${c.reason}`)).toEqual([]);
    expect(plan.conflicts).toEqual([]);
    expect(result.code, result.stderr).toBe(0);
  });

  it('plans exactly the difference after an out-of-band change', async () => {
    await emu.api('POST', '/organization/users/user-bob', { role: 'owner' });
    const result = await runCli(['plan', '--config', dir, '--format', 'json', '--detailed-exitcode'], { env: emu.env() });
    expect(result.code, result.stderr).toBe(2);
    expect(parsePlan(result.stdout).changes).toEqual([
      expect.objectContaining({ action: 'update', address: 'org.member["bob@example.com"]', before: { role: 'owner' }, after: { role: 'reader' }, destructive: true }),
    ]);
  });
});
