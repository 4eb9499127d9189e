import { describe, expect, it } from 'vitest';
import { fullReadScope, readLiveState, readScopeFor } from '../../src/live/index.js';
import type { Project } from '../../src/model/types.js';
import { desired, IGNORE_ALL } from './desired.js';
import { fakeApi } from './fake-api.js';
import { richOrg } from './fixtures.js';

const project = (fields: Partial<Project> & { name: string }): Project => ({ status: 'active', ...fields });

async function callsFor(state: ReturnType<typeof desired>): Promise<string[]> {
  const api = fakeApi(richOrg());
  await readLiveState(api, readScopeFor(state));
  return [...api.calls].sort();
}

describe('readScopeFor: only what manifests and policy manage is read', () => {
  it('reads only users, invites and projects for members-only manifests that prune nothing', async () => {
    const calls = await callsFor(
      desired({ members: [{ email: 'ada@example.com', role: 'owner' }], prune: IGNORE_ALL }),
    );
    expect(calls).toEqual(['listInvites()', 'listProjects(true)', 'listUsers()']);
  });

  it('reads groups and org roles when the policy prunes them even if no manifest declares any', async () => {
    const calls = await callsFor(desired({ members: [{ email: 'ada@example.com', role: 'owner' }] }));
    expect(calls).toEqual(['listGroups()', 'listInvites()', 'listProjects(true)', 'listRoles()', 'listUsers()']);
  });

  it('reads org-role assignments only of members that declare roles', async () => {
    const calls = await callsFor(
      desired({
        members: [
          { email: 'ada@example.com', role: 'owner', roles: ['Billing Viewer'] },
          { email: 'grace@example.com', role: 'reader' },
        ],
        prune: IGNORE_ALL,
      }),
    );
    expect(calls).toContain('listUserRoles(user-ada)');
    expect(calls).not.toContain('listUserRoles(user-grace)');
    expect(calls).toContain('listRoles()');
  });

  it('reads group members and roles only for groups that declare them', async () => {
    const scope = readScopeFor(
      desired({ groups: [{ name: 'ml-platform', members: [] }, { name: 'other', roles: [] }], prune: IGNORE_ALL }),
    );
    const api = fakeApi(richOrg());
    const live = await readLiveState(api, scope);
    expect(api.calls).toContain('listGroupUsers(group-ml)');
    expect(api.calls).not.toContain('listGroupRoles(group-ml)');
    expect(live.org.groups?.get('ml-platform')?.roles).toBeUndefined();
  });

  it('reads a declared project only for the collections it declares', async () => {
    const calls = await callsFor(
      desired({
        prune: IGNORE_ALL,
        projects: [
          project({
            name: 'search',
            members: new Map([['ada@example.com', { email: 'ada@example.com', role: 'owner', roles: ['Deployer'] }]]),
            rateLimits: new Map(),
          }),
        ],
      }),
    );
    expect(calls.filter((c) => c.includes('proj_'))).toEqual([
      'listProjectRateLimits(proj_search)',
      'listProjectRoles(proj_search)',
      'listProjectUserRoles(proj_search,user-ada)',
      'listProjectUsers(proj_search)',
    ]);
  });

  it('reads project groups with their role assignments (they carry the base role)', async () => {
    const calls = await callsFor(
      desired({ prune: IGNORE_ALL, projects: [project({ name: 'search', groups: new Map() })] }),
    );
    expect(calls.filter((c) => c.includes('proj_'))).toEqual([
      'listProjectGroupRoles(proj_search,group-ml)',
      'listProjectGroups(proj_search)',
      'listProjectRoles(proj_search)',
    ]);
  });

  it('never reads the children of an archived live project, nor of a project declared archived', async () => {
    const calls = await callsFor(
      desired({
        prune: IGNORE_ALL,
        projects: [
          project({ name: 'legacy', members: new Map() }),
          project({ name: 'search', status: 'archived', members: new Map() }),
        ],
      }),
    );
    expect(calls.filter((c) => c.includes('proj_'))).toEqual([]);
  });

  it('matches a project pinned by id even when the live name differs', async () => {
    const calls = await callsFor(
      desired({ prune: IGNORE_ALL, projects: [project({ name: 'renamed', id: 'proj_search', serviceAccounts: new Map() })] }),
    );
    expect(calls).toContain('listProjectServiceAccounts(proj_search)');
  });

  it('reads certificates only when declared, org or project level', async () => {
    expect(await callsFor(desired({ prune: IGNORE_ALL }))).not.toContain('listCertificates()');
    const calls = await callsFor(
      desired({ prune: IGNORE_ALL, projects: [project({ name: 'search', certificates: [] })] }),
    );
    expect(calls).toContain('listCertificates()');
    expect(calls).toContain('listProjectCertificates(proj_search)');
  });

  it('reads API keys of every active project when apiKeyMaxIdleDays is set', async () => {
    const calls = await callsFor(desired({ prune: IGNORE_ALL, rules: { apiKeyMaxIdleDays: 90 } }));
    expect(calls.filter((c) => c.startsWith('listProjectApiKeys'))).toEqual([
      'listProjectApiKeys(proj_free)',
      'listProjectApiKeys(proj_search)',
    ]);
  });

  it('reads project members of declared projects when maxProjectOwners is set', async () => {
    const calls = await callsFor(
      desired({ prune: IGNORE_ALL, rules: { maxProjectOwners: 2 }, projects: [project({ name: 'search' })] }),
    );
    expect(calls).toContain('listProjectUsers(proj_search)');
    expect(calls).not.toContain('listProjectUsers(proj_free)');
  });

  it('reads the admin key owner only when asked', async () => {
    const api = fakeApi({
      ...richOrg(),
      adminKeys: [
        {
          object: 'organization.admin_api_key',
          id: 'key_1',
          redacted_value: 'sk-admin...abcd',
          created_at: 1,
          expires_at: null,
          owner: { type: 'user', id: 'user-ada' },
        },
      ],
    });
    const scope = readScopeFor(desired({ prune: IGNORE_ALL }));
    expect((await readLiveState(api, scope)).adminKeyOwnerId).toBeUndefined();
    expect(api.calls).not.toContain('listAdminApiKeys()');
    expect((await readLiveState(api, { ...scope, adminKeyOwner: true })).adminKeyOwnerId).toBe('user-ada');
  });

  it('fullReadScope reads every child of every active project and every certificate content', async () => {
    const api = fakeApi(richOrg());
    await readLiveState(api, fullReadScope());
    expect(api.calls).toEqual(
      expect.arrayContaining([
        'listProjectUsers(proj_search)',
        'listProjectUsers(proj_free)',
        'listProjectServiceAccounts(proj_free)',
        'getCertificate(cert-1,true)',
        'getCertificate(cert-2,true)',
        'listGroupUsers(group-ml)',
        'listGroupRoles(group-ml)',
      ]),
    );
    expect(api.calls.filter((c) => c.includes('proj_old'))).toEqual([]);
  });
});
