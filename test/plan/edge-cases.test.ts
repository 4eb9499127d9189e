import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/index.js';
import { desiredState, groups, liveProject, liveState, members, NOW, projectMembers, projects, user, want, wantProject } from './fixtures.js';

const plan = (...args: Parameters<typeof computePlan>) => computePlan(args[0], args[1], { now: NOW, fingerprint: () => 'f' });

describe('computePlan: edge cases', () => {
  it('never deletes a SCIM-managed group: prune delete becomes a conflict', () => {
    const p = plan(desiredState({ groups: groups() }, { prune: { groups: 'delete' } }), liveState({ groups: groups({ name: 'idp', id: 'g', scimManaged: true }) }));
    expect(p.changes).toEqual([]);
    expect(p.conflicts).toEqual([expect.objectContaining({ address: 'org.group["idp"]', owner: 'identity provider' })]);
  });

  it('a live user whose role is null (spec User.role is nullable) is no phantom change for a reader; owner is planned from unset', () => {
    const live = liveState({ members: members(user('ada@example.com', null), user('bob@example.com', null)) });
    const p = plan(desiredState({ members: members(want('ada@example.com', 'reader'), want('bob@example.com', 'owner')) }), live);
    expect(p.changes).toEqual([
      expect.objectContaining({ action: 'update', address: 'org.member["bob@example.com"]', before: { role: null }, after: { role: 'owner' }, reason: 'organization role unset → owner' }),
    ]);
  });

  it('a project group whose live role is unknown (its grant not among its role assignments) is left alone, not re-added', () => {
    const pg = (role: 'owner' | 'member' | null) => new Map([['ml', { name: 'ml', role, roles: [], groupId: 'g-ml' }]]);
    const d = desiredState({ groups: groups({ name: 'ml', members: [] }), projects: projects(wantProject('p', { groups: pg('owner') })) });
    const live = (role: 'owner' | 'member' | null) =>
      liveState({ groups: groups({ name: 'ml', id: 'g-ml', members: [] }), projects: projects(liveProject('p', { groups: pg(role) })) });
    expect(plan(d, live(null)).changes).toEqual([]);
    expect(plan(d, live('owner')).changes).toEqual([]);
    expect(plan(d, live('member')).changes).toEqual([expect.objectContaining({ action: 'update', address: 'project["p"].group["ml"]', before: { role: 'member' }, after: { role: 'owner' } })]);
  });

  it('reports live certificates nobody declares (there is no prune key for them)', () => {
    const p = plan(desiredState({ certificates: new Map() }), liveState({ certificates: new Map([['old', { name: 'old', active: true, id: 'c' }]]) }));
    expect(p.changes).toEqual([]);
    expect(p.unmanaged.map((u) => u.address)).toEqual(['org.certificate["old"]']);
  });

  it('warns about a project declared archived that does not exist, and plans nothing', () => {
    const p = plan(desiredState({ projects: projects(wantProject('old', { status: 'archived' })) }), liveState());
    expect(p.changes).toEqual([]);
    expect(p.warnings?.[0]?.address).toBe('project["old"]');
  });

  it('does not plan project access for a person only being invited, even when the project is new', () => {
    const d = desiredState({
      members: members(want('new@example.com', 'reader')),
      projects: projects(wantProject('fresh', { members: projectMembers({ email: 'new@example.com', role: 'owner', roles: [] }) })),
    });
    const p = plan(d, liveState({ projects: projects(liveProject('other')) }));
    expect(p.changes.map((c) => `${c.action} ${c.address}`)).toEqual(['create project["fresh"]', 'invite org.invite["new@example.com"]']);
    expect(p.changes[1]).toMatchObject({ after: { projects: [{ project: 'fresh', role: 'owner' }] }, dependsOn: ['project["fresh"]'] });
  });

  it('deletes a stale invite of someone who is already a member when prune.invites is delete', () => {
    const p = plan(
      desiredState({ members: members(want('ada@example.com')) }, { prune: { invites: 'delete' } }),
      liveState({
        members: members(user('ada@example.com')),
        invites: new Map([['i', { id: 'i', email: 'Ada@Example.com', role: 'reader' as const, status: 'pending' as const, expiresAt: null, projects: [] }]]),
      }),
    );
    expect(p.changes).toEqual([
      expect.objectContaining({ action: 'delete', address: 'org.invite["ada@example.com"]', target: { email: 'ada@example.com', inviteId: 'i' } }),
    ]);
    expect(p.changes[0]!.reason).toContain('already a member');
  });
});

describe('computePlan: invites and projects whose members are unmanaged', () => {
  const pendingWith = (projectsGranted: { projectId: string; role: 'owner' | 'member' }[], role: 'owner' | 'reader' = 'reader') =>
    new Map([['i', { id: 'i', email: 'new@example.com', role, status: 'pending' as const, expiresAt: null, projects: projectsGranted }]]);
  const live = (invitesMap: ReturnType<typeof pendingWith>) =>
    liveState({ invites: invitesMap, projects: projects(liveProject('search'), liveProject('lab')) });
  const desired = (role: 'owner' | 'reader' = 'reader') =>
    desiredState({
      members: members(want('new@example.com', role)),
      projects: projects(wantProject('search', { members: projectMembers({ email: 'new@example.com', role: 'member' }) }), wantProject('lab')),
    });

  it('ignores grants to a project whose members the manifests do not state', () => {
    const p = plan(desired(), live(pendingWith([{ projectId: 'proj_search', role: 'member' }, { projectId: 'proj_lab', role: 'owner' }])));
    expect(p.changes).toEqual([]);
  });

  it('keeps those grants when the invite is replaced for another reason', () => {
    const p = plan(desired('owner'), live(pendingWith([{ projectId: 'proj_search', role: 'member' }, { projectId: 'proj_lab', role: 'owner' }])));
    expect(p.changes.map((c) => c.action)).toEqual(['delete', 'invite']);
    expect(p.changes[1]!.after).toEqual({
      role: 'owner',
      projects: [
        { project: 'lab', projectId: 'proj_lab', role: 'owner' },
        { project: 'search', projectId: 'proj_search', role: 'member' },
      ],
    });
  });
});
