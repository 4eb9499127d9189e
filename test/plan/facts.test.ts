import { describe, expect, it } from 'vitest';
import type { Certificate, DesiredState, LiveState } from '../../src/model/types.js';
import { diffFacts } from '../../src/plan/facts.js';
import { byKey, desiredState, groups, liveProject, liveState, members, projects, roles, user, want, wantProject } from './fixtures.js';

const certificates = (...items: Certificate[]): Map<string, Certificate> => byKey(items, (c) => c.name);

function inputs(pruneMembers: 'delete' | 'report' = 'delete'): { desired: DesiredState; live: LiveState } {
  const desired = desiredState(
    {
      members: members(want('ada@example.com', 'owner'), want('new@example.com')),
      projects: projects(wantProject('search'), wantProject('fresh'), wantProject('shelved', { status: 'archived' }), wantProject('pinned', { id: 'proj_renamed' })),
      groups: groups({ name: 'ml-platform', members: [] }, { name: 'new-team', members: [] }),
      roles: roles({ name: 'Billing Viewer', permissions: ['api.organization.billing.read'] }, { name: 'Organization Reader', permissions: [] }, { name: 'Auditor', permissions: [] }),
      certificates: certificates({ name: 'corp-mtls', active: true }, { name: 'new-ca', active: true }),
    },
    { prune: { members: pruneMembers } },
  );
  const live = liveState({
    members: members(user('ada@example.com', 'owner'), user('gone@example.com'), user('scim@example.com', 'reader', { scimManaged: true })),
    projects: projects(liveProject('search'), liveProject('old-name', { id: 'proj_renamed' })),
    groups: groups({ name: 'ml-platform', members: [], id: 'group_1' }),
    roles: roles({ name: 'Billing Viewer', permissions: ['api.organization.billing.read'], id: 'role_1' }),
    certificates: certificates({ name: 'corp-mtls', active: true, id: 'cert_1' }),
  });
  return { desired, live };
}

describe('diffFacts: the facts the diff reads, worked out before it runs', () => {
  it('names who joins, who leaves and what this plan creates', () => {
    const { desired, live } = inputs();
    const facts = diffFacts(desired, live);
    expect([...facts.notMembers]).toEqual(['new@example.com']);
    // A SCIM-managed member is never deleted by orgplane.
    expect([...facts.leaving]).toEqual(['gone@example.com']);
    // An archived project that does not exist is not created; a pinned id matches a renamed project.
    expect([...facts.newProjects].sort()).toEqual(['fresh']);
    expect(facts.liveProjects.get('pinned')?.name).toBe('old-name');
    expect(facts.liveProjects.get('search')?.id).toBe('proj_search');
    expect([...facts.newGroups]).toEqual(['new-team']);
    // A predefined role name is a warning in the plan, never a role to create.
    expect([...facts.newOrgRoles]).toEqual(['Auditor']);
    expect([...facts.newCertificates]).toEqual(['new-ca']);
  });

  it('leaves nobody leaving unless members are pruned with delete', () => {
    const { desired, live } = inputs('report');
    expect([...diffFacts(desired, live).leaving]).toEqual([]);
  });

  it('creates nothing for kinds the manifests leave unmanaged', () => {
    const { live } = inputs();
    const facts = diffFacts(desiredState({ members: members(want('ada@example.com', 'owner')) }), live);
    expect([facts.newGroups.size, facts.newOrgRoles.size, facts.newCertificates.size, facts.newProjects.size]).toEqual([0, 0, 0, 0]);
  });

  it('is pure: the same inputs give the same facts, and the inputs are not changed', () => {
    const { desired, live } = inputs();
    const before = JSON.stringify([desired, live], (_k, v: unknown) => (v instanceof Map ? [...v] : v));
    const first = diffFacts(desired, live);
    const second = diffFacts(desired, live);
    expect(second).toEqual(first);
    expect(JSON.stringify([desired, live], (_k, v: unknown) => (v instanceof Map ? [...v] : v))).toBe(before);
  });
});
