import { describe, expect, it } from 'vitest';
import { fullReadScope, LiveReadError, readLiveState, readScopeFor } from '../../src/live/index.js';
import type { ReadProgress } from '../../src/live/index.js';
import { desired, IGNORE_ALL } from './desired.js';
import { assigned, fakeApi, user } from './fake-api.js';
import { richOrg } from './fixtures.js';

describe('readLiveState: normalization', () => {
  it('keys members by lower-cased email, skips service-account users, keeps SCIM flags', async () => {
    const live = await readLiveState(fakeApi(richOrg()), fullReadScope());
    expect([...live.org.members.keys()]).toEqual(['ada@example.com', 'grace@example.com']);
    expect(live.org.members.get('ada@example.com')).toEqual({
      email: 'ada@example.com',
      role: 'owner',
      id: 'user-ada',
      name: 'user-ada',
      scimManaged: false,
      // The predefined role equal to the base role (scoped id) is not a separate assignment.
      roles: ['Billing Viewer'],
    });
    expect(live.org.members.get('grace@example.com')?.scimManaged).toBe(true);
  });

  it('keeps one invite per email, pending first, and drops accepted ones', async () => {
    const live = await readLiveState(fakeApi(richOrg()), fullReadScope());
    expect([...live.org.invites.keys()]).toEqual(['linus@example.com']);
    expect(live.org.invites.get('linus@example.com')).toEqual({
      id: 'invite-linus',
      email: 'linus@example.com',
      role: 'reader',
      status: 'pending',
      expiresAt: 1_900_000_000,
      projects: [{ projectId: 'proj_search', role: 'member' }],
    });
  });

  it('splits custom org roles from predefined ones, by name', async () => {
    const live = await readLiveState(fakeApi(richOrg()), fullReadScope());
    expect([...(live.org.roles?.keys() ?? [])]).toEqual(['Billing Viewer']);
    expect(live.org.roles?.get('Billing Viewer')?.permissions).toEqual(['a.read', 'b.read']);
    expect([...live.predefinedRoles.org.keys()]).toEqual(['Owner']);
  });

  it('resolves group members without an email through the org users', async () => {
    const live = await readLiveState(fakeApi(richOrg()), fullReadScope());
    expect(live.org.groups?.get('ml-platform')).toEqual({
      name: 'ml-platform',
      id: 'group-ml',
      scimManaged: false,
      members: ['ada@example.com', 'grace@example.com'],
      roles: ['Billing Viewer'],
    });
  });

  it('names certificates by id when they have no name and keeps content when read', async () => {
    const live = await readLiveState(fakeApi(richOrg()), fullReadScope());
    expect(live.org.certificates?.get('corp-mtls')).toEqual({ name: 'corp-mtls', active: true, id: 'cert-1', content: 'PEM' });
    expect(live.org.certificates?.get('cert-2')?.active).toBe(false);
  });

  it('normalizes a project and its children', async () => {
    const live = await readLiveState(fakeApi(richOrg()), fullReadScope());
    const search = live.org.projects.get('search');
    expect(search).toMatchObject({
      name: 'search',
      status: 'active',
      id: 'proj_search',
      externalKeyId: 'ek',
      geography: 'EU_STORAGE_PROCESSING',
      certificates: ['corp-mtls'],
    });
    expect(search?.members?.get('ada@example.com')).toEqual({
      email: 'ada@example.com',
      role: 'owner',
      userId: 'user-ada',
      roles: ['Deployer'],
    });
    expect(search?.members?.get('grace@example.com')).toEqual({
      email: 'grace@example.com',
      role: 'member',
      userId: 'user-grace',
      roles: [],
    });
    expect(search?.groups?.get('ml-platform')).toEqual({
      name: 'ml-platform',
      role: 'owner',
      roles: ['Deployer'],
      groupId: 'group-ml',
    });
    expect([...(search?.roles?.keys() ?? [])]).toEqual(['Deployer']);
    expect([...(live.predefinedRoles.project.get('proj_search')?.keys() ?? [])]).toEqual(['Owner']);
    expect(search?.serviceAccounts?.get('indexer')).toEqual({ name: 'indexer', id: 'svc-1', role: 'member', createdAt: 3 });
  });

  describe('a project group\'s role, seen only among its role assignments (both shapes)', () => {
    async function groupRead(roles: ReturnType<typeof assigned>[]) {
      const org = richOrg();
      org.projects[0]!.groups![0]!.roles = roles;
      const live = await readLiveState(fakeApi(org), fullReadScope());
      return live.org.projects.get('search')?.groups?.get('ml-platform');
    }

    it('the assignments list the grant: owner stays owner, member member', async () => {
      expect(await groupRead([assigned('role-api-project-owner__api-project__proj_search', 'Owner', true)])).toMatchObject({ role: 'owner', roles: [] });
      expect(await groupRead([assigned('role-api-project-member', 'Member', true), assigned('role-deployer', 'Deployer')])).toMatchObject({ role: 'member', roles: ['Deployer'] });
    });

    it('the assignments lack the grant: the role is unknown (null), never read as member', async () => {
      expect(await groupRead([])).toMatchObject({ role: null, roles: [] });
      expect(await groupRead([assigned('role-deployer', 'Deployer')])).toMatchObject({ role: null, roles: ['Deployer'] });
    });
  });

  it('maps rate-limit fields from snake_case, keeping only the fields the API gave', async () => {
    const live = await readLiveState(fakeApi(richOrg()), fullReadScope());
    const limits = live.org.projects.get('search')?.rateLimits;
    expect(limits?.get('gpt-4o')).toEqual({
      model: 'gpt-4o',
      id: 'rl-1',
      maxRequestsPer1Minute: 500,
      maxTokensPer1Minute: 150000,
      maxRequestsPer1Day: 10000,
    });
    expect(limits?.get('dall-e-3')).toEqual({
      model: 'dall-e-3',
      id: 'rl-2',
      maxRequestsPer1Minute: 5,
      maxTokensPer1Minute: 0,
      maxImagesPer1Minute: 5,
    });
  });

  it('reads an archived project without its children', async () => {
    const live = await readLiveState(fakeApi(richOrg()), fullReadScope());
    expect(live.org.projects.get('legacy')).toEqual({
      name: 'legacy',
      status: 'archived',
      id: 'proj_old',
      externalKeyId: null,
    });
  });

  it('leaves collections it did not read undefined (not managed), never empty', async () => {
    const live = await readLiveState(fakeApi(richOrg()), readScopeFor(desired({ prune: IGNORE_ALL })));
    expect(live.org.groups).toBeUndefined();
    expect(live.org.roles).toBeUndefined();
    expect(live.org.certificates).toBeUndefined();
    expect(live.org.members.get('ada@example.com')?.roles).toBeUndefined();
    expect(live.org.projects.get('search')?.members).toBeUndefined();
  });

  it('gives an archived namesake a distinct key so it never shadows the active project', async () => {
    const org = richOrg();
    org.projects.unshift({ project: { ...org.projects[1]!.project, id: 'proj_dup', name: 'search' } });
    const live = await readLiveState(fakeApi(org), fullReadScope());
    expect(live.org.projects.get('search')?.id).toBe('proj_search');
    expect(live.org.projects.get('search#proj_dup')?.status).toBe('archived');
  });
});

