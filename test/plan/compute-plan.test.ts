import { describe, expect, it } from 'vitest';
import { computePlan, formatPlanProblem, PlanError } from '../../src/plan/index.js';
import type { Change, Plan } from '../../src/plan/types.js';
import type { DesiredState, LiveState, PruneMode } from '../../src/model/types.js';
import {
  at,
  DAY,
  desiredState,
  groups,
  invites,
  liveProject,
  liveState,
  members,
  NOW,
  NOW_SECONDS,
  projectMembers,
  projects,
  roles,
  user,
  want,
  wantProject,
} from './fixtures.js';

function plan(desired: DesiredState, live: LiveState): Plan {
  return computePlan(desired, live, { now: NOW, fingerprint: () => 'fp-1' });
}

/** `action address` per change, in plan order: what a reviewer reads first. */
function lines(p: Plan): string[] {
  return p.changes.map((c) => `${c.action} ${c.address}`);
}

function change(p: Plan, address: string, action?: Change['action']): Change {
  const found = p.changes.find((c) => c.address === address && (action === undefined || c.action === action));
  if (found === undefined) throw new Error(`no change ${action ?? ''} ${address} in:\n${lines(p).join('\n')}`);
  return found;
}

describe('computePlan: plan envelope', () => {
  it('reports no changes when live matches desired, with revision, fingerprint, read cost', () => {
    const p = plan(
      desiredState({ members: members(want('ada@example.com', 'owner')) }),
      liveState({ members: members(user('ada@example.com', 'owner')) }),
    );
    expect(p.changes).toEqual([]);
    expect(p).toMatchObject({
      formatVersion: 1,
      revision: 'rev-1',
      liveFingerprint: 'fp-1',
      createdAt: NOW.toISOString(),
      read: { objects: 42, requests: 7 },
      summary: { create: 0, update: 0, delete: 0, invite: 0, archive: 0, assign: 0, unassign: 0 },
    });
  });

  it('uses src/live fingerprint by default: stable for equal live states', () => {
    const d = desiredState();
    const a = computePlan(d, liveState({ members: members(user('a@x.io')) }), { now: NOW });
    const b = computePlan(d, liveState({ members: members(user('a@x.io')) }), { now: NOW });
    const c = computePlan(d, liveState({ members: members(user('b@x.io')) }), { now: NOW });
    expect(a.liveFingerprint).toBe(b.liveFingerprint);
    expect(a.liveFingerprint).not.toBe(c.liveFingerprint);
  });
});

