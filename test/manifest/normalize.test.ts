// The desired model built from a complete, valid configuration.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/manifest/index.js';
import { DEFAULT_POLICY } from '../../src/model/types.js';

const COMPLETE = new URL('./fixtures/good/complete/', import.meta.url).pathname;

async function load() {
  const result = await loadManifests(COMPLETE);
  expect(result.errors).toEqual([]);
  expect(result.warnings).toEqual([]);
  return result.desired!;
}

describe('loadManifests on a valid configuration', () => {
  it('lists the files it read, sorted, relative to the folder', async () => {
    const result = await loadManifests(COMPLETE);
    expect(result.files).toEqual(['org.yaml', 'policy.yaml', 'projects/legacy.yaml', 'projects/search.yaml']);
  });

  it('keys members by lower-cased email and records where each was declared', async () => {
    const { org } = await load();
    expect([...org.members.keys()]).toEqual(['ada@example.com', 'grace@example.com', 'alan@example.com']);
    expect(org.members.get('ada@example.com')).toEqual({
      email: 'ada@example.com',
      role: 'owner',
      roles: ['Billing Viewer'],
      source: { file: 'org.yaml', line: 5, column: 7 },
    });
    // roles omitted: not managed for that member
    expect(org.members.get('grace@example.com')).not.toHaveProperty('roles');
    expect(org.invites.size).toBe(0);
  });

  it('merges groups from the Organization and Group documents', async () => {
    const { org } = await load();
    expect(org.groups?.get('ml-platform')).toEqual({
      name: 'ml-platform',
      members: ['ada@example.com', 'alan@example.com'],
      roles: ['Billing Viewer'],
      source: { file: 'org.yaml', line: 13, column: 7 },
    });
    expect(org.groups?.get('support')).toEqual({ name: 'support', members: ['grace@example.com'], source: { file: 'org.yaml', line: 28, column: 9 } });
  });

  it('reads certificates from files relative to the manifest', async () => {
    const { org } = await load();
    const certificate = org.certificates?.get('corp-mtls');
    expect(certificate).toMatchObject({ name: 'corp-mtls', active: true, file: 'certs/corp-mtls.pem' });
    expect(certificate?.content).toBe(await readFile(path.join(COMPLETE, 'certs/corp-mtls.pem'), 'utf8'));
  });

  it('builds projects with maps keyed by identity, and leaves unmentioned collections unmanaged', async () => {
    const { org } = await load();
    const search = org.projects.get('search')!;
    expect(search).toMatchObject({ name: 'search', id: 'proj_search1', status: 'active', externalKeyId: null, certificates: ['corp-mtls'] });
    expect(search).not.toHaveProperty('geography');
    expect([...search.members!.keys()]).toEqual(['ada@example.com', 'alan@example.com']);
    expect(search.members!.get('alan@example.com')).toEqual({ email: 'alan@example.com', role: 'member', source: { file: 'projects/search.yaml', line: 13, column: 7 } });
    expect(search.groups!.get('ml-platform')).toMatchObject({ name: 'ml-platform', role: 'member', roles: ['Deployer'] });
    expect(search.roles!.get('Deployer')).toMatchObject({ name: 'Deployer', permissions: ['api.model.request'] });
    expect(search.serviceAccounts!.get('indexer')).toMatchObject({ name: 'indexer' });
    expect(search.rateLimits!.get('gpt-4o')).toEqual({
      model: 'gpt-4o',
      maxRequestsPer1Minute: 500,
      maxTokensPer1Minute: 150000,
      source: { file: 'projects/search.yaml', line: 25, column: 5 },
    });

    const legacy = org.projects.get('legacy')!;
    expect(legacy.status).toBe('archived');
    for (const key of ['members', 'groups', 'roles', 'serviceAccounts', 'rateLimits', 'certificates', 'id'] as const) {
      expect(legacy[key]).toBeUndefined();
    }
  });

  it('merges the Policy over the safe defaults', async () => {
    const { policy } = await load();
    expect(policy.prune).toEqual({ ...DEFAULT_POLICY.prune, invites: 'delete' });
    expect(policy.safety).toEqual({ ...DEFAULT_POLICY.safety, minOwners: 2, protected: ['ada@example.com'] });
    expect(policy.rules).toEqual({ allowedEmailDomains: ['example.com'], rateLimitCeilings: { 'gpt-4o': { maxTokensPer1Minute: 2000000 } } });
    expect(policy.drift).toEqual({ selfHeal: false });
    expect(policy.source).toEqual({ file: 'policy.yaml', line: 1, column: 1 });
  });
});

describe('unmanaged collections and defaults', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('without groups, roles, certificates or a Policy: those stay undefined and the default policy applies', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'orgplane-manifest-'));
    await writeFile(path.join(dir, 'org.yml'), 'apiVersion: orgplane/v1\nkind: Organization\nspec:\n  members:\n    - {email: ada@example.com, role: owner}\n');
    const { desired } = await loadManifests(dir);
    expect(desired?.org.groups).toBeUndefined();
    expect(desired?.org.roles).toBeUndefined();
    expect(desired?.org.certificates).toBeUndefined();
    expect(desired?.org.projects.size).toBe(0);
    expect(desired?.policy).toEqual(DEFAULT_POLICY);
  });

  it('reads a project\'s residency under either name, geography (the reference\'s) or residency (the spec\'s)', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'orgplane-manifest-'));
    const org = 'apiVersion: orgplane/v1\nkind: Organization\nspec:\n  members:\n    - {email: ada@example.com, role: owner}\n';
    const project = (name: string, field: string) => `---\napiVersion: orgplane/v1\nkind: Project\nmetadata: {name: ${name}}\nspec: {${field}}\n`;
    await writeFile(path.join(dir, 'org.yml'), org + project('a', 'geography: EU_STORAGE_PROCESSING') + project('b', 'residency: JP_STORAGE') + project('c', 'residency: null'));
    const { desired, errors } = await loadManifests(dir);
    expect(errors).toEqual([]);
    expect(desired?.org.projects.get('a')?.geography).toBe('EU_STORAGE_PROCESSING');
    expect(desired?.org.projects.get('b')?.geography).toBe('JP_STORAGE');
    expect(desired?.org.projects.get('c')).toHaveProperty('geography', null);
  });
});

describe('revision', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('is a sha256 of the manifests: stable, and different when a manifest changes', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'orgplane-manifest-'));
    await cp(COMPLETE, dir, { recursive: true });
    const first = (await loadManifests(dir)).desired!.revision;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect((await loadManifests(dir)).desired!.revision).toBe(first);
    await writeFile(path.join(dir, 'projects/legacy.yaml'), (await readFile(path.join(dir, 'projects/legacy.yaml'), 'utf8')) + '# touched\n');
    expect((await loadManifests(dir)).desired!.revision).not.toBe(first);
  });

  it('is the caller-given revision when there is one (a git commit)', async () => {
    const result = await loadManifests(COMPLETE, { revision: '0123abc' });
    expect(result.desired?.revision).toBe('0123abc');
  });
});
