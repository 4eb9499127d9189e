import { describe, expect, it } from 'vitest';
import { applyPlan, EXECUTORS } from '../../src/apply/index.js';
import type { Change } from '../../src/plan/types.js';
import { change, liveOf, memorySink, noSleep, planOf, policyWith } from './support/builders.js';
import { FakeAdminApi, FakeApiError } from './support/fake-api.js';

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
    it(`${c.kind} ${c.action}${c.kind === 'org.certificate' && c.after?.active !== undefined ? ` (active: ${c.after.active ? 'true' : 'false'})` : ''} → ${method}`, async () => {
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

  it('never sends a bare base role nor a custom role that happens to be called "member": the predefined id instead', async () => {
    const fake = fakeWithProject();
    fake.projectRoles.set('proj_1', [{ id: 'prole_1', name: 'member' }]);
    const c = change('project.group', 'assign', 'pg', { target: { ...P, groupId: 'g1' }, after: { role: 'member' } });
    const result = await applyPlan(planOf([c]), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(result.failed).toEqual([]);
    expect(fake.mutations()).toEqual([{ method: 'addProjectGroup', args: ['proj_1', { group_id: 'g1', role: 'role-api-project-member' }] }]);
  });

  it('reads a project\'s roles once for several group grants, and uses the live read when it has them', async () => {
    const fake = fakeWithProject();
    const grants = ['g1', 'g2', 'g3'].map((g, i) =>
      change('project.group', 'assign', `pg${g}`, { target: { ...P, groupId: g }, after: { role: i === 0 ? 'owner' : 'member' } }),
    );
    await applyPlan(planOf(grants), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(fake.callsOf('listProjectRoles')).toHaveLength(1);
    expect(fake.callsOf('addProjectGroup').map((call) => (call.args[1] as { role: string }).role)).toEqual([
      'role-api-project-owner__api-project__proj_1',
      'role-api-project-member__api-project__proj_1',
      'role-api-project-member__api-project__proj_1',
    ]);

    const seeded = fakeWithProject();
    const live = liveOf({ projects: [{ name: 'search', id: 'proj_1', status: 'active' } as never] });
    (live.predefinedRoles.project as Map<string, Map<string, unknown>>).set(
      'proj_1',
      new Map([['Owner', { name: 'Owner', id: 'role-api-project-owner__api-project__proj_1', permissions: [], predefined: true }]]),
    );
    await applyPlan(planOf([grants[0]!]), seeded.api(), { live, policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(seeded.callsOf('listProjectRoles')).toEqual([]);
    expect(seeded.mutations()).toEqual([{ method: 'addProjectGroup', args: ['proj_1', { group_id: 'g1', role: 'role-api-project-owner__api-project__proj_1' }] }]);
  });

  it('grants a group a base role in a project created earlier in the same run, by that project\'s role id', async () => {
    const fake = new FakeAdminApi();
    const create = change('project', 'create', 'project.fresh', { target: { project: 'fresh' }, after: { name: 'fresh' } });
    const grant = change('project.group', 'assign', 'pg', {
      target: { project: 'fresh', groupId: 'g1' },
      after: { role: 'owner' },
      dependsOn: ['project.fresh'],
    });
    const result = await applyPlan(planOf([create, grant]), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(result.failed).toEqual([]);
    const id = fake.projects.find((p) => p.name === 'fresh')!.id;
    expect(fake.callsOf('addProjectGroup')).toEqual([{ method: 'addProjectGroup', args: [id, { group_id: 'g1', role: `role-api-project-owner__api-project__${id}` }] }]);
  });

  it.each([
    ['an empty project list', { role: 'reader', projects: [] }],
    ['no project list', { role: 'reader' }],
  ])('sends projects: [] on an invite with %s (an omitted list means the default project)', async (_label, after) => {
    const fake = fakeWithProject();
    const c = change('org.invite', 'invite', 'i', { target: { email: 'g@x.test' }, after });
    await applyPlan(planOf([c]), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(fake.mutations()).toEqual([{ method: 'createInvite', args: [{ email: 'g@x.test', role: 'reader', projects: [] }] }]);
  });

  it('resolves a predefined org role by name to its id from listRoles, never sending the name', async () => {
    const fake = fakeWithProject();
    const ownerId = fake.addRole('Owner', true);
    const c = change('org.member.role', 'assign', 'mr', { target: { userId: 'u1', role: 'Owner', roleScope: 'org' } });
    await applyPlan(planOf([c]), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(fake.mutations()).toEqual([{ method: 'assignUserRole', args: ['u1', ownerId] }]);
  });

  it('fails a role assignment whose role exists nowhere instead of sending its name', async () => {
    const fake = fakeWithProject();
    const c = change('project.member.role', 'assign', 'pmr', { target: { ...P, userId: 'u1', role: 'Ghost', roleScope: 'project' } });
    const result = await applyPlan(planOf([c]), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(fake.mutations()).toEqual([]);
    expect(result.failed[0]!.reason).toMatch(/project role "Ghost" not found/);
  });

  it('counts a 409 on assign as done when the role comes back under another form of its id (scoped or not)', async () => {
    const fake = fakeWithProject();
    fake.userRoles.set('u1', new Set(['role-api-organization-reader']));
    fake.fail('assignUserRole', new FakeApiError('role already assigned', 409));
    const c = change('org.member.role', 'assign', 'mr', {
      target: { userId: 'u1', role: 'Reader', roleId: 'role-api-organization-reader__api-organization__org_1', roleScope: 'org' },
    });
    const result = await applyPlan(planOf([c]), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(result.applied.map((o) => o.note)).toEqual(['already present (409), confirmed by re-reading']);
  });

  it('sends every rate-limit field under its spec name', async () => {
    const fake = fakeWithProject();
    const after = {
      maxRequestsPer1Minute: 1,
      maxTokensPer1Minute: 2,
      maxImagesPer1Minute: 3,
      maxAudioMegabytesPer1Minute: 4,
      maxRequestsPer1Day: 5,
      batch1DayMaxInputTokens: 6,
    };
    const c = change('project.rate_limit', 'update', 'rl', { target: { ...P, model: 'gpt-4o', rateLimitId: 'rl-gpt-4o-proj_1' }, after });
    await applyPlan(planOf([c]), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(fake.mutations()).toEqual([
      {
        method: 'updateProjectRateLimit',
        args: [
          'proj_1',
          'rl-gpt-4o-proj_1',
          {
            max_requests_per_1_minute: 1,
            max_tokens_per_1_minute: 2,
            max_images_per_1_minute: 3,
            max_audio_megabytes_per_1_minute: 4,
            max_requests_per_1_day: 5,
            batch_1_day_max_input_tokens: 6,
          },
        ],
      },
    ]);
  });

  it('grants a group owner with the listed predefined role id when GET /projects/{id}/roles lists it', async () => {
    const fake = fakeWithProject();
    const c = change('project.group', 'assign', 'pg', { target: { ...P, groupId: 'g1' }, after: { role: 'owner' } });
    const result = await applyPlan(planOf([c]), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(result.failed).toEqual([]);
    expect(fake.mutations()).toEqual([{ method: 'addProjectGroup', args: ['proj_1', { group_id: 'g1', role: 'role-api-project-owner__api-project__proj_1' }] }]);
  });

  it('grants a group with the predefined role\'s well-known id when the listing lacks the predefined roles, listing them once', async () => {
    const fake = fakeWithProject();
    fake.projectRoles.set('proj_1', [{ id: 'role-custom', name: 'Deployer', predefined: false }]);
    const changes = ['g1', 'g2'].map((g, i) =>
      change('project.group', 'assign', `pg${g}`, { target: { ...P, group: g, groupId: g }, after: { role: i === 0 ? 'owner' : 'member' } }),
    );
    const result = await applyPlan(planOf(changes), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(result.failed).toEqual([]);
    expect(fake.mutations()).toEqual([
      { method: 'addProjectGroup', args: ['proj_1', { group_id: 'g1', role: 'role-api-project-owner' }] },
      { method: 'addProjectGroup', args: ['proj_1', { group_id: 'g2', role: 'role-api-project-member' }] },
    ]);
    expect(fake.callsOf('listProjectRoles')).toHaveLength(1);
  });

  it('batches the certificate (de)activations of one wave: one call per project and direction, at most 10 ids each', async () => {
    const fake = fakeWithProject();
    const ids = Array.from({ length: 12 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    const assigns = ids.map((id) => change('project.certificate', 'assign', `pc-${id}`, { target: { ...P, certificate: id, certificateId: id } }));
    const orgOn = ['x1', 'x2'].map((id) => change('org.certificate', 'update', `oc-${id}`, { target: { certificate: id, certificateId: id }, after: { active: true } }));
    const orgOff = change('org.certificate', 'update', 'oc-x3', { target: { certificate: 'x3', certificateId: 'x3' }, after: { active: false } });
    const result = await applyPlan(planOf([...assigns, ...orgOn, orgOff]), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(result.failed).toEqual([]);
    expect(result.applied).toHaveLength(15);
    // 3 calls for 15 changes; the client then splits the 12 ids into 10 + 2 (certificate_ids maxItems 10).
    expect(fake.mutations()).toEqual(
      expect.arrayContaining([
        { method: 'activateProjectCertificates', args: ['proj_1', ids] },
        { method: 'activateCertificates', args: [['x1', 'x2']] },
        { method: 'deactivateCertificates', args: [['x3']] },
      ]),
    );
    expect(fake.mutations()).toHaveLength(3);
  });

  it('uploads and then activates a certificate declared active', async () => {
    const fake = fakeWithProject();
    const c = change('org.certificate', 'create', 'c', { target: { certificate: 'C' }, after: { name: 'C', active: true, content: 'PEM' } });
    await applyPlan(planOf([c]), fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink });
    expect(fake.mutations().map((m) => m.method)).toEqual(['uploadCertificate', 'activateCertificates']);
    expect(fake.certificates[0]!.active).toBe(true);
  });
});
