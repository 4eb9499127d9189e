// The acceptance test of import, in process: import a live organization, then plan the
// written manifests against the same organization: no change.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importOrganization } from '../../src/import/index.js';
import { loadManifests, SCHEMA_URL } from '../../src/manifest/index.js';
import { runPlanPipeline } from '../../src/plan/index.js';
import { certificate, fakeApi, projectUser, rateLimit, user, wireProject } from '../live/fake-api.js';
import { richOrg } from '../live/fixtures.js';

const NOW = new Date('2026-11-28T12:00:00Z');
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'orgplane-import-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function org() {
  const o = richOrg();
  o.certificates = [
    certificate('cert-1', 'corp-mtls', true, '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----'),
    certificate('cert-2', 'Partner CA', false, '-----BEGIN CERTIFICATE-----\nBBB\n-----END CERTIFICATE-----\n'),
  ];
  return o;
}

describe('import → plan round trip', () => {
  it('writes manifests on which plan shows no change', async () => {
    const out = path.join(dir, 'policies');
    const result = await importOrganization(fakeApi(org()), { outDir: out, now: NOW });
    expect(result.files.map((f) => f.path).sort()).toEqual([
      'certs/corp-mtls.pem',
      'certs/partner-ca.pem',
      'org.yaml',
      'policy.yaml',
      'projects/legacy.yaml',
      'projects/sandbox.yaml',
      'projects/search.yaml',
    ]);
    const loaded = await loadManifests(out);
    expect(loaded.errors).toEqual([]);

    const { plan } = await runPlanPipeline({ configDir: out, api: fakeApi(org()), now: NOW });
    expect(plan.changes).toEqual([]);
    expect(plan.conflicts).toEqual([]);
    // Everything live is declared: nothing is left for prune to report.
    expect(plan.unmanaged).toEqual([]);
    expect(result.summary.pendingInvites).toBe(1);
  });

  it('keeps pending invites (with their project access) as members, so plan neither re-invites nor revokes', async () => {
    const out = path.join(dir, 'p');
    await importOrganization(fakeApi(org()), { outDir: out, now: NOW });
    const orgYaml = await readFile(path.join(out, 'org.yaml'), 'utf8');
    expect(orgYaml).toContain('# pending invite, not accepted yet');
    expect(orgYaml).toMatch(/- email: linus@example\.com\n\s+role: reader/);
    const search = await readFile(path.join(out, 'projects/search.yaml'), 'utf8');
    expect(search).toMatch(/# pending invite: joins the project on acceptance\n\s+- email: linus@example\.com\n\s+role: member/);
  });

  it('does not import an invite that has expired by now', async () => {
    const out = path.join(dir, 'p');
    await importOrganization(fakeApi(org()), { outDir: out, now: new Date(1_900_000_001 * 1000) });
    expect(await readFile(path.join(out, 'org.yaml'), 'utf8')).not.toContain('linus@example.com');
  });

  it('starts every manifest with the schema line and reads naturally', async () => {
    const out = path.join(dir, 'p');
    await importOrganization(fakeApi(org()), { outDir: out, now: NOW });
    for (const file of ['org.yaml', 'policy.yaml', 'projects/search.yaml']) {
      const text = await readFile(path.join(out, file), 'utf8');
      const ref = /^# yaml-language-server: \$schema=(\S*orgplane\.schema\.json)$/.exec(text.split('\n')[0]!)?.[1];
      // A relative path to the schema copy in the output folder: it travels with the manifests.
      expect(ref).toBeDefined();
      expect(path.isAbsolute(ref!)).toBe(false);
      expect(await readFile(path.resolve(out, path.dirname(file), ref!), 'utf8')).toBe(await readFile(SCHEMA_URL, 'utf8'));
    }
    const search = await readFile(path.join(out, 'projects/search.yaml'), 'utf8');
    expect(search).toContain('gpt-4o: {maxRequestsPer1Minute: 500, maxTokensPer1Minute: 150000, maxRequestsPer1Day: 10000}');
    expect(search).toContain('roles: [Deployer]');
    expect(search).toContain('geography: EU_STORAGE_PROCESSING');
    const legacy = await readFile(path.join(out, 'projects/legacy.yaml'), 'utf8');
    expect(legacy).toContain('# archived:');
    expect(legacy).toContain('status: archived');
    const policy = await readFile(path.join(out, 'policy.yaml'), 'utf8');
    expect(policy.match(/: report/g)).toHaveLength(8);
    expect(policy).not.toMatch(/: delete/);
    expect(await readFile(path.join(out, 'org.yaml'), 'utf8')).toContain('# managed by SCIM');
  });

  it('writes certificate PEMs under certs/ and references them by file', async () => {
    const out = path.join(dir, 'p');
    await importOrganization(fakeApi(org()), { outDir: out, now: NOW });
    expect(await readFile(path.join(out, 'certs/corp-mtls.pem'), 'utf8')).toBe(
      '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n',
    );
    const orgYaml = await readFile(path.join(out, 'org.yaml'), 'utf8');
    expect(orgYaml).toMatch(/- name: corp-mtls\n\s+file: certs\/corp-mtls\.pem\n\s+active: true/);
  });

  it('leaves certificates unmanaged when a content cannot be read, still planning no change', async () => {
    const out = path.join(dir, 'p');
    const result = await importOrganization(fakeApi(richOrg()), { outDir: out, now: NOW });
    expect(result.summary.skipped.join('\n')).toContain('no content for cert-2');
    expect(await readFile(path.join(out, 'org.yaml'), 'utf8')).not.toContain('certificates:');
    const { plan } = await runPlanPipeline({ configDir: out, api: fakeApi(richOrg()), now: NOW });
    expect(plan.changes).toEqual([]);
  });

  it('round-trips an organization of several pages', async () => {
    const users = Array.from({ length: 240 }, (_, i) => user(`user-${i}`, `person${i}@example.com`, i < 2 ? 'owner' : 'reader'));
    const big = {
      users,
      projects: Array.from({ length: 130 }, (_, p) => ({
        project: wireProject(`proj_${p}`, `Project ${p}`),
        users: users.slice(p, p + 3).map((u, i) => projectUser(u.id, u.email ?? null, i === 0 ? 'owner' : 'member')),
        rateLimits: [rateLimit(`rl-${p}`, 'gpt-4o', 100 + p, 1000)],
      })),
    };
    const out = path.join(dir, 'big');
    const result = await importOrganization(fakeApi(big), { outDir: out, now: NOW });
    expect(result.summary.projects).toBe(130);
    expect((await readdir(path.join(out, 'projects'))).length).toBe(130);
    const { plan } = await runPlanPipeline({ configDir: out, api: fakeApi(big), now: NOW });
    expect(plan.changes).toEqual([]);
  });
});
