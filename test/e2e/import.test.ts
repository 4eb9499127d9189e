// `orgplane import` end to end: the built CLI against the emulator. The acceptance test:
// `plan` on freshly imported manifests shows no change.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoSeed, type EmulatorSeed } from '../../src/emulator/index.js';
import { parsePlan } from '../../src/plan/index.js';
import { runCli } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----\n';
const FUTURE = 4_102_444_800; // 2100-01-01

const RICH: EmulatorSeed = {
  users: [
    { id: 'user-ada', email: 'Ada@Example.com', role: 'owner' },
    { id: 'user-bob', email: 'bob@example.com', role: 'reader' },
    { id: 'user-eve', email: 'eve@example.com', role: 'reader', is_scim_managed: true },
  ],
  invites: [{ id: 'invite-zoe', email: 'zoe@example.com', role: 'reader', expires_at: FUTURE, projects: [{ id: 'proj_search', role: 'member' }] }],
  groups: [
    { id: 'group-ml', name: 'ml-platform', users: ['ada@example.com', 'bob@example.com'] },
    { id: 'group-idp', name: 'from-idp', users: ['eve@example.com'], is_scim_managed: true },
  ],
  roles: [
    { id: 'role-billing', name: 'Billing Viewer', description: 'Reads costs', permissions: ['api.organization.costs.read'] },
    { id: 'role-deployer', name: 'Deployer', permissions: ['api.model.request'], resource_type: 'api.project', project_id: 'proj_search' },
  ],
  role_assignments: [
    { principal_type: 'user', principal: 'bob@example.com', role: 'Billing Viewer' },
    { principal_type: 'group', principal: 'ml-platform', role: 'Billing Viewer' },
    { principal_type: 'user', principal: 'bob@example.com', role: 'Deployer', project_id: 'proj_search' },
    { principal_type: 'group', principal: 'ml-platform', role: 'role-api-project-owner', project_id: 'proj_search' },
    { principal_type: 'group', principal: 'ml-platform', role: 'Deployer', project_id: 'proj_search' },
  ],
  certificates: [{ id: 'cert-corp', name: 'corp-mtls', content: PEM, active: true }],
  projects: [
    {
      id: 'proj_search',
      name: 'Search',
      external_key_id: 'key-1',
      users: [
        { user: 'ada@example.com', role: 'owner' },
        { user: 'bob@example.com', role: 'member' },
      ],
      groups: [{ group: 'ml-platform', role: 'role-api-project-owner' }],
      service_accounts: [{ id: 'svc-indexer', name: 'indexer' }],
      rate_limits: [{ model: 'gpt-4o', max_requests_per_1_minute: 500, max_tokens_per_1_minute: 150_000 }],
      certificates: ['cert-corp'],
    },
    { id: 'proj_old', name: 'Old prototype', archived_at: 1_700_000_000, users: [{ user: 'bob@example.com', role: 'owner' }] },
    { id: 'proj_empty', name: 'Empty' },
  ],
};

describe('orgplane import (e2e)', () => {
  let emu: TestEmulator;
  let dir: string;

  beforeAll(async () => {
    emu = await startTestEmulator({ seed: RICH });
  });
  afterAll(async () => {
    await emu.stop();
  });
  beforeEach(async () => {
    await emu.reset();
    dir = mkdtempSync(path.join(tmpdir(), 'orgplane-import-e2e-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Returns the plan's unmanaged addresses (expired invites are not imported: plan lists them). */
  async function importAndPlan(out: string): Promise<string[]> {
    const imported = await runCli(['import', '--out', out], { env: emu.env() });
    expect(imported.stderr).not.toContain(emu.adminKey);
    expect(imported.stdout).not.toContain(emu.adminKey);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`Imported into ${out}`);

    const validated = await runCli(['validate', '--config', out], { env: emu.env() });
    expect(validated.code, validated.stdout).toBe(0);

    const planned = await runCli(['plan', '--config', out, '--format', 'json', '--detailed-exitcode'], { env: emu.env() });
    expect(planned.code, `${planned.stdout}\n${planned.stderr}`).toBe(0);
    const plan = parsePlan(planned.stdout);
    expect(plan.changes).toEqual([]);
    expect(plan.conflicts).toEqual([]);
    return plan.unmanaged.map((u) => u.address);
  }

  it('writes manifests of a rich organization on which plan shows no change', async () => {
    const out = path.join(dir, 'policies');
    expect(await importAndPlan(out)).toEqual([]);

    const org = readFileSync(path.join(out, 'org.yaml'), 'utf8');
    expect(org.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=/);
    expect(org).toContain('# pending invite, not accepted yet');
    expect(org).toContain('- email: zoe@example.com');
    expect(org).toContain('# managed by SCIM');
    expect(org).toContain('file: certs/corp-mtls.pem');
    expect(readFileSync(path.join(out, 'certs/corp-mtls.pem'), 'utf8')).toBe(PEM);

    const search = readFileSync(path.join(out, 'projects/search.yaml'), 'utf8');
    expect(search).toMatch(/- name: ml-platform\n\s+role: owner\n\s+roles: \[Deployer\]/);
    expect(search).toContain('- email: zoe@example.com');
    expect(search).toContain('externalKeyId: key-1');
    expect(readFileSync(path.join(out, 'projects/old-prototype.yaml'), 'utf8')).toContain('status: archived');
  });

  it('round-trips the demo organization', async () => {
    await emu.seed(demoSeed());
    // The demo's only leftover is an expired invitation: importing it would make plan re-send it.
    expect(await importAndPlan(path.join(dir, 'demo'))).toEqual(['org.invite["dennis@acme.test"]']);
  });

  it('refuses a non-empty folder unless --force, before reading anything', async () => {
    writeFileSync(path.join(dir, 'keep.yaml'), 'mine: true\n');
    await emu.resetRequests();
    const refused = await runCli(['import', '--out', dir], { env: emu.env() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty');
    expect(refused.stderr).toContain('--force');
    expect(existsSync(path.join(dir, 'org.yaml'))).toBe(false);
    expect((await emu.requests()).total).toBe(0);

    const forced = await runCli(['import', '--out', dir, '--force'], { env: emu.env() });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'keep.yaml'), 'utf8')).toBe('mine: true\n');
    expect(existsSync(path.join(dir, 'org.yaml'))).toBe(true);
  });

  it('fails with exit 1 and a clear message without an admin key', async () => {
    const result = await runCli(['import', '--out', path.join(dir, 'x')], { env: { OPENAI_BASE_URL: emu.baseUrl } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('OPENAI_ADMIN_KEY');
  });
});
