// One plan with every kind of change, conflict, unmanaged object, warning and finding.
import { computePlan } from '../../src/plan/index.js';
import type { Plan } from '../../src/plan/types.js';
import {
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
} from '../plan/fixtures.js';

export function samplePlan(): Plan {
  const desired = desiredState(
    {
      members: members(
        want('ada@example.com', 'owner', { roles: ['Billing Viewer'] }),
        want('grace@example.com', 'reader'),
        want('scim@example.com', 'owner'),
        want('bob@example.com', 'reader'),
      ),
      groups: groups({ name: 'ml-platform', members: ['ada@example.com'] }),
      roles: roles({ name: 'Billing Viewer', permissions: ['api.organization.billing.read'] }),
      projects: projects(
        wantProject('search', {
          members: projectMembers({ email: 'ada@example.com', role: 'owner' }, { email: 'grace@example.com', role: 'member' }),
          rateLimits: new Map([['gpt-4o', { model: 'gpt-4o', maxTokensPer1Minute: 150_000 }]]),
          serviceAccounts: new Map([['indexer', { name: 'indexer' }]]),
        }),
        wantProject('ads', { members: projectMembers() }),
        wantProject('legacy', { status: 'archived' }),
      ),
    },
    { prune: { members: 'delete', projectMembers: 'delete', invites: 'report' }, rules: { allowedEmailDomains: ['example.com'] } },
  );
  const live = liveState({
    members: members(
      user('ada@example.com', 'reader', { roles: [] }),
      user('bob@example.com', 'owner'),
      user('scim@example.com', 'reader', { scimManaged: true }),
      user('eve@contractor.test', 'reader'),
    ),
    invites: invites({ id: 'invite-x', email: 'stray@example.com', role: 'reader', status: 'pending', expiresAt: NOW_SECONDS + DAY, projects: [] }),
    groups: groups({ name: 'ml-platform', id: 'g-ml', members: [] }),
    roles: roles(),
    projects: projects(
      liveProject('search', {
        members: projectMembers(),
        rateLimits: new Map([['gpt-4o', { model: 'gpt-4o', id: 'rl-1', maxTokensPer1Minute: 30_000 }]]),
        serviceAccounts: new Map(),
      }),
      liveProject('ads', { members: projectMembers({ email: 'ada@example.com', role: 'member', userId: 'user-ada' }) }),
      liveProject('legacy'),
    ),
  });
  return computePlan(desired, live, { now: NOW, fingerprint: () => 'fp-sample' });
}