describe('computePlan: org members', () => {
  it.each([
    { from: 'reader', to: 'owner', destructive: false },
    { from: 'owner', to: 'reader', destructive: true },
  ] as const)('updates the org role $from → $to (destructive: $destructive)', ({ from, to, destructive }) => {
    const p = plan(
      desiredState({ members: members(want('ada@example.com', to)) }),
      liveState({ members: members(user('ada@example.com', from)) }),
    );
    expect(p.changes).toEqual([
      expect.objectContaining({
        address: 'org.member["ada@example.com"]',
        action: 'update',
        kind: 'org.member',
        before: { role: from },
        after: { role: to },
        destructive,
        target: { email: 'ada@example.com', userId: 'user-ada' },
        source: at(3),
      }),
    ]);
    expect(p.summary.update).toBe(1);
  });

  it('assigns and unassigns org roles by name, only when the manifest states them', () => {
    const d = desiredState({
      members: members(want('ada@example.com', 'owner', { roles: ['Billing Viewer'] }), want('bob@example.com')),
      roles: roles({ name: 'Billing Viewer', permissions: ['api.organization.billing.read'] }),
    });
    const l = liveState({
      members: members(user('ada@example.com', 'owner', { roles: ['Organization Reader'] }), user('bob@example.com', 'reader', { roles: ['Organization Reader'] })),
      roles: roles({ name: 'Billing Viewer', permissions: ['api.organization.billing.read'], id: 'role-bv' }),
    });
    const p = plan(d, l);
    expect(lines(p)).toEqual([
      'assign org.member["ada@example.com"].role["Billing Viewer"]',
      'unassign org.member["ada@example.com"].role["Organization Reader"]',
    ]);
    expect(change(p, 'org.member["ada@example.com"].role["Billing Viewer"]').target).toEqual({
      email: 'ada@example.com',
      userId: 'user-ada',
      role: 'Billing Viewer',
      roleId: 'role-bv',
      roleScope: 'org',
    });
  });

  it.each<[PruneMode, string[], string[]]>([
    ['delete', ['delete org.member["eve@example.com"]'], []],
    ['report', [], ['org.member["eve@example.com"]']],
    ['ignore', [], []],
  ])('prune.members: %s', (mode, expectedChanges, expectedUnmanaged) => {
    const p = plan(
      desiredState({ members: members(want('ada@example.com')) }, { prune: { members: mode } }),
      liveState({ members: members(user('ada@example.com'), user('eve@example.com')) }),
    );
    expect(lines(p)).toEqual(expectedChanges);
    expect(p.unmanaged.map((u) => u.address)).toEqual(expectedUnmanaged);
    for (const c of p.changes) expect(c.destructive).toBe(true);
  });

  it('removes a leaving user with ONE change, not one per project or group', () => {
    const d = desiredState(
      {
        members: members(want('ada@example.com', 'owner')),
        groups: groups({ name: 'ml', members: ['ada@example.com'], source: at(10) }),
        projects: projects(wantProject('search', { members: projectMembers({ email: 'ada@example.com', role: 'owner' }) })),
      },
      { prune: { members: 'delete', projectMembers: 'delete', projectGroups: 'delete' } },
    );
    const l = liveState({
      members: members(user('ada@example.com', 'owner'), user('eve@example.com', 'reader', { roles: ['Organization Reader'] })),
      groups: groups({ name: 'ml', id: 'g-ml', members: ['ada@example.com', 'eve@example.com'] }),
      projects: projects(
        liveProject('search', {
          members: projectMembers({ email: 'ada@example.com', role: 'owner', userId: 'user-ada' }, { email: 'eve@example.com', role: 'member', userId: 'user-eve' }),
        }),
      ),
    });
    const p = plan(d, l);
    expect(lines(p)).toEqual(['delete org.member["eve@example.com"]']);
    expect(p.changes[0]!.reason).toContain('also removes them from 1 project and 1 group');
  });

  it('never changes a SCIM-managed user: role difference and prune become conflicts', () => {
    const p = plan(
      desiredState({ members: members(want('ada@example.com', 'owner')) }, { prune: { members: 'delete' } }),
      liveState({
        members: members(user('ada@example.com', 'reader', { scimManaged: true }), user('sam@example.com', 'reader', { scimManaged: true })),
      }),
    );
    expect(p.changes).toEqual([]);
    expect(p.conflicts).toEqual([
      expect.objectContaining({ address: 'org.member["ada@example.com"]', owner: 'identity provider', source: at(3) }),
      expect.objectContaining({ address: 'org.member["sam@example.com"]', owner: 'identity provider' }),
    ]);
    expect(p.conflicts[0]!.reason).toMatch(/identity provider/);
  });
});

