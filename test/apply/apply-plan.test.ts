import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/index.js';
import { CREATE_ATTEMPTS } from '../../src/apply/idempotent.js';
import type { Change } from '../../src/plan/types.js';
import { change, liveOf, memorySink, noSleep, planOf, policyWith } from './support/builders.js';
import { FakeAdminApi, FakeApiError } from './support/fake-api.js';

const options = (extra: object = {}) => ({ live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: memorySink().sink, ...extra });

const group = (name: string, deps: string[] = []): Change =>
  change('org.group', 'create', `org.group["${name}"]`, { target: { group: name }, dependsOn: deps });
const groupMember = (name: string, email: string): Change =>
  change('org.group.member', 'assign', `org.group["${name}"].member["${email}"]`, {
    target: { group: name, email },
    dependsOn: [`org.group["${name}"]`],
  });

describe('applyPlan ordering and concurrency', () => {
  it('starts independent changes together and holds dependents until their dependency is done', async () => {
    const fake = new FakeAdminApi();
    fake.addUser('ada@example.com');
    const release = fake.gate('createGroup');
    const pending = applyPlan(planOf([group('a'), group('b'), groupMember('a', 'ada@example.com')]), fake.api(), options());
    await new Promise((resolve) => setImmediate(resolve));
    // Both creates are in flight at once; the member add waits behind its group.
    expect(fake.callsOf('createGroup').map((c) => c.args[0])).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(fake.callsOf('addGroupUser')).toHaveLength(0);
    release();
    const result = await pending;
    expect(result.applied.map((o) => o.address).sort()).toEqual(
      ['org.group["a"]', 'org.group["a"].member["ada@example.com"]', 'org.group["b"]'].sort(),
    );
    const order = fake.mutations().map((c) => c.method);
    expect(order.indexOf('addGroupUser')).toBeGreaterThan(order.lastIndexOf('createGroup'));
  });

  it('skips only what depends on a failed change, naming the failed dependency, and goes on with the rest', async () => {
    const fake = new FakeAdminApi();
    const ada = fake.addUser('ada@example.com');
    fake.fail('createGroup', new FakeApiError('name taken by a SCIM group', 400, 'invalid_request'));
    const roleOnGroup = change('org.group.role', 'assign', 'org.group["a"].role["Viewer"]', {
      target: { group: 'a', role: 'Viewer' },
      dependsOn: ['org.group["a"].member["ada@example.com"]'],
    });
    const plan = planOf([group('a'), groupMember('a', 'ada@example.com'), roleOnGroup, group('b')]);
    const result = await applyPlan(plan, fake.api(), options());

    expect(result.failed).toEqual([
      expect.objectContaining({
        address: 'org.group["a"]',
        reason: 'name taken by a SCIM group (status 400, code invalid_request)',
        error: { message: 'name taken by a SCIM group', status: 400, code: 'invalid_request' },
      }),
    ]);
    expect(result.skipped.map((s) => [s.address, s.blockedBy])).toEqual([
      ['org.group["a"].member["ada@example.com"]', 'org.group["a"]'],
      ['org.group["a"].role["Viewer"]', 'org.group["a"]'],
    ]);
    expect(result.skipped[1]!.reason).toBe('depends on org.group["a"], which failed');
    expect(result.applied.map((o) => o.address)).toEqual(['org.group["b"]']);
    expect(fake.callsOf('addGroupUser')).toHaveLength(0);
    expect(fake.groupUsers.get(ada)).toBeUndefined();
  });

  it('ignores dependencies on addresses outside the plan (already satisfied live)', async () => {
    const fake = new FakeAdminApi();
    fake.addUser('ada@example.com');
    fake.groups.push({ id: 'group_live', name: 'a' });
    const result = await applyPlan(planOf([groupMember('a', 'ada@example.com')]), fake.api(), options());
    expect(result.applied).toHaveLength(1);
    expect(fake.groupUsers.get('group_live')?.size).toBe(1);
  });

  it('runs changes sharing an address in plan order: a replaced invite is deleted before it is sent again', async () => {
    const fake = new FakeAdminApi();
    fake.invites.push({ id: 'invite_old', email: 'grace@example.com', role: 'owner', status: 'pending', projects: [] });
    const plan = planOf([
      change('org.invite', 'delete', 'org.invite["grace@example.com"]', { target: { email: 'grace@example.com', inviteId: 'invite_old' }, wave: 2 }),
      change('org.invite', 'invite', 'org.invite["grace@example.com"]', { target: { email: 'grace@example.com' }, after: { role: 'reader', projects: [] }, wave: 3 }),
    ]);
    const result = await applyPlan(plan, fake.api(), options());
    expect(result.failed).toEqual([]);
    expect(fake.mutations().map((c) => c.method)).toEqual(['deleteInvite', 'createInvite']);
    expect(fake.invites.map((i) => [i.email, i.role])).toEqual([['grace@example.com', 'reader']]);
  });

  it('does not send the new invite when deleting the old one failed', async () => {
    const fake = new FakeAdminApi();
    fake.fail('deleteInvite', new FakeApiError('server error', 500));
    const plan = planOf([
      change('org.invite', 'delete', 'org.invite["grace@example.com"]', { target: { email: 'grace@example.com', inviteId: 'invite_old' } }),
      change('org.invite', 'invite', 'org.invite["grace@example.com"]', { target: { email: 'grace@example.com' }, after: { role: 'reader' } }),
    ]);
    const result = await applyPlan(plan, fake.api(), options());
    expect(result.skipped.map((s) => [s.action, s.blockedBy])).toEqual([['invite', 'org.invite["grace@example.com"]']]);
    expect(fake.callsOf('createInvite')).toEqual([]);
  });

  it('treats waves as barriers: a later wave starts after the earlier one has ended, even when part of it failed', async () => {
    const fake = new FakeAdminApi();
    fake.fail('createRole', new FakeApiError('bad permissions', 400));
    const release = fake.gate('createRole');
    const plan = planOf([
      change('org.role', 'create', 'org.role["A"]', { target: { role: 'A' }, after: { permissions: [] }, wave: 0 }),
      { ...group('late'), wave: 3 },
    ]);
    const pending = applyPlan(plan, fake.api(), options());
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.callsOf('createGroup')).toEqual([]);
    release();
    const result = await pending;
    expect(result.failed.map((o) => o.address)).toEqual(['org.role["A"]']);
    expect(result.applied.map((o) => o.address)).toEqual(['org.group["late"]']);
  });

  it('refuses a plan where a change depends on one of a later wave', async () => {
    const fake = new FakeAdminApi();
    const plan = planOf([{ ...group('a'), wave: 5 }, { ...groupMember('a', 'ada@example.com'), wave: 4 }]);
    await expect(applyPlan(plan, fake.api(), options())).rejects.toThrow(/depends on org.group\["a"\] of a later wave \(5\)/);
    expect(fake.calls).toEqual([]);
  });

  it('once interrupted, lets the changes in flight finish and starts no new one', async () => {
    const fake = new FakeAdminApi();
    const release = fake.gate('createGroup');
    const interrupt = new AbortController();
    const plan = planOf([{ ...group('a'), wave: 0 }, { ...group('b'), wave: 0 }, change('org.role', 'create', 'org.role["R"]', { target: { role: 'R' }, after: { permissions: [] }, wave: 1 })]);
    const pending = applyPlan(plan, fake.api(), options({ signal: interrupt.signal }));
    await new Promise((resolve) => setImmediate(resolve));
    interrupt.abort();
    release();
    const result = await pending;
    expect(result.applied.map((o) => o.address)).toEqual(['org.group["a"]', 'org.group["b"]']);
    expect(result.skipped).toEqual([
      expect.objectContaining({ address: 'org.role["R"]', blockedBy: 'interrupt', reason: 'not started: the apply was interrupted' }),
    ]);
    expect(fake.callsOf('createRole')).toEqual([]);
  });

  it('refuses a plan whose dependencies form a cycle before any mutation', async () => {
    const fake = new FakeAdminApi();
    const plan = planOf([group('a', ['org.group["b"]']), group('b', ['org.group["a"]'])]);
    await expect(applyPlan(plan, fake.api(), options())).rejects.toThrow(/cycle: org.group\["a"\] → org.group\["b"\] → org.group\["a"\]/);
    expect(fake.mutations()).toEqual([]);
  });

  it('refuses a plan holding a change it has no executor for, before any mutation', async () => {
    const fake = new FakeAdminApi();
    const plan = planOf([group('a'), change('project.rate_limit', 'delete', 'project["x"].rate_limit["gpt-4o"]')]);
    await expect(applyPlan(plan, fake.api(), options())).rejects.toThrow(/no executor for project.rate_limit delete/);
    expect(fake.mutations()).toEqual([]);
  });
});

