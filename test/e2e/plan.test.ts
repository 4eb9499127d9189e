// `orgplane plan` end to end: the built CLI against the emulator, manifests in a temp dir.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { parsePlan } from '../../src/plan/index.js';
import { runCli } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const SEED: EmulatorSeed = {
  users: [
    { id: 'user-ada', email: 'ada@example.com', role: 'owner' },
    { id: 'user-bob', email: 'bob@example.com', role: 'reader' },
    { id: 'user-eve', email: 'eve@example.com', role: 'reader' },
  ],
  projects: [
    {
      id: 'proj_search',
      name: 'search',
      users: [
        { user: 'ada@example.com', role: 'owner' },
        { user: 'eve@example.com', role: 'member' },
      ],
      rate_limits: [{ model: 'gpt-4o', max_tokens_per_1_minute: 30_000 }],
    },
  ],
};

const ORG = `apiVersion: orgplane/v1
kind: Organization
spec:
  members:
    - email: ada@example.com
      role: owner
    - email: bob@example.com
      role: owner
    - email: grace@example.com
      role: reader
`;

const SEARCH = `apiVersion: orgplane/v1
kind: Project
metadata:
  name: search
spec:
  status: active
  members:
    - email: ada@example.com
      role: owner
    - email: grace@example.com
      role: member
  rateLimits:
    gpt-4o: { maxTokensPer1Minute: 150000 }
`;

const POLICY = `apiVersion: orgplane/v1
kind: Policy
spec:
  prune:
    members: delete
    projectMembers: delete
`;

describe('orgplane plan (e2e)', () => {
  let emu: TestEmulator;
  let dir: string;

  beforeAll(async () => {
    emu = await startTestEmulator({ seed: SEED });
  });
  afterAll(async () => {
    await emu.stop();
  });
  beforeEach(async () => {
    await emu.reset();
    dir = mkdtempSync(path.join(tmpdir(), 'orgplane-plan-'));
    mkdirSync(path.join(dir, 'policies/projects'), { recursive: true });
    writeFileSync(path.join(dir, 'policies/org.yaml'), ORG);
    writeFileSync(path.join(dir, 'policies/projects/search.yaml'), SEARCH);
    writeFileSync(path.join(dir, 'policies/policy.yaml'), POLICY);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const plan = (...args: string[]) => runCli(['plan', '--config', path.join(dir, 'policies'), ...args], { env: emu.env(), cwd: dir });

  it('prints the JSON plan, writes it to --out, and exits 2 with --detailed-exitcode', async () => {
    const out = path.join(dir, 'plan.json');
    const result = await plan('--format', 'json', '--out', out, '--detailed-exitcode');
    expect(result.stderr).not.toContain(emu.adminKey);
    expect(result.code, result.stderr).toBe(2);
    const printed = parsePlan(result.stdout);
    expect(parsePlan(readFileSync(out, 'utf8'))).toEqual(printed);
    expect(printed.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'invite org.invite["grace@example.com"]',
      'update org.member["bob@example.com"]',
      'update project["search"].rate_limit["gpt-4o"]',
      'delete org.member["eve@example.com"]',
    ]);
    expect(printed.changes[0]).toMatchObject({ after: { role: 'reader', projects: [{ project: 'search', projectId: 'proj_search', role: 'member' }] } });
    expect(printed.changes[2]).toMatchObject({ before: { maxTokensPer1Minute: 30_000 }, after: { maxTokensPer1Minute: 150_000 } });
    expect(printed.summary).toMatchObject({ invite: 1, update: 2, delete: 1, unassign: 0 });
    expect(printed.read.requests).toBeGreaterThan(0);
    const fileText = readFileSync(out, 'utf8');
    expect(fileText).not.toContain(emu.adminKey);
  });

  it('prints the text plan like terraform, with the summary line', async () => {
    const result = await plan();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('  + invite org.invite["grace@example.com"]');
    expect(result.stdout).toContain('  ! delete org.member["eve@example.com"]  (destructive)');
    expect(result.stdout).toContain('Plan: 1 to invite, 2 to update, 1 to remove. 1 destructive.');
    expect(result.stdout).toMatch(/Read \d+ objects in \d+ requests\./);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('prints the markdown plan for a PR comment', async () => {
    const result = await plan('--format', 'markdown');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.startsWith('### orgplane plan\n\n**Plan: 1 to invite, 2 to update, 1 to remove.**')).toBe(true);
    expect(result.stdout).toContain('- ⚠️ `eve@example.com`: leaves the organization');
  });

  it('exits 0 with --detailed-exitcode when the organization matches', async () => {
    writeFileSync(
      path.join(dir, 'policies/org.yaml'),
      [
        'apiVersion: orgplane/v1',
        'kind: Organization',
        'spec:',
        '  members:',
        '    - { email: ada@example.com, role: owner }',
        '    - { email: bob@example.com, role: reader }',
        '    - { email: eve@example.com, role: reader }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'policies/projects/search.yaml'),
      SEARCH.replace('grace@example.com', 'eve@example.com').replace('150000', '30000'),
    );
    const result = await plan('--detailed-exitcode');
    expect(result.stdout).toContain('No changes. The organization matches the manifests.');
    expect(result.code, result.stderr).toBe(0);
  });

  it('reports manifest errors as path:line:col and calls no API', async () => {
    writeFileSync(path.join(dir, 'policies/org.yaml'), ORG.replace('role: reader', 'role: superuser'));
    await emu.resetRequests();
    const result = await plan();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^org\.yaml:\d+:\d+ error: /m);
    expect((await emu.requests()).total).toBe(0);
  });

  it('names the line of an unknown role, with a suggestion', async () => {
    writeFileSync(path.join(dir, 'policies/org.yaml'), ORG.replace('role: owner\n', 'role: owner\n      roles: [Billing Viewr]\n').concat('  roles:\n    - name: Billing Viewer\n      permissions: [api.organization.billing.read]\n'));
    const result = await plan();
    expect(result.code).toBe(1);
    // The exact list item, not just the member entry.
    const messages = result.stderr.trim().split('\n').filter((line) => !line.startsWith('{')); // pino JSON logs aside
    expect(messages).toEqual(['org.yaml:7:15 error: unknown role "Billing Viewr" (did you mean "Billing Viewer"?)']);
  });

  it('fails clearly without an admin key', async () => {
    const result = await runCli(['plan', '--config', path.join(dir, 'policies')], { env: { OPENAI_BASE_URL: emu.baseUrl }, cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no admin key');
  });
});
