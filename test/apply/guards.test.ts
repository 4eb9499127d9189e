import { describe, expect, it } from 'vitest';
import { applyPlan, checkGuards, evaluateGuards, GuardRefusal, PERCENT_FLOOR } from '../../src/apply/index.js';
import type { Member } from '../../src/model/types.js';
import { change, liveOf, memorySink, noSleep, planOf, policyWith } from './support/builders.js';
import { FakeAdminApi } from './support/fake-api.js';

const member = (email: string, role: 'owner' | 'reader' = 'reader', id = `user-${email}`): Member => ({ email, role, id });
const removal = (email: string) =>
  change('org.member', 'delete', `org.member["${email}"]`, { target: { email, userId: `user-${email}` }, destructive: true });
const downgrade = (email: string) =>
  change('org.member', 'update', `org.member["${email}"]`, {
    target: { email, userId: `user-${email}` },
    before: { role: 'owner' },
    after: { role: 'reader' },
    destructive: true,
  });

const people = (n: number, role: 'owner' | 'reader' = 'reader') => Array.from({ length: n }, (_, i) => member(`p${i}@example.com`, role));

describe('checkGuards', () => {
  it('refuses more destructive changes than safety.maxDeletes, naming them', () => {
    const live = liveOf({ members: people(20) }, { adminKeyOwnerId: 'admin' });
    const plan = planOf([removal('p0@example.com'), removal('p1@example.com'), removal('p2@example.com')]);
    const [refusal, ...rest] = checkGuards(plan, live, policyWith({ maxDeletes: 2 }));
    expect(rest).toEqual([]);
    expect(refusal).toBeInstanceOf(GuardRefusal);
    expect(refusal!.rule).toBe('maxDeletes');
    expect(refusal!.changes).toEqual(['org.member["p0@example.com"]', 'org.member["p1@example.com"]', 'org.member["p2@example.com"]']);
    expect(refusal!.message).toMatch(/3 destructive changes exceed safety.maxDeletes 2 \(override for one run with --max-deletes 3\)/);
    expect(JSON.parse(JSON.stringify(refusal))).toEqual({ rule: 'maxDeletes', message: refusal!.message, changes: refusal!.changes });
  });

  it('refuses removing more than maxDeletePercent of one kind, measured against that kind live', () => {
    const live = liveOf({ members: people(10) }, { adminKeyOwnerId: 'admin' });
    const plan = planOf([removal('p0@example.com'), removal('p1@example.com'), removal('p2@example.com')]);
    const refusals = checkGuards(plan, live, policyWith({ maxDeletePercent: 25 }));
    expect(refusals.map((r) => r.rule)).toEqual(['maxDeletePercent']);
    expect(refusals[0]!.message).toMatch(/3 of 10 org.member \(30%\) would be removed, more than safety.maxDeletePercent 25%/);
    // 2 of 10 is under the share.
    expect(checkGuards(planOf(plan.changes.slice(0, 2)), live, policyWith({ maxDeletePercent: 25 }))).toEqual([]);
  });

  it('measures project members against project members, not org members', () => {
    const projectMembers = new Map(people(4).map((p) => [p.email, { email: p.email, role: 'member' as const }]));
    const live = liveOf({ members: people(100), projects: [{ name: 'x', status: 'active', members: projectMembers }] }, { adminKeyOwnerId: 'admin' });
    const plan = planOf(
      [0, 1, 2].map((i) =>
        change('project.member', 'delete', `project["x"].member["p${i}@example.com"]`, { target: { project: 'x', email: `p${i}@example.com` }, destructive: true }),
      ),
    );
    const refusals = checkGuards(plan, live, policyWith({ maxDeletePercent: 25 }));
    expect(refusals[0]!.message).toMatch(/3 of 4 project.member \(75%\) would be removed/);
  });

  const projectOf = (name: string, members: [string, 'owner' | 'member'][]) => ({
    name,
    status: 'active' as const,
    members: new Map(members.map(([email, role]) => [email, { email, role }])),
  });
  const projectDowngrade = (project: string, email: string) =>
    change('project.member', 'update', `project["${project}"].member["${email}"]`, {
      target: { project, email },
      before: { role: 'owner' },
      after: { role: 'member' },
      destructive: true,
    });
  const projectRemoval = (project: string, email: string) =>
    change('project.member', 'delete', `project["${project}"].member["${email}"]`, { target: { project, email }, destructive: true });

  it('does not count a downgrade as a removal: a one-member project may lose its owner role', () => {
    const live = liveOf({ members: people(3), projects: [projectOf('solo', [['p0@example.com', 'owner']])] }, { adminKeyOwnerId: 'admin' });
    const plan = planOf([projectDowngrade('solo', 'p0@example.com')]);
    expect(checkGuards(plan, live, policyWith({ maxDeletePercent: 25 }))).toEqual([]);
    // Still a destructive change for the count, and said to be a downgrade.
    const [refusal] = checkGuards(plan, live, policyWith({ maxDeletes: 0 }));
    expect(refusal!.message).toMatch(/^1 destructive change \(1 downgrade\) exceed safety.maxDeletes 0/);
  });

  it('measures downgrades against the holders of the role they lose, and words them so', () => {
    const owners = Array.from({ length: 4 }, (_, i) => [`p${i}@example.com`, 'owner'] as [string, 'owner']);
    const readers = Array.from({ length: 16 }, (_, i) => [`r${i}@example.com`, 'member'] as [string, 'member']);
    const live = liveOf({ members: people(20), projects: [projectOf('x', [...owners, ...readers])] }, { adminKeyOwnerId: 'admin' });
    const plan = planOf([0, 1, 2].map((i) => projectDowngrade('x', `p${i}@example.com`)));
    // 3 of 20 members (15%) but 3 of 4 owners (75%).
    const refusals = checkGuards(plan, live, policyWith({ maxDeletePercent: 25 }));
    expect(refusals.map((r) => r.rule)).toEqual(['maxDeletePercent']);
    expect(refusals[0]!.message).toMatch(/^3 of 4 project.member owners \(75%\) would lose owner, more than safety.maxDeletePercent 25%/);
    expect(refusals[0]!.message).not.toMatch(/removed/);
  });

  it('never refuses fewer than PERCENT_FLOOR of a kind by share, but maxDeletes still counts them', () => {
    expect(PERCENT_FLOOR).toBe(3);
    const live = liveOf(
      { members: people(3), projects: [projectOf('trio', [['p0@example.com', 'owner'], ['p1@example.com', 'member'], ['p2@example.com', 'member']])] },
      { adminKeyOwnerId: 'admin' },
    );
    // 1 of 3 (33%) and 2 of 3 (67%) are over 25% but under the floor.
    expect(checkGuards(planOf([projectRemoval('trio', 'p2@example.com')]), live, policyWith({ maxDeletePercent: 25 }))).toEqual([]);
    const two = planOf([projectRemoval('trio', 'p1@example.com'), projectRemoval('trio', 'p2@example.com')]);
    expect(checkGuards(two, live, policyWith({ maxDeletePercent: 25 }))).toEqual([]);
    // Removals and downgrades are not added up into one share.
    const mixed = planOf([projectDowngrade('trio', 'p0@example.com'), projectRemoval('trio', 'p1@example.com'), projectRemoval('trio', 'p2@example.com')]);
    expect(checkGuards(mixed, live, policyWith({ maxDeletePercent: 25 }))).toEqual([]);
    const counted = checkGuards(two, live, policyWith({ maxDeletePercent: 25, maxDeletes: 1 }));
    expect(counted.map((r) => r.rule)).toEqual(['maxDeletes']);
  });

  it('does not count a replaced invite (deleted, then sent again) as removing invites', () => {
    const invites = new Map([['g@example.com', { id: 'inv1', email: 'g@example.com', role: 'reader' as const, status: 'expired' as const, expiresAt: 1, projects: [] }]]);
    const live = liveOf({ invites }, { adminKeyOwnerId: 'admin' });
    const plan = planOf([
      change('org.invite', 'delete', 'org.invite["g@example.com"]', { target: { email: 'g@example.com', inviteId: 'inv1' } }),
      change('org.invite', 'invite', 'org.invite["g@example.com"]', { target: { email: 'g@example.com' }, after: { role: 'reader' } }),
    ]);
    expect(checkGuards(plan, live, policyWith({ maxDeletePercent: 25 }))).toEqual([]);
    // Still one destructive change for the count.
    expect(checkGuards(plan, live, policyWith({ maxDeletes: 0 })).map((r) => r.rule)).toEqual(['maxDeletes']);
  });

  it('lets --max-deletes override both the count and the share for one run', () => {
    const live = liveOf({ members: people(4) }, { adminKeyOwnerId: 'admin' });
    const plan = planOf([removal('p0@example.com'), removal('p1@example.com'), removal('p2@example.com')]);
    const policy = policyWith({ maxDeletes: 1, maxDeletePercent: 10 });
    expect(checkGuards(plan, live, policy).map((r) => r.rule)).toEqual(['maxDeletes', 'maxDeletePercent']);
    expect(checkGuards(plan, live, policy, { maxDeletes: 3 })).toEqual([]);
    const tooFew = checkGuards(plan, live, policy, { maxDeletes: 2 });
    expect(tooFew.map((r) => r.rule)).toEqual(['maxDeletes']);
    expect(tooFew[0]!.message).toMatch(/^3 destructive changes exceed --max-deletes 2: org.member\["p0@example.com"\]/);
  });

  it('refuses leaving fewer owners than safety.minOwners, but not a plan that keeps an already-low count', () => {
    const live = liveOf({ members: [member('a@example.com', 'owner'), member('b@example.com', 'owner'), member('c@example.com')] }, { adminKeyOwnerId: 'admin' });
    const policy = policyWith({ minOwners: 2 });
    const refusals = checkGuards(planOf([downgrade('a@example.com')]), live, policy);
    expect(refusals.map((r) => [r.rule, r.changes])).toEqual([['minOwners', ['org.member["a@example.com"]']]]);
    expect(refusals[0]!.message).toMatch(/would keep 1 owner, fewer than safety.minOwners 2/);
    // Promoting someone in the same plan keeps the count.
    const promote = change('org.member', 'update', 'org.member["c@example.com"]', { target: { email: 'c@example.com' }, before: { role: 'reader' }, after: { role: 'owner' } });
    expect(checkGuards(planOf([downgrade('a@example.com'), promote]), live, policy)).toEqual([]);
    // Already under the floor and not lowering it: allowed, so the org can be fixed.
    expect(checkGuards(planOf([removal('c@example.com')]), live, policyWith({ minOwners: 3 }))).toEqual([]);
  });

  it('refuses any removal or downgrade of a protected person, wherever it is', () => {
    const live = liveOf({ members: [member('ada@example.com', 'owner'), member('b@example.com', 'owner')] }, { adminKeyOwnerId: 'admin' });
    const policy = policyWith({ protected: ['ada@example.com'] });
    const projectRemoval = change('project.member', 'delete', 'project["x"].member["ada@example.com"]', {
      target: { project: 'x', email: 'ADA@example.com' },
      destructive: true,
    });
    const projectDowngrade = change('project.member', 'update', 'project["y"].member["ada@example.com"]', {
      target: { project: 'y', email: 'ada@example.com' },
      before: { role: 'owner' },
      after: { role: 'member' },
      destructive: false,
    });
    for (const c of [removal('ada@example.com'), downgrade('ada@example.com'), projectRemoval, projectDowngrade]) {
      const refusals = checkGuards(planOf([c]), live, policy);
      expect(refusals.map((r) => [r.rule, r.changes])).toContainEqual(['protected', [c.address]]);
      expect(refusals.find((r) => r.rule === 'protected')!.message).toMatch(/protected person ada@example.com/);
    }
    // Adding a role to a protected person is not taking anything away.
    const grant = change('org.member.role', 'assign', 'org.member["ada@example.com"].role["X"]', { target: { email: 'ada@example.com', role: 'X' } });
    expect(checkGuards(planOf([grant]), live, policy)).toEqual([]);
    // Nor is re-sending their stale invite (deleted, then invited again).
    const resend = [
      change('org.invite', 'delete', 'org.invite["ada@example.com"]', { target: { email: 'ada@example.com', inviteId: 'inv1' } }),
      change('org.invite', 'invite', 'org.invite["ada@example.com"]', { target: { email: 'ada@example.com' }, after: { role: 'owner' } }),
    ];
    expect(checkGuards(planOf(resend), live, policy)).toEqual([]);
    // But deleting it for good is.
    expect(checkGuards(planOf([resend[0]!]), live, policy).map((r) => r.rule)).toContain('protected');
  });

  it('refuses removing or downgrading the owner of the admin key in use', () => {
    const live = liveOf({ members: [member('me@example.com', 'owner', 'user-me'), member('b@example.com', 'owner'), member('c@example.com', 'owner')] }, { adminKeyOwnerId: 'user-me' });
    const byEmail = change('org.member', 'delete', 'org.member["me@example.com"]', { target: { email: 'me@example.com' }, destructive: true });
    const refusals = checkGuards(planOf([byEmail]), live, policyWith());
    expect(refusals.map((r) => [r.rule, r.changes])).toEqual([['selfLockout', ['org.member["me@example.com"]']]]);
    expect(refusals[0]!.message).toMatch(/me@example.com, who owns the admin key in use/);
    const demote = change('org.member', 'update', 'org.member["me@example.com"]', { target: { userId: 'user-me' }, before: { role: 'owner' }, after: { role: 'reader' } });
    expect(checkGuards(planOf([demote]), live, policyWith()).map((r) => r.rule)).toEqual(['selfLockout']);
  });

  it('skips the self-lockout check with a warning when the key owner is unknown', () => {
    const live = liveOf({ members: [member('me@example.com', 'owner'), member('b@example.com', 'owner')] });
    const report = evaluateGuards(planOf([removal('me@example.com')]), live, policyWith());
    expect(report.refusals).toEqual([]);
    expect(report.warnings).toEqual(['the owner of the admin key in use is unknown: the self-lockout check was skipped']);
  });
});

describe('applyPlan under a guard refusal', () => {
  it('makes no request at all and returns the refusals', async () => {
    const fake = new FakeAdminApi();
    const live = liveOf({ members: people(3) }, { adminKeyOwnerId: 'admin' });
    const plan = planOf([
      change('org.group', 'create', 'org.group["a"]', { target: { group: 'a' } }),
      removal('p0@example.com'),
      removal('p1@example.com'),
    ]);
    const result = await applyPlan(plan, fake.api(), { live, policy: policyWith({ maxDeletes: 1 }), sleep: noSleep, secrets: memorySink().sink });
    expect(result.refusals.map((r) => r.rule)).toEqual(['maxDeletes']);
    expect(result.applied).toEqual([]);
    expect(fake.calls).toEqual([]);
  });
});