describe('applyPlan name → id resolution', () => {
  it('resolves ids of a project, role, group and user created earlier in the same run', async () => {
    const fake = new FakeAdminApi();
    const ada = fake.addUser('ada@example.com');
    const plan = planOf([
      change('project', 'create', 'project["search"]', { target: { project: 'search' } }),
      change('project.role', 'create', 'project["search"].role["Deployer"]', {
        target: { project: 'search', role: 'Deployer' },
        after: { permissions: ['api.model.request'] },
        dependsOn: ['project["search"]'],
      }),
      change('project.member', 'create', 'project["search"].member["ada@example.com"]', {
        target: { project: 'search', email: 'ada@example.com' },
        after: { role: 'owner' },
        dependsOn: ['project["search"]'],
      }),
      change('project.member.role', 'assign', 'project["search"].member["ada@example.com"].role["Deployer"]', {
        target: { project: 'search', email: 'ada@example.com', role: 'Deployer', roleScope: 'project' },
        dependsOn: ['project["search"].role["Deployer"]', 'project["search"].member["ada@example.com"]'],
      }),
      change('org.role', 'create', 'org.role["Billing Viewer"]', {
        target: { role: 'Billing Viewer' },
        after: { permissions: ['api.organization.billing.read'], description: 'Read-only billing' },
      }),
      group('ml'),
      change('org.group.role', 'assign', 'org.group["ml"].role["Billing Viewer"]', {
        target: { group: 'ml', role: 'Billing Viewer', roleScope: 'org' },
        dependsOn: ['org.group["ml"]', 'org.role["Billing Viewer"]'],
      }),
    ]);
    const result = await applyPlan(plan, fake.api(), options());
    expect(result.failed).toEqual([]);
    const projectId = fake.projects.find((p) => p.name === 'search')!.id;
    const deployer = fake.projectRoles.get(projectId)!.find((r) => r.name === 'Deployer')!.id;
    expect(fake.callsOf('assignProjectUserRole')[0]!.args).toEqual([projectId, ada, deployer]);
    const billing = fake.roles.find((r) => r.name === 'Billing Viewer')!.id;
    expect(fake.callsOf('assignGroupRole')[0]!.args).toEqual([fake.groups[0]!.id, billing]);
    expect(fake.callsOf('createRole')[0]!.args[0]).toEqual({
      role_name: 'Billing Viewer',
      permissions: ['api.organization.billing.read'],
      description: 'Read-only billing',
    });
    // Created things were resolved from the run's own results: no list re-read for them.
    expect(fake.callsOf('listProjects')).toHaveLength(0);
    expect(fake.callsOf('listGroups')).toHaveLength(0);
  });

  it('takes ids the plan\'s live read already knows without listing anything', async () => {
    const fake = new FakeAdminApi();
    const live = liveOf({
      members: [{ email: 'ada@example.com', role: 'reader', id: 'user_ada' }],
      groups: new Map([['ml', { name: 'ml', id: 'group_ml' }]]),
      roles: new Map([['Viewer', { name: 'Viewer', id: 'role_viewer', permissions: [] }]]),
    });
    const plan = planOf([
      change('org.group.member', 'assign', 'org.group["ml"].member["ada@example.com"]', { target: { group: 'ml', email: 'ada@example.com' } }),
      change('org.group.role', 'assign', 'org.group["ml"].role["Viewer"]', { target: { group: 'ml', role: 'Viewer' } }),
    ]);
    const result = await applyPlan(plan, fake.api(), options({ live }));
    expect(result.failed).toEqual([]);
    expect(fake.calls.map((c) => [c.method, ...c.args])).toEqual([
      ['addGroupUser', 'group_ml', 'user_ada'],
      ['assignGroupRole', 'group_ml', 'role_viewer'],
    ]);
  });

  it('resolves a predefined role by name from the live list when the run did not create it', async () => {
    const fake = new FakeAdminApi();
    const ada = fake.addUser('ada@example.com');
    const owner = fake.addRole('Owner', true);
    const plan = planOf([
      change('org.member.role', 'assign', 'org.member["ada@example.com"].role["Owner"]', {
        target: { email: 'ada@example.com', role: 'Owner' },
      }),
    ]);
    const result = await applyPlan(plan, fake.api(), options());
    expect(result.applied).toHaveLength(1);
    expect(fake.callsOf('assignUserRole')[0]!.args).toEqual([ada, owner]);
  });

  it('sends an invite carrying its project memberships, resolving a project created in the run', async () => {
    const fake = new FakeAdminApi();
    const live = fake.addProject('live-project');
    const plan = planOf([
      change('project', 'create', 'project["new"]', { target: { project: 'new' } }),
      change('org.invite', 'invite', 'org.invite["grace@example.com"]', {
        target: { email: 'grace@example.com' },
        after: { role: 'reader', projects: [{ project: 'new', role: 'owner' }, { project: 'live-project', role: 'member' }] },
        dependsOn: ['project["new"]'],
      }),
    ]);
    const result = await applyPlan(plan, fake.api(), options());
    expect(result.failed).toEqual([]);
    const created = fake.projects.find((p) => p.name === 'new')!.id;
    expect(fake.callsOf('createInvite')[0]!.args[0]).toEqual({
      email: 'grace@example.com',
      role: 'reader',
      projects: [
        { id: created, role: 'owner' },
        { id: live, role: 'member' },
      ],
    });
  });

  it('fails a change whose name resolves nowhere, saying so, and blocks only its dependents', async () => {
    const fake = new FakeAdminApi();
    const plan = planOf([
      change('project.member', 'create', 'project["ghost"].member["ada@example.com"]', {
        target: { project: 'ghost', email: 'ada@example.com' },
        after: { role: 'member' },
      }),
      group('fine'),
    ]);
    const result = await applyPlan(plan, fake.api(), options());
    expect(result.failed[0]!.reason).toMatch(/project "ghost" not found: it was neither created earlier in this run nor found in the live organization/);
    expect(result.applied.map((o) => o.address)).toEqual(['org.group["fine"]']);
  });
});