describe('computePlan: invites', () => {
  const search = liveProject('search');

  it('sends ONE invite carrying org role and project memberships; project membership is not planned separately', () => {
    const d = desiredState({
      members: members(want('grace@example.com', 'reader')),
      projects: projects(
        wantProject('search', { members: projectMembers({ email: 'grace@example.com', role: 'owner' }) }),
        wantProject('ads', { members: projectMembers({ email: 'grace@example.com', role: 'member' }) }),
      ),
    });
    const p = plan(d, liveState({ projects: projects(search) }));
    expect(lines(p)).toEqual(['create project["ads"]', 'invite org.invite["grace@example.com"]']);
    const invite = change(p, 'org.invite["grace@example.com"]');
    expect(invite).toMatchObject({
      kind: 'org.invite',
      destructive: false,
      target: { email: 'grace@example.com' },
      after: {
        role: 'reader',
        projects: [
          { project: 'ads', role: 'member' },
          { project: 'search', projectId: 'proj_search', role: 'owner' },
        ],
      },
      dependsOn: ['project["ads"]'],
      source: at(3),
    });
    expect(invite.before).toBeUndefined();
  });

  const pending = (extra: Partial<Parameters<typeof invites>[0]> = {}) =>
    invites({
      id: 'invite-1',
      email: 'grace@example.com',
      role: 'reader',
      status: 'pending',
      expiresAt: NOW_SECONDS + 3 * DAY,
      projects: [{ projectId: 'proj_search', role: 'member' }],
      ...extra,
    });
  const desiredGrace = () =>
    desiredState({
      members: members(want('grace@example.com', 'reader')),
      projects: projects(wantProject('search', { members: projectMembers({ email: 'grace@example.com', role: 'member' }) })),
    });

  it.each([
    { name: 'matches: not re-sent', invite: pending(), replaced: false, reason: '' },
    { name: 'grants another org role', invite: pending({ role: 'owner' }), replaced: true, reason: 'grants owner, the manifest says reader' },
    {
      name: 'grants other projects',
      invite: pending({ projects: [{ projectId: 'proj_search', role: 'owner' }] }),
      replaced: true,
      reason: 'grants search (owner), the manifest says search (member)',
    },
    { name: 'expired by time', invite: pending({ expiresAt: NOW_SECONDS - DAY }), replaced: true, reason: 'expired on 2026-11-27' },
    { name: 'expired by status', invite: pending({ status: 'expired', expiresAt: null }), replaced: true, reason: 'expired' },
  ])('a pending invite that $name', ({ invite, replaced, reason }) => {
    const p = plan(desiredGrace(), liveState({ invites: invite, projects: projects(search) }));
    if (!replaced) {
      expect(p.changes).toEqual([]);
      return;
    }
    expect(lines(p)).toEqual(['delete org.invite["grace@example.com"]', 'invite org.invite["grace@example.com"]']);
    const deletion = change(p, 'org.invite["grace@example.com"]', 'delete');
    expect(deletion.target).toEqual({ email: 'grace@example.com', inviteId: 'invite-1' });
    expect(deletion.reason).toContain(reason);
    expect(change(p, 'org.invite["grace@example.com"]', 'invite').reason).toContain('replaced');
    expect(deletion.wave!).toBeLessThan(change(p, 'org.invite["grace@example.com"]', 'invite').wave!);
  });

  it.each<[PruneMode, string[], string[]]>([
    ['delete', ['delete org.invite["stray@example.com"]'], []],
    ['report', [], ['org.invite["stray@example.com"]']],
    ['ignore', [], []],
  ])('prune.invites: %s for an invite nobody declares', (mode, expectedChanges, expectedUnmanaged) => {
    const p = plan(
      desiredState({}, { prune: { invites: mode } }),
      liveState({
        invites: invites(
          { id: 'invite-9', email: 'stray@example.com', role: 'reader', status: 'pending', expiresAt: null, projects: [] },
          { id: 'invite-8', email: 'old@example.com', role: 'reader', status: 'accepted', expiresAt: null, projects: [] },
        ),
      }),
    );
    expect(lines(p)).toEqual(expectedChanges);
    expect(p.unmanaged.map((u) => u.address)).toEqual(expectedUnmanaged);
  });

  it('mentions roles and groups that follow acceptance, without planning them now', () => {
    const d = desiredState({
      members: members(want('grace@example.com', 'reader', { roles: ['Organization Reader'] })),
      groups: groups({ name: 'ml', members: ['grace@example.com'] }),
    });
    const p = plan(d, liveState({ groups: groups({ name: 'ml', id: 'g-ml', members: [] }) }));
    expect(lines(p)).toEqual(['invite org.invite["grace@example.com"]']);
    expect(p.changes[0]!.reason).toContain('roles Organization Reader and group ml follow once they accept');
  });
});

