import { describe, expect, it } from 'vitest';
import { applyPlan, EXECUTORS } from '../../src/apply/index.js';
import type { Change } from '../../src/plan/types.js';
import { change, liveOf, memorySink, noSleep, planOf, policyWith } from './support/builders.js';
import { FakeAdminApi } from './support/fake-api.js';

// Every (kind, action) the planner emits, with the one mutation it must turn into.
// Ids are given in the targets here; resolution by name has its own tests.
const P = { project: 'search', projectId: 'proj_1' };
const cases: [Change, string, unknown[]][] = [
  [change('org.invite', 'invite', 'i', { target: { email: 'g@x.test' }, after: { role: 'reader', projects: [{ project: 'search', projectId: 'proj_1', role: 'member' }] } }), 'createInvite', [{ email: 'g@x.test', role: 'reader', projects: [{ id: 'proj_1', role: 'member' }] }]],
  [change('org.invite', 'delete', 'i', { target: { email: 'g@x.test', inviteId: 'inv_1' } }), 'deleteInvite', ['inv_1']],
  [change('org.member', 'update', 'm', { target: { email: 'a@x.test', userId: 'u1' }, after: { role: 'owner' } }), 'updateUser', ['u1', { role: 'owner' }]],
  [change('org.member', 'delete', 'm', { target: { email: 'a@x.test', userId: 'u1' } }), 'deleteUser', ['u1']],
  [change('org.member.role', 'assign', 'mr', { target: { userId: 'u1', role: 'R', roleId: 'r1' } }), 'assignUserRole', ['u1', 'r1']],
  [change('org.member.role', 'unassign', 'mr', { target: { userId: 'u1', role: 'R', roleId: 'r1' } }), 'unassignUserRole', ['u1', 'r1']],
  [change('org.role', 'create', 'r', { target: { role: 'R' }, after: { name: 'R', description: null, permissions: ['p'] } }), 'createRole', [{ role_name: 'R', permissions: ['p'], description: null }]],
  [change('org.role', 'update', 'r', { target: { role: 'R', roleId: 'r1' }, after: { permissions: ['p', 'q'] } }), 'updateRole', ['r1', { permissions: ['p', 'q'] }]],
  [change('org.role', 'delete', 'r', { target: { role: 'R', roleId: 'r1' } }), 'deleteRole', ['r1']],
  [change('org.group', 'create', 'g', { target: { group: 'G' }, after: { name: 'G' } }), 'createGroup', [{ name: 'G' }]],
  [change('org.group', 'delete', 'g', { target: { group: 'G', groupId: 'g1' } }), 'deleteGroup', ['g1']],
  [change('org.group.member', 'assign', 'gm', { target: { groupId: 'g1', userId: 'u1' } }), 'addGroupUser', ['g1', 'u1']],
  [change('org.group.member', 'unassign', 'gm', { target: { groupId: 'g1', userId: 'u1' } }), 'removeGroupUser', ['g1', 'u1']],
  [change('org.group.role', 'assign', 'gr', { target: { groupId: 'g1', roleId: 'r1', role: 'R' } }), 'assignGroupRole', ['g1', 'r1']],
  [change('org.group.role', 'unassign', 'gr', { target: { groupId: 'g1', roleId: 'r1', role: 'R' } }), 'unassignGroupRole', ['g1', 'r1']],
  [change('org.certificate', 'create', 'c', { target: { certificate: 'C' }, after: { name: 'C', active: false, content: 'PEM' } }), 'uploadCertificate', [{ name: 'C', certificate: 'PEM' }]],
  [change('org.certificate', 'update', 'c', { target: { certificate: 'C', certificateId: 'c1' }, after: { active: true } }), 'activateCertificates', [['c1']]],
  [change('org.certificate', 'update', 'c', { target: { certificate: 'C', certificateId: 'c1' }, after: { active: false } }), 'deactivateCertificates', [['c1']]],
  [change('org.certificate', 'delete', 'c', { target: { certificate: 'C', certificateId: 'c1' } }), 'deleteCertificate', ['c1']],
  [change('project', 'create', 'p', { target: { project: 'new' }, after: { name: 'new', externalKeyId: 'k1', geography: 'EU_STORAGE_PROCESSING' } }), 'createProject', [{ name: 'new', external_key_id: 'k1', residency: 'EU_STORAGE_PROCESSING' }]],
  [change('project', 'update', 'p', { target: P, before: { externalKeyId: null }, after: { externalKeyId: 'k2' } }), 'updateProject', ['proj_1', { external_key_id: 'k2' }]],
  [change('project', 'archive', 'p', { target: P, after: { status: 'archived' } }), 'archiveProject', ['proj_1']],
  [change('project.role', 'create', 'pr', { target: { ...P, role: 'D' }, after: { name: 'D', permissions: ['p'] } }), 'createProjectRole', ['proj_1', { role_name: 'D', permissions: ['p'] }]],
  [change('project.role', 'update', 'pr', { target: { ...P, role: 'D', roleId: 'pr1' }, after: { description: 'd' } }), 'updateProjectRole', ['proj_1', 'pr1', { description: 'd' }]],
  [change('project.role', 'delete', 'pr', { target: { ...P, role: 'D', roleId: 'pr1' } }), 'deleteProjectRole', ['proj_1', 'pr1']],
  [change('project.member', 'assign', 'pm', { target: { ...P, userId: 'u1' }, after: { role: 'owner' } }), 'addProjectUser', ['proj_1', { user_id: 'u1', role: 'owner' }]],
  [change('project.member', 'update', 'pm', { target: { ...P, userId: 'u1' }, after: { role: 'member' } }), 'updateProjectUser', ['proj_1', 'u1', { role: 'member' }]],
  [change('project.member', 'unassign', 'pm', { target: { ...P, userId: 'u1' } }), 'removeProjectUser', ['proj_1', 'u1']],
  [change('project.member.role', 'assign', 'pmr', { target: { ...P, userId: 'u1', role: 'D', roleId: 'pr1', roleScope: 'project' } }), 'assignProjectUserRole', ['proj_1', 'u1', 'pr1']],
  [change('project.member.role', 'unassign', 'pmr', { target: { ...P, userId: 'u1', role: 'D', roleId: 'pr1', roleScope: 'project' } }), 'unassignProjectUserRole', ['proj_1', 'u1', 'pr1']],
  // The group's base role is sent as the id of the project's predefined role standing for it.
  [change('project.group', 'assign', 'pg', { target: { ...P, groupId: 'g1' }, after: { role: 'member' } }), 'addProjectGroup', ['proj_1', { group_id: 'g1', role: 'role-api-project-member__api-project__proj_1' }]],
  [change('project.group', 'unassign', 'pg', { target: { ...P, groupId: 'g1' } }), 'removeProjectGroup', ['proj_1', 'g1']],
  [change('project.group.role', 'assign', 'pgr', { target: { ...P, groupId: 'g1', role: 'D', roleId: 'pr1', roleScope: 'project' } }), 'assignProjectGroupRole', ['proj_1', 'g1', 'pr1']],
  [change('project.group.role', 'unassign', 'pgr', { target: { ...P, groupId: 'g1', role: 'D', roleId: 'pr1', roleScope: 'project' } }), 'unassignProjectGroupRole', ['proj_1', 'g1', 'pr1']],
  [change('project.service_account', 'create', 'sa', { target: { ...P, serviceAccount: 'bot' }, after: { name: 'bot' } }), 'createProjectServiceAccount', ['proj_1', { name: 'bot' }]],
  [change('project.service_account', 'delete', 'sa', { target: { ...P, serviceAccount: 'bot', serviceAccountId: 'sa1' } }), 'deleteProjectServiceAccount', ['proj_1', 'sa1']],
  [change('project.rate_limit', 'update', 'rl', { target: { ...P, model: 'gpt-4o', rateLimitId: 'rl-gpt-4o-proj_1' }, after: { maxRequestsPer1Minute: 500, maxTokensPer1Minute: 1000 } }), 'updateProjectRateLimit', ['proj_1', 'rl-gpt-4o-proj_1', { max_requests_per_1_minute: 500, max_tokens_per_1_minute: 1000 }]],
  [change('project.certificate', 'assign', 'pc', { target: { ...P, certificate: 'C', certificateId: 'c1' } }), 'activateProjectCertificates', ['proj_1', ['c1']]],
  [change('project.certificate', 'unassign', 'pc', { target: { ...P, certificate: 'C', certificateId: 'c1' } }), 'deactivateProjectCertificates', ['proj_1', ['c1']]],
];