describe('applyPlan ambiguous failures', () => {
  const ambiguous = () => new FakeApiError('socket hang up after the request was sent', undefined, 'ECONNRESET', true);

  it('re-reads after an ambiguous create that happened and does not create it twice', async () => {
    const fake = new FakeAdminApi();
    fake.fail('createGroup', ambiguous(), { mode: 'after' });
    fake.fail('createInvite', ambiguous(), { mode: 'after' });
    const plan = planOf([
      group('a'),
      change('org.invite', 'invite', 'org.invite["grace@example.com"]', { target: { email: 'grace@example.com' }, after: { role: 'reader' } }),
    ]);
    const result = await applyPlan(plan, fake.api(), options());
    expect(result.failed).toEqual([]);
    expect(fake.groups).toHaveLength(1);
    expect(fake.invites).toHaveLength(1);
    expect(fake.callsOf('createGroup')).toHaveLength(1);
    expect(fake.callsOf('createInvite')).toHaveLength(1);
    expect(result.applied.find((o) => o.address === 'org.group["a"]')!.note).toMatch(/confirmed by re-reading/);
  });

  it('retries an ambiguous create that did not happen, only after a re-read found nothing', async () => {
    const fake = new FakeAdminApi();
    fake.fail('createGroup', ambiguous(), { mode: 'before', times: 2 });
    const result = await applyPlan(planOf([group('a')]), fake.api(), options());
    expect(result.applied[0]!.note).toBe('created on attempt 3, after re-reading showed the earlier ones had not');
    const sequence = fake.calls.map((c) => c.method);
    // Each retry is preceded by the re-reads of the grace (3 list calls).
    expect(sequence).toEqual([
      'createGroup', 'listGroups', 'listGroups', 'listGroups',
      'createGroup', 'listGroups', 'listGroups', 'listGroups',
      'createGroup',
    ]);
    expect(fake.groups).toHaveLength(1);
  });

  it('gives up after CREATE_ATTEMPTS: the change fails with the error', async () => {
    const fake = new FakeAdminApi();
    fake.fail('createGroup', ambiguous(), { mode: 'before', times: CREATE_ATTEMPTS });
    const result = await applyPlan(planOf([group('a')]), fake.api(), options());
    expect(result.failed[0]!.reason).toBe('socket hang up after the request was sent (code ECONNRESET)');
    expect(fake.callsOf('createGroup')).toHaveLength(CREATE_ATTEMPTS);
    expect(fake.groups).toHaveLength(0);
  });

  it('never repeats a create once a re-read shows it happened, even after several lost answers', async () => {
    const fake = new FakeAdminApi();
    fake.fail('createGroup', ambiguous(), { mode: 'before' });
    fake.fail('createGroup', ambiguous(), { mode: 'after' });
    const result = await applyPlan(planOf([group('a')]), fake.api(), options());
    expect(result.applied[0]!.note).toBe('the lost answer had succeeded, confirmed by re-reading');
    expect(fake.callsOf('createGroup')).toHaveLength(2);
    expect(fake.groups).toHaveLength(1);
  });

  it('counts a 409 on an assignment as done once a re-read shows it, and makes no second attempt', async () => {
    const fake = new FakeAdminApi();
    const ada = fake.addUser('ada@example.com');
    fake.groups.push({ id: 'g1', name: 'a' });
    fake.groupUsers.set('g1', new Set([ada]));
    const result = await applyPlan(planOf([groupMember('a', 'ada@example.com')]), fake.api(), options());
    expect(result.applied[0]!.note).toBe('already present (409), confirmed by re-reading');
    expect(fake.callsOf('addGroupUser')).toHaveLength(1);
  });

  it('does not retry a plain (non-ambiguous) failure', async () => {
    const fake = new FakeAdminApi();
    fake.fail('createGroup', new FakeApiError('bad request', 400));
    const result = await applyPlan(planOf([group('a')]), fake.api(), options());
    expect(result.failed).toHaveLength(1);
    expect(fake.callsOf('createGroup')).toHaveLength(1);
  });

  it('treats a 404 on a delete as already gone', async () => {
    const fake = new FakeAdminApi();
    const plan = planOf([change('org.member', 'delete', 'org.member["old@example.com"]', { target: { email: 'old@example.com', userId: 'user_gone' } })]);
    const result = await applyPlan(plan, fake.api(), options());
    expect(result.applied[0]!.note).toBe('already gone (404)');
  });

  it('creates a service account only once when the create answer is lost, and warns that its key is lost', async () => {
    const fake = new FakeAdminApi();
    const projectId = fake.addProject('search');
    fake.fail('createProjectServiceAccount', ambiguous(), { mode: 'after' });
    const { sink, keys } = memorySink();
    const plan = planOf([
      change('project.service_account', 'create', 'project["search"].service_account["indexer"]', {
        target: { project: 'search', projectId, serviceAccount: 'indexer' },
      }),
    ]);
    const result = await applyPlan(plan, fake.api(), options({ secrets: sink }));
    expect(fake.serviceAccounts.get(projectId)).toHaveLength(1);
    expect(keys).toEqual([]);
    expect(result.warnings).toContainEqual(
      expect.stringMatching(/service account "indexer" in project "search" \(svc_acct_\d+\) exists but its key was never received \(the create answer was lost\)/),
    );
  });
});