describe('computePlan: groups', () => {
  it('creates a group, then adds members and roles that depend on it', () => {
    const d = desiredState({
      members: members(want('ada@example.com'), want('grace@example.com')),
      groups: groups({ name: 'ml', members: ['ada@example.com', 'grace@example.com'], roles: ['Billing Viewer'], source: at(12) }),
      roles: roles({ name: 'Billing Viewer', permissions: ['a.read'] }),
    });
    const p = plan(d, liveState({ members: members(user('ada@example.com')), roles: roles() }));
    expect(lines(p)).toEqual([
      'create org.role["Billing Viewer"]',
      'create org.group["ml"]',
      'invite org.invite["grace@example.com"]',
      'assign org.group["ml"].member["ada@example.com"]',
      'assign org.group["ml"].role["Billing Viewer"]',
    ]);
    expect(change(p, 'org.group["ml"].role["Billing Viewer"]').dependsOn).toEqual(['org.group["ml"]', 'org.role["Billing Viewer"]']);
    expect(change(p, 'org.group["ml"].member["ada@example.com"]').dependsOn).toEqual(['org.group["ml"]']);
  });

  it('removes members not listed and treats a SCIM group as owned by the identity provider', () => {
    const d = desiredState({
      members: members(want('ada@example.com'), want('bob@example.com')),
      groups: groups({ name: 'ml', members: ['ada@example.com'] }, { name: 'idp', members: ['ada@example.com'], source: at(20) }),
    });
    const l = liveState({
      members: members(user('ada@example.com'), user('bob@example.com')),
      groups: groups(
        { name: 'ml', id: 'g-ml', members: ['ada@example.com', 'bob@example.com'] },
        { name: 'idp', id: 'g-idp', members: ['bob@example.com'], scimManaged: true },
      ),
    });
    const p = plan(d, l);
    expect(lines(p)).toEqual(['unassign org.group["ml"].member["bob@example.com"]']);
    expect(p.changes[0]).toMatchObject({ destructive: true, target: { group: 'ml', groupId: 'g-ml', email: 'bob@example.com', userId: 'user-bob' } });
    expect(p.conflicts).toEqual([
      expect.objectContaining({ address: 'org.group["idp"]', owner: 'identity provider', source: at(20) }),
    ]);
    expect(p.conflicts[0]!.reason).toContain('adds ada@example.com and removes bob@example.com');
  });

  it.each<[PruneMode, string[], string[]]>([
    ['delete', ['delete org.group["old"]'], []],
    ['report', [], ['org.group["old"]']],
    ['ignore', [], []],
  ])('prune.groups: %s', (mode, expectedChanges, expectedUnmanaged) => {
    const p = plan(desiredState({ groups: groups() }, { prune: { groups: mode } }), liveState({ groups: groups({ name: 'old', id: 'g-old' }) }));
    expect(lines(p)).toEqual(expectedChanges);
    expect(p.unmanaged.map((u) => u.address)).toEqual(expectedUnmanaged);
  });

  it('leaves groups alone when the manifests do not mention them (undefined = unmanaged)', () => {
    const p = plan(
      desiredState({}, { prune: { groups: 'delete' } }),
      liveState({ groups: groups({ name: 'old', id: 'g-old', members: ['x@example.com'] }) }),
    );
    expect(p.changes).toEqual([]);
    expect(p.unmanaged).toEqual([]);
  });
});