function fakeWithProject(): FakeAdminApi {
  const fake = new FakeAdminApi();
  fake.projects.push({ id: 'proj_1', name: 'search', status: 'active' });
  fake.projectRoles.set('proj_1', [
    { id: 'role-api-project-owner__api-project__proj_1', name: 'Owner', predefined: true },
    { id: 'role-api-project-member__api-project__proj_1', name: 'Member', predefined: true },
  ]);
  fake.rateLimits.set('proj_1', [{ id: 'rl-gpt-4o-proj_1', model: 'gpt-4o', values: {} }]);
  fake.users.push({ id: 'u1', email: 'a@x.test', role: 'reader' });
  return fake;
}

describe('executors', () => {
  for (const [c, method, args] of cases) {
    it(`${c.kind} ${c.action}${c.after?.active !== undefined && c.kind === 'org.certificate' ? ` (active: ${c.after.active === true ? 'true' : 'false'})` : ''} → ${method}`, async () => {
      const fake = fakeWithProject();
      const result = await applyPlan(planOf([c]), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
      expect(result.failed).toEqual([]);
      expect(fake.mutations()[0]).toEqual({ method, args });
    });
  }

  it('has an executor for every (kind, action) above and nothing it cannot name', () => {
    const covered = new Set(cases.map(([c]) => `${c.kind} ${c.action}`));
    for (const key of covered) expect(EXECUTORS[key]).toBeDefined();
  });

  it('re-adds a project group with its new role (no update endpoint)', async () => {
    const fake = fakeWithProject();
    const c = change('project.group', 'update', 'pg', { target: { ...P, groupId: 'g1' }, before: { role: 'member' }, after: { role: 'owner' } });
    const result = await applyPlan(planOf([c]), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(result.applied[0]!.note).toBe('re-added with the new role');
    expect(fake.mutations()).toEqual([
      { method: 'removeProjectGroup', args: ['proj_1', 'g1'] },
      { method: 'addProjectGroup', args: ['proj_1', { group_id: 'g1', role: 'role-api-project-owner__api-project__proj_1' }] },
    ]);
  });

  it('sends the bare base role when the project lists no predefined role standing for it', async () => {
    const fake = fakeWithProject();
    fake.projectRoles.set('proj_1', [{ id: 'prole_1', name: 'member' }]);
    const c = change('project.group', 'assign', 'pg', { target: { ...P, groupId: 'g1' }, after: { role: 'member' } });
    await applyPlan(planOf([c]), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    // A custom role that happens to be called "member" is not the base role.
    expect(fake.mutations()).toEqual([{ method: 'addProjectGroup', args: ['proj_1', { group_id: 'g1', role: 'member' }] }]);
  });

  it('uploads and then activates a certificate declared active', async () => {
    const fake = fakeWithProject();
    const c = change('org.certificate', 'create', 'c', { target: { certificate: 'C' }, after: { name: 'C', active: true, content: 'PEM' } });
    await applyPlan(planOf([c]), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(fake.mutations().map((m) => m.method)).toEqual(['uploadCertificate', 'activateCertificates']);
    expect(fake.certificates[0]!.active).toBe(true);
  });
});