describe('readLiveState: failures abort the read', () => {
  it('rejects with a LiveReadError naming what could not be read', async () => {
    const api = fakeApi(richOrg(), { fail: { listProjectRateLimits: { error: new Error('HTTP 500') } } });
    const read = readLiveState(api, fullReadScope());
    await expect(read).rejects.toBeInstanceOf(LiveReadError);
    await expect(read).rejects.toThrow('could not read rate limits of project search: HTTP 500');
  });

  it('rejects when a list fails after its first items (a partial list is not a list)', async () => {
    const org = richOrg();
    org.users = Array.from({ length: 150 }, (_, i) => user(`user-${i}`, `u${i}@example.com`));
    const api = fakeApi(org, { fail: { listUsers: { error: new Error('page 2 malformed'), afterItems: 100 } } });
    await expect(readLiveState(api, readScopeFor(desired()))).rejects.toThrow(
      'could not read organization users: page 2 malformed',
    );
  });

  it('rejects when a group member is neither given an email nor an org user', async () => {
    const org = richOrg();
    org.groups?.[0]?.users.push({ id: 'user-gone', name: 'Gone', email: null });
    await expect(readLiveState(fakeApi(org), fullReadScope())).rejects.toThrow('user user-gone has no email');
  });

  it('keeps the cause', async () => {
    const cause = new Error('socket hang up');
    const api = fakeApi(richOrg(), { fail: { listInvites: { error: cause } } });
    const error: unknown = await readLiveState(api, readScopeFor(desired())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveReadError);
    expect((error as LiveReadError).cause).toBe(cause);
    expect((error as LiveReadError).what).toBe('organization invites');
  });
});

describe('readLiveState: stats and progress', () => {
  it('counts objects and requests of this read only, by route', async () => {
    const org = richOrg();
    org.users.push(...Array.from({ length: 200 }, (_, i) => user(`user-${i}`, `u${i}@example.com`)));
    const api = fakeApi(org);
    await readLiveState(api, readScopeFor(desired({ prune: IGNORE_ALL }))); // earlier requests must not count
    const live = await readLiveState(api, readScopeFor(desired({ prune: IGNORE_ALL })));
    expect(live.stats.byRoute).toEqual({
      '/organization/users': 3,
      '/organization/invites': 1,
      '/organization/projects': 1,
    });
    expect(live.stats.requests).toBe(5);
    expect(live.stats.objects).toBe(203 + 3 + 3);
  });

  it('reports progress per phase, ending with every list done', async () => {
    const events: ReadProgress[] = [];
    await readLiveState(fakeApi(richOrg()), fullReadScope(), { onProgress: (p) => events.push(p) });
    const last = (phase: string) => events.filter((e) => e.phase === phase).at(-1);
    // six lists and the three governance settings
    expect(last('organization')).toEqual({ phase: 'organization', done: 9, total: 9 });
    const projects = last('projects');
    expect(projects?.done).toBe(projects?.total);
    expect(projects?.total).toBeGreaterThan(10);
  });
});

describe('readLiveState: a failure stops the rest of the read', () => {
  it('stops paging other lists once one has failed', async () => {
    const org = richOrg();
    org.users = Array.from({ length: 500 }, (_, i) => user(`user-${i}`, `u${i}@example.com`));
    const api = fakeApi(org, { fail: { listInvites: { error: new Error('HTTP 500') } } });
    await expect(readLiveState(api, fullReadScope())).rejects.toThrow('could not read organization invites: HTTP 500');
    // Let whatever is still in flight run to its end before counting.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    // Five pages of users were there; the read gave up long before.
    expect(api.requestStats().byRoute['/organization/users']).toBeLessThan(5);
    expect(api.calls.filter((c) => c.startsWith('listUserRoles'))).toEqual([]);
  });
});
