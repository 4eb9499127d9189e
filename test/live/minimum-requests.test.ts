import { describe, expect, it } from 'vitest';
import { fullReadScope, minimumRequests, readLiveState, readScopeFor } from '../../src/live/index.js';
import type { ReadCounts } from '../../src/live/index.js';
import { desired, IGNORE_ALL } from './desired.js';
import { fakeApi, projectUser, user, wireProject, type FakeOrg } from './fake-api.js';

const none: ReadCounts = {
  users: 0,
  invites: 0,
  orgRoles: 0,
  certificates: 0,
  adminApiKeys: 0,
  userRoles: new Map(),
  groups: [],
  projects: [],
};

const emptyProject = { members: [], groups: [], roles: 0, serviceAccounts: 0, rateLimits: 0, certificates: 0, apiKeys: 0 };

describe('minimumRequests', () => {
  it('needs one page per always-read list even when the organization is empty', () => {
    expect(minimumRequests(readScopeFor(desired({ prune: IGNORE_ALL })), none)).toBe(3);
  });

  it('pages users by 100 and roles and groups by 1000', () => {
    const scope = readScopeFor(desired());
    const counts: ReadCounts = {
      ...none,
      users: 250,
      orgRoles: 1001,
      groups: Array.from({ length: 1000 }, (_, i) => ({ name: `g${i}`, members: 5, roles: 0 })),
    };
    // users 3 + invites 1 + projects 1 + roles 2 + groups 1 (no members/roles managed)
    expect(minimumRequests(scope, counts)).toBe(8);
  });

  it('counts certificate contents, one request each, only when asked', () => {
    const counts = { ...none, certificates: 3 };
    // users, invites, projects, roles, groups, certificates: one page each; spend limit,
    // spend alerts, data retention of the organization: one request each
    expect(minimumRequests(fullReadScope(), counts)).toBe(6 + 3 + 3);
    expect(minimumRequests(fullReadScope({ certificateContent: false }), counts)).toBe(6 + 3);
  });

  it('skips archived projects and pages every child list of active ones', () => {
    const counts: ReadCounts = {
      ...none,
      projects: [
        { ...emptyProject, name: 'old', id: 'p0', archived: true, serviceAccounts: 500 },
        {
          ...emptyProject,
          name: 'search',
          id: 'p1',
          archived: false,
          members: Array.from({ length: 101 }, (_, i) => ({ email: `u${i}@x`, roles: 1 })),
          groups: [{ name: 'g', roles: 2 }],
          serviceAccounts: 201,
        },
      ],
    };
    // org: users, invites, projects, roles, groups, certificates = 6, + 3 governance settings
    // search: members 2 + 101 member-role lists + groups 1 + group roles 1 + roles 1 + SAs 3
    //         + rate limits 1 + certificates 1 = 111, + spend limit, spend alerts, model and
    //         hosted-tool permissions, data retention = 5
    expect(minimumRequests(fullReadScope(), counts)).toBe(6 + 3 + 111 + 5);
  });

  it('equals what readLiveState spends on a paged organization', async () => {
    const org: FakeOrg = {
      users: Array.from({ length: 230 }, (_, i) => user(`user-${i}`, `u${i}@example.com`)),
      projects: [
        {
          project: wireProject('proj_a', 'a'),
          users: Array.from({ length: 120 }, (_, i) => projectUser(`user-${i}`, `u${i}@example.com`)),
        },
        { project: wireProject('proj_b', 'b') },
      ],
    };
    const state = desired({
      projects: [
        {
          name: 'a',
          status: 'active',
          members: new Map([['u1@example.com', { email: 'u1@example.com', role: 'member', roles: [] }]]),
        },
      ],
    });
    const scope = readScopeFor(state);
    const live = await readLiveState(fakeApi(org), scope);
    const counts: ReadCounts = {
      ...none,
      users: 230,
      projects: [
        {
          ...emptyProject,
          name: 'a',
          id: 'proj_a',
          archived: false,
          members: Array.from({ length: 120 }, (_, i) => ({ email: `u${i}@example.com`, roles: 0 })),
        },
        { ...emptyProject, name: 'b', id: 'proj_b', archived: false },
      ],
    };
    // users 3 + invites 1 + projects 1 + roles 1 + groups 1 + project users 2 + one member's roles 1 + project roles 1
    expect(minimumRequests(scope, counts)).toBe(11);
    expect(live.stats.requests).toBe(minimumRequests(scope, counts));
  });
});

describe('minimumRequests of the governance settings', () => {
  it('counts one request per managed singleton and pages per alert list, for managed projects only', () => {
    const scope = readScopeFor(
      desired({
        prune: IGNORE_ALL,
        projects: [{ name: 'search', id: 'p1', status: 'active', spendLimit: null, spendAlerts: new Map(), modelPermissions: null }],
      }),
    );
    const counts: ReadCounts = {
      ...none,
      projects: [
        { ...emptyProject, name: 'search', id: 'p1', archived: false, extensions: new Map([['project.spend_alert', 150]]) },
        { ...emptyProject, name: 'other', id: 'p2', archived: false, extensions: new Map([['project.spend_alert', 3]]) },
      ],
    };
    // users, invites, projects = 3; search: spend limit 1 + model permissions 1 + alerts 2 pages (100 a page)
    expect(minimumRequests(scope, counts)).toBe(3 + 1 + 1 + 2);
  });
});
