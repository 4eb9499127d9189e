import { describe, expect, it } from 'vitest';
import { criticalPath, dependencyDepth, timeLowerBound } from '../../src/bench/lower-bound.js';
import { NO_PROJECT_CHILDREN, type ReadCounts, type ReadScope } from '../../src/live/index.js';

/** Users, invites and projects only (nothing below them managed). */
const scope: ReadScope = {
  userRoles: new Set(),
  groups: false,
  groupMembers: new Set(),
  groupRoles: new Set(),
  orgRoles: false,
  certificates: false,
  certificateContent: false,
  projects: { byId: new Map(), byName: new Map(), others: NO_PROJECT_CHILDREN },
};

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

describe('timeLowerBound', () => {
  const rate = { rps: 100, burst: 100, latencyMs: 25 };

  it('is the rate limit beyond the burst when there are many requests', () => {
    const bound = timeLowerBound(1100, 10, rate);
    expect(bound.rateMs).toBe(10_000);
    expect(bound.pathMs).toBe(250);
    expect(bound.ms).toBe(10_000);
    expect(bound.noBurstMs).toBe(11_000);
  });

  it('is the critical path when the burst covers every request', () => {
    const bound = timeLowerBound(60, 4, rate);
    expect(bound.rateMs).toBe(0);
    expect(bound.ms).toBe(100);
  });
});

describe('criticalPath', () => {
  it('chains the pages of the user list', () => {
    // 250 users: 3 sequential pages; nothing below them is managed.
    expect(criticalPath(scope, { ...none, users: 250 })).toBe(3);
  });

  it('adds a project child list after the project pages', () => {
    const counts: ReadCounts = {
      ...none,
      projects: [
        {
          name: 'p',
          id: 'proj_1',
          archived: false,
          members: [{ email: 'a@example.com', roles: 0 }],
          groups: [],
          roles: 0,
          serviceAccounts: 0,
          rateLimits: 0,
          certificates: 0,
          apiKeys: 0,
        },
      ],
    };
    const withMembers = {
      ...scope,
      projects: { ...scope.projects, others: { ...scope.projects.others, members: true } },
    };
    expect(criticalPath(withMembers, counts)).toBe(2);
    expect(criticalPath(scope, counts)).toBe(1);
  });
});

describe('dependencyDepth', () => {
  it('follows dependsOn and repeated addresses', () => {
    const changes = [
      { address: 'org.role["a"]', dependsOn: [] },
      { address: 'org.member["x"].role["a"]', dependsOn: ['org.role["a"]'] },
      { address: 'org.invite["y"]', dependsOn: [] },
      { address: 'org.invite["y"]', dependsOn: [] },
    ];
    expect(dependencyDepth(changes)).toBe(2);
    expect(dependencyDepth([])).toBe(0);
  });
});