describe('computePlan: custom roles', () => {
  it('creates, updates (permissions revoked = destructive) and prunes org roles; never predefined ones', () => {
    const d = desiredState(
      {
        roles: roles(
          { name: 'New', permissions: ['b', 'a'] },
          { name: 'Changed', permissions: ['a'], description: 'now' },
        ),
      },
      { prune: { roles: 'delete' } },
    );
    const l = liveState({
      roles: roles(
        { name: 'Changed', permissions: ['a', 'b'], description: 'then', id: 'role-c' },
        { name: 'Gone', permissions: [], id: 'role-g' },
        { name: 'Organization Reader', permissions: [], predefined: true, id: 'role-org-reader' },
      ),
    });
    const p = plan(d, l);
    // Within a wave, by address.
    expect(lines(p)).toEqual(['update org.role["Changed"]', 'create org.role["New"]', 'delete org.role["Gone"]']);
    expect(change(p, 'org.role["New"]').after).toEqual({ name: 'New', description: null, permissions: ['a', 'b'] });
    expect(change(p, 'org.role["Changed"]')).toMatchObject({
      before: { description: 'then', permissions: ['a', 'b'] },
      after: { description: 'now', permissions: ['a'] },
      destructive: true,
    });
  });

  it('deletes a role only after the unassignments of it', () => {
    const d = desiredState(
      { members: members(want('ada@example.com', 'reader', { roles: [] })), roles: roles() },
      { prune: { roles: 'delete' } },
    );
    const l = liveState({ members: members(user('ada@example.com', 'reader', { roles: ['Gone'] })), roles: roles({ name: 'Gone', permissions: [], id: 'role-g' }) });
    const p = plan(d, l);
    expect(lines(p)).toEqual(['unassign org.member["ada@example.com"].role["Gone"]', 'delete org.role["Gone"]']);
    expect(change(p, 'org.role["Gone"]').dependsOn).toEqual(['org.member["ada@example.com"].role["Gone"]']);
  });

  it('throws a PlanError naming the manifest line of an unknown role, with a suggestion', () => {
    const d = desiredState({
      members: members(want('ada@example.com', 'owner', { roles: ['Biling Viewer'], source: at(8, 'org.yaml', 9) })),
      roles: roles({ name: 'Billing Viewer', permissions: [] }),
      projects: projects(
        wantProject('search', {
          members: projectMembers({ email: 'ada@example.com', role: 'owner', roles: ['Deployr'], source: at(14, 'projects/search.yaml', 9) }),
          roles: roles({ name: 'Deployer', permissions: [] }),
        }),
      ),
    });
    let error: unknown;
    try {
      plan(d, liveState({ members: members(user('ada@example.com', 'owner')), projects: projects(liveProject('search')) }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).problems.map(formatPlanProblem)).toEqual([
      'org.yaml:8:9 error: unknown role "Biling Viewer" (did you mean "Billing Viewer"?)',
      'projects/search.yaml:14:9 error: unknown role "Deployr" (did you mean "Deployer"?)',
    ]);
  });

  it('resolves predefined project roles, also for a project created by this plan', () => {
    const d = desiredState({
      members: members(want('ada@example.com')),
      projects: projects(
        wantProject('new', { members: projectMembers({ email: 'ada@example.com', role: 'member', roles: ['Project Viewer'] }) }),
      ),
    });
    const l = liveState({ members: members(user('ada@example.com')), projects: projects(liveProject('old')) });
    const p = plan(d, l);
    expect(lines(p)).toEqual([
      'create project["new"]',
      'assign project["new"].member["ada@example.com"]',
      'assign project["new"].member["ada@example.com"].role["Project Viewer"]',
    ]);
    expect(change(p, 'project["new"].member["ada@example.com"].role["Project Viewer"]').dependsOn).toEqual([
      'project["new"].member["ada@example.com"]',
    ]);
  });
});

describe('computePlan: projects', () => {
  it('creates a project before its children, each depending on it', () => {
    const d = desiredState({
      members: members(want('ada@example.com')),
      groups: groups({ name: 'ml', members: [] }),
      certificates: new Map([['corp', { name: 'corp', active: true, file: 'certs/corp.pem', content: 'PEM' }]]),
      projects: projects(
        wantProject('search', {
          members: projectMembers({ email: 'ada@example.com', role: 'owner', roles: ['Deployer'] }),
          groups: new Map([['ml', { name: 'ml', role: 'member' as const, roles: ['Deployer'] }]]),
          roles: roles({ name: 'Deployer', permissions: ['api.model.request'] }),
          serviceAccounts: new Map([['indexer', { name: 'indexer' }]]),
          rateLimits: new Map([['gpt-4o', { model: 'gpt-4o', maxRequestsPer1Minute: 500 }]]),
          certificates: ['corp'],
        }),
      ),
    });
    const p = plan(d, liveState({ members: members(user('ada@example.com')), groups: groups(), certificates: new Map() }));
    expect(lines(p)).toEqual([
      'create org.certificate["corp"]',
      'create project["search"]',
      'create project["search"].role["Deployer"]',
      'create org.group["ml"]',
      'assign project["search"].certificate["corp"]',
      'assign project["search"].group["ml"]',
      'assign project["search"].member["ada@example.com"]',
      'update project["search"].rate_limit["gpt-4o"]',
      'create project["search"].service_account["indexer"]',
      'assign project["search"].group["ml"].role["Deployer"]',
      'assign project["search"].member["ada@example.com"].role["Deployer"]',
    ]);
    expect(change(p, 'project["search"].certificate["corp"]').dependsOn).toEqual(['org.certificate["corp"]', 'project["search"]']);
    expect(change(p, 'project["search"].group["ml"]').dependsOn).toEqual(['org.group["ml"]', 'project["search"]']);
    expect(change(p, 'project["search"].member["ada@example.com"].role["Deployer"]').dependsOn).toEqual([
      'project["search"].member["ada@example.com"]',
      'project["search"].role["Deployer"]',
    ]);
    expect(change(p, 'project["search"].rate_limit["gpt-4o"]')).toMatchObject({ after: { maxRequestsPer1Minute: 500 } });
    expect(change(p, 'project["search"].rate_limit["gpt-4o"]').before).toBeUndefined();
    // Every dependency is planned earlier in the list.
    const seen = new Set<string>();
    for (const c of p.changes) {
      for (const dep of c.dependsOn) expect(seen.has(dep), `${c.address} depends on ${dep}`).toBe(true);
      seen.add(c.address);
    }
  });

  it('archives a project declared archived, last, and does not look into it', () => {
    const d = desiredState(
      {
        members: members(want('ada@example.com', 'owner')),
        projects: projects(wantProject('old', { status: 'archived', members: projectMembers() })),
      },
      { prune: { projectMembers: 'delete' } },
    );
    const l = liveState({
      members: members(user('ada@example.com', 'reader')),
      projects: projects(liveProject('old', { members: projectMembers({ email: 'ada@example.com', role: 'owner' }) })),
    });
    const p = plan(d, l);
    expect(lines(p)).toEqual(['update org.member["ada@example.com"]', 'archive project["old"]']);
    expect(change(p, 'project["old"]')).toMatchObject({ destructive: true, target: { project: 'old', projectId: 'proj_old' } });
  });

  it.each<[PruneMode, string[], string[]]>([
    ['delete', ['archive project["stray"]'], []],
    ['report', [], ['project["stray"]']],
    ['ignore', [], []],
  ])('prune.projects: %s (delete means archive)', (mode, expectedChanges, expectedUnmanaged) => {
    const p = plan(
      desiredState({}, { prune: { projects: mode } }),
      liveState({ projects: projects(liveProject('stray'), liveProject('gone', { status: 'archived' })) }),
    );
    expect(lines(p)).toEqual(expectedChanges);
    expect(p.unmanaged.map((u) => u.address)).toEqual(expectedUnmanaged);
  });

  it('does not diff the children of a live archived project, and warns when the manifest wants it active', () => {
    const d = desiredState({ projects: projects(wantProject('old', { serviceAccounts: new Map([['x', { name: 'x' }]]) })) });
    const p = plan(d, liveState({ projects: projects(liveProject('old', { status: 'archived', serviceAccounts: new Map() })) }));
    expect(p.changes).toEqual([]);
    expect(p.warnings).toEqual([expect.objectContaining({ address: 'project["old"]', message: expect.stringContaining('cannot unarchive') })]);
  });

  it('matches a pinned project by id and renames it', () => {
    const d = desiredState({ projects: projects(wantProject('search', { id: 'proj_1' })) });
    const p = plan(d, liveState({ projects: projects(liveProject('Search (old)', { id: 'proj_1' })) }));
    expect(p.changes).toEqual([
      expect.objectContaining({ address: 'project["search"]', action: 'update', before: { name: 'Search (old)' }, after: { name: 'search' } }),
    ]);
  });

  it.each<[PruneMode, string[], string[]]>([
    ['delete', ['unassign project["search"].member["bob@example.com"]'], []],
    ['report', [], ['project["search"].member["bob@example.com"]']],
    ['ignore', [], []],
  ])('prune.projectMembers: %s', (mode, expectedChanges, expectedUnmanaged) => {
    const d = desiredState(
      { members: members(want('ada@example.com'), want('bob@example.com')), projects: projects(wantProject('search', { members: projectMembers() })) },
      { prune: { projectMembers: mode } },
    );
    const l = liveState({
      members: members(user('ada@example.com'), user('bob@example.com')),
      projects: projects(liveProject('search', { members: projectMembers({ email: 'bob@example.com', role: 'member', userId: 'user-bob' }) })),
    });
    const p = plan(d, l);
    expect(lines(p)).toEqual(expectedChanges);
    expect(p.unmanaged.map((u) => u.address)).toEqual(expectedUnmanaged);
  });

  it('updates project roles (owner → member is destructive) and leaves members alone when unmanaged', () => {
    const d = desiredState({
      members: members(want('ada@example.com'), want('bob@example.com')),
      projects: projects(
        wantProject('search', { members: projectMembers({ email: 'ada@example.com', role: 'member' }, { email: 'bob@example.com', role: 'owner' }) }),
        wantProject('ads'),
      ),
    }, { prune: { projectMembers: 'delete' } });
    const l = liveState({
      members: members(user('ada@example.com'), user('bob@example.com')),
      projects: projects(
        liveProject('search', { members: projectMembers({ email: 'ada@example.com', role: 'owner' }, { email: 'bob@example.com', role: 'member' }) }),
        liveProject('ads', { members: projectMembers({ email: 'zed@example.com', role: 'owner' }) }),
      ),
    });
    const p = plan(d, l);
    expect(p.changes.map((c) => [c.address, c.before, c.after, c.destructive])).toEqual([
      ['project["search"].member["ada@example.com"]', { role: 'owner' }, { role: 'member' }, true],
      ['project["search"].member["bob@example.com"]', { role: 'member' }, { role: 'owner' }, false],
    ]);
  });

  it.each<[PruneMode, string[]]>([
    ['delete', ['unassign project["search"].group["old"]', 'delete project["search"].service_account["legacy"]']],
    ['report', []],
  ])('prune.projectGroups / prune.serviceAccounts: %s', (mode, expected) => {
    const d = desiredState(
      { projects: projects(wantProject('search', { groups: new Map(), serviceAccounts: new Map() })) },
      { prune: { projectGroups: mode, serviceAccounts: mode } },
    );
    const l = liveState({
      projects: projects(
        liveProject('search', {
          groups: new Map([['old', { name: 'old', role: 'member' as const, groupId: 'g-old' }]]),
          serviceAccounts: new Map([['legacy', { name: 'legacy', id: 'svc-1' }]]),
        }),
      ),
    });
    const p = plan(d, l);
    expect(lines(p)).toEqual(expected);
    if (mode === 'report') {
      expect(p.unmanaged.map((u) => u.address)).toEqual(['project["search"].group["old"]', 'project["search"].service_account["legacy"]']);
    }
  });

  it('compares only the rate-limit fields the manifest states, and warns when no row exists', () => {
    const d = desiredState({
      projects: projects(
        wantProject('search', {
          rateLimits: new Map([
            ['gpt-4o', { model: 'gpt-4o', maxTokensPer1Minute: 150_000 }],
            ['gpt-5', { model: 'gpt-5', maxRequestsPer1Minute: 10 }],
            ['o3', { model: 'o3', maxRequestsPer1Minute: 20 }],
          ]),
        }),
      ),
    });
    const l = liveState({
      projects: projects(
        liveProject('search', {
          rateLimits: new Map([
            ['gpt-4o', { model: 'gpt-4o', id: 'rl-1', maxTokensPer1Minute: 30_000, maxRequestsPer1Minute: 99 }],
            ['o3', { model: 'o3', id: 'rl-2', maxRequestsPer1Minute: 20, maxTokensPer1Minute: 1 }],
          ]),
        }),
      ),
    });
    const p = plan(d, l);
    expect(p.changes).toEqual([
      expect.objectContaining({
        address: 'project["search"].rate_limit["gpt-4o"]',
        action: 'update',
        before: { maxTokensPer1Minute: 30_000 },
        after: { maxTokensPer1Minute: 150_000 },
        target: { project: 'search', projectId: 'proj_search', model: 'gpt-4o', rateLimitId: 'rl-1' },
      }),
    ]);
    expect(p.warnings?.map((w) => w.address)).toEqual(['project["search"].rate_limit["gpt-5"]']);
  });

  it('activates and deactivates project certificates', () => {
    const d = desiredState({
      certificates: new Map([
        ['a', { name: 'a', active: true }],
        ['b', { name: 'b', active: false }],
      ]),
      projects: projects(wantProject('search', { certificates: ['a'] })),
    });
    const l = liveState({
      certificates: new Map([
        ['a', { name: 'a', active: true, id: 'cert-a' }],
        ['b', { name: 'b', active: true, id: 'cert-b' }],
      ]),
      projects: projects(liveProject('search', { certificates: ['b'] })),
    });
    const p = plan(d, l);
    expect(lines(p)).toEqual([
      'update org.certificate["b"]',
      'assign project["search"].certificate["a"]',
      'unassign project["search"].certificate["b"]',
    ]);
    expect(change(p, 'org.certificate["b"]')).toMatchObject({ before: { active: true }, after: { active: false }, destructive: true });
    expect(change(p, 'project["search"].certificate["a"]').target).toMatchObject({ certificateId: 'cert-a', projectId: 'proj_search' });
  });
});

describe('computePlan: order', () => {
  it('is deterministic: the same inputs in another insertion order give the same plan', () => {
    const build = (reverse: boolean) => {
      const emails = ['c@example.com', 'a@example.com', 'b@example.com'];
      const list = reverse ? [...emails].reverse() : emails;
      return plan(
        desiredState({ members: members(...list.map((e) => want(e, 'owner'))) }),
        liveState({ members: members(...list.map((e) => user(e, 'reader'))) }),
      );
    };
    expect(build(false)).toEqual(build(true));
    expect(lines(build(false))).toEqual([
      'update org.member["a@example.com"]',
      'update org.member["b@example.com"]',
      'update org.member["c@example.com"]',
    ]);
  });

  it('puts additions before removals and archives last; waves never decrease', () => {
    const d = desiredState(
      {
        members: members(want('ada@example.com'), want('new@example.com')),
        projects: projects(wantProject('search', { members: projectMembers({ email: 'ada@example.com', role: 'member' }) }), wantProject('old', { status: 'archived' })),
      },
      { prune: { members: 'delete', projectMembers: 'delete' } },
    );
    const l = liveState({
      members: members(user('ada@example.com'), user('eve@example.com'), user('bob@example.com')),
      projects: projects(
        liveProject('search', { members: projectMembers({ email: 'bob@example.com', role: 'owner' }) }),
        liveProject('old'),
      ),
    });
    const p = plan(d, l);
    expect(lines(p)).toEqual([
      'invite org.invite["new@example.com"]',
      'assign project["search"].member["ada@example.com"]',
      'delete org.member["bob@example.com"]',
      'delete org.member["eve@example.com"]',
      'archive project["old"]',
    ]);
    const waves = p.changes.map((c) => c.wave!);
    expect([...waves].sort((a, b) => a - b)).toEqual(waves);
  });
});

describe('computePlan: policy findings', () => {
  it('reports live rule breaches beside the plan, not as changes', () => {
    const d = desiredState(
      {},
      { rules: { allowedEmailDomains: ['example.com'], maxProjectOwners: 1, rateLimitCeilings: { 'gpt-4o': { maxTokensPer1Minute: 1000 } }, apiKeyMaxIdleDays: 90 } },
    );
    const l = liveState({
      members: members(user('ada@example.com'), user('mallory@evil.test')),
      projects: projects(
        liveProject('search', {
          members: projectMembers({ email: 'ada@example.com', role: 'owner' }, { email: 'mallory@evil.test', role: 'owner' }),
          rateLimits: new Map([['gpt-4o', { model: 'gpt-4o', maxTokensPer1Minute: 5000 }]]),
          apiKeys: [
            { id: 'key-old', name: 'ci', redactedValue: 'sk-...abcd', createdAt: NOW_SECONDS - 400 * DAY, lastUsedAt: NOW_SECONDS - 120 * DAY, owner: { type: 'user', id: 'user-ada', email: 'ada@example.com' } },
            { id: 'key-new', name: 'dev', redactedValue: 'sk-...efgh', createdAt: NOW_SECONDS - 400 * DAY, lastUsedAt: NOW_SECONDS - DAY, owner: { type: 'user', id: 'user-ada' } },
            { id: 'key-never', name: null, redactedValue: 'sk-...ijkl', createdAt: NOW_SECONDS - 91 * DAY, lastUsedAt: null, owner: { type: 'service_account', id: 'svc-1', name: 'indexer' } },
          ],
        }),
      ),
    });
    const p = plan(d, l);
    expect(p.changes).toEqual([]);
    expect(p.findings.map((f) => [f.rule, f.address])).toEqual([
      ['allowedEmailDomains', 'org.member["mallory@evil.test"]'],
      ['maxProjectOwners', 'project["search"]'],
      ['rateLimitCeilings', 'project["search"].rate_limit["gpt-4o"]'],
      ['apiKeyMaxIdleDays', 'project["search"].api_key["key-never"]'],
      ['apiKeyMaxIdleDays', 'project["search"].api_key["key-old"]'],
    ]);
    expect(p.findings.find((f) => f.address.includes('key-old'))!.message).toBe(
      'API key "ci" (key-old) of ada@example.com in project search was last used 120 days ago; the policy allows 90',
    );
    expect(JSON.stringify(p)).not.toContain('sk-');
  });
});
