import { describe, expect, it } from 'vitest';
import { isFollowUp, mapAuditEvent } from '../../src/drift/index.js';
import { desiredFixture, indexFixture, sessionEvent } from './fixtures.js';

const ctx = { desired: desiredFixture(), index: indexFixture() };
const project = { project: { id: 'proj_search', name: 'search' } };

function targets(type: string, payload: unknown, extra = {}) {
  const mapping = mapAuditEvent(sessionEvent(type, payload, extra), ctx);
  if (!mapping.relevant) throw new Error(`expected ${type} to be relevant: ${mapping.reason}`);
  return mapping.targets.map((t) => [t.address, t.managed, t.source ? `${t.source.file}:${t.source.line}` : t.prune ?? null]);
}

describe('mapAuditEvent', () => {
  it.each([
    ['user.added', { id: 'user-eve', data: { role: 'reader' } }, {}, [['org.member["eve@example.com"]', false, 'members']]],
    ['user.updated', { id: 'user-grace', changes_requested: { role: 'owner' } }, {}, [['org.member["grace@example.com"]', true, 'org.yaml:8']]],
    ['user.deleted', { id: 'user-ada' }, {}, [['org.member["ada@example.com"]', true, 'org.yaml:5']]],
    ['user.added', { id: 'user-eve', data: { role: 'member' } }, project, [['project["search"].member["eve@example.com"]', false, 'projectMembers']]],
    ['user.updated', { id: 'user-ada', changes_requested: { role: 'member' } }, project, [['project["search"].member["ada@example.com"]', true, 'projects/search.yaml:8']]],
    ['user.deleted', { id: 'user-ada' }, project, [['project["search"].member["ada@example.com"]', true, 'projects/search.yaml:8']]],
    ['invite.sent', { id: 'invite-2', data: { email: 'Mallory@Example.com', role: 'owner' } }, {}, [['org.invite["mallory@example.com"]', false, 'invites']]],
    ['invite.accepted', { id: 'invite-1' }, {}, [['org.invite["zed@example.com"]', false, 'invites']]],
    ['invite.deleted', { id: 'invite-1' }, {}, [['org.invite["zed@example.com"]', false, 'invites']]],
    ['group.created', { id: 'group-new', data: { group_name: 'shadow' } }, {}, [['org.group["shadow"]', false, 'groups']]],
    ['group.updated', { id: 'group-ml', changes_requested: { group_name: 'renamed' } }, {}, [['org.group["ml-platform"]', true, 'org.yaml:11']]],
    ['group.deleted', { id: 'group-ml' }, {}, [['org.group["ml-platform"]', true, 'org.yaml:11']]],
    ['role.created', { id: 'role-new', role_name: 'Rogue', resource_type: 'api.organization' }, {}, [['org.role["Rogue"]', false, 'roles']]],
    ['role.updated', { id: 'role-billing', changes_requested: { permissions_added: ['y'] } }, {}, [['org.role["Billing Viewer"]', true, 'org.yaml:15']]],
    ['role.deleted', { id: 'role-deployer' }, {}, [['project["search"].role["Deployer"]', true, 'projects/search.yaml:16']]],
    ['role.created', { id: 'role-p', role_name: 'Shadow', resource_type: 'api.project', resource_id: 'proj_search' }, {}, [['project["search"].role["Shadow"]', false, 'roles']]],
['role.assignment.created', { id: 'role_assignment_1', principal_id: 'user-grace', principal_type: 'user', resource_id: 'org-1', resource_type: 'api.organization' }, {}, [['org.member["grace@example.com"].role[*]', false, null]]],
    ['role.assignment.deleted', { id: 'role_assignment_2', principal_id: 'user-ada', principal_type: 'user', resource_type: 'api.organization' }, {}, [['org.member["ada@example.com"].role[*]', true, 'org.yaml:5']]],
    ['role.assignment.created', { id: 'role_assignment_3', principal_id: 'group-ml', principal_type: 'group', resource_type: 'api.organization' }, {}, [['org.group["ml-platform"].role[*]', true, 'org.yaml:11']]],
    ['role.assignment.deleted', { id: 'role_assignment_4', principal_id: 'user-ada', principal_type: 'user', resource_id: 'proj_search', resource_type: 'api.project' }, {}, [['project["search"].member["ada@example.com"].role[*]', true, 'projects/search.yaml:8']]],
    ['role.assignment.created', { id: 'role_assignment_5', principal_id: 'group-ml', principal_type: 'group', resource_id: 'proj_search', resource_type: 'api.project' }, {}, [['project["search"].group["ml-platform"].role[*]', true, 'projects/search.yaml:12']]],
    ['project.created', { id: 'proj_new', data: { name: 'skunkworks' } }, {}, [['project["skunkworks"]', false, 'projects']]],
    ['project.updated', { id: 'proj_search', changes_requested: { title: 'x' } }, {}, [['project["search"]', true, 'projects/search.yaml:3']]],
    ['project.archived', { id: 'proj_search' }, {}, [['project["search"]', true, 'projects/search.yaml:3']]],
    ['project.deleted', { id: 'proj_search' }, {}, [['project["search"]', true, 'projects/search.yaml:3']]],
    ['service_account.created', { id: 'user-sa2', data: { role: 'member' } }, project, [['project["search"].service_account["id:user-sa2"]', false, 'serviceAccounts']]],
    ['service_account.updated', { id: 'user-sa1', changes_requested: { role: 'owner' } }, project, [['project["search"].service_account["indexer"]', true, 'projects/search.yaml:19']]],
    ['service_account.deleted', { id: 'user-sa1' }, project, [['project["search"].service_account["indexer"]', true, 'projects/search.yaml:19']]],
    ['rate_limit.updated', { id: 'rl-gpt-4o', changes_requested: { max_requests_per_1_minute: 9 } }, project, [['project["search"].rate_limit["gpt-4o"]', true, 'projects/search.yaml:21']]],
    ['rate_limit.deleted', { id: 'rl-gpt-4o' }, project, [['project["search"].rate_limit["gpt-4o"]', true, 'projects/search.yaml:21']]],
    ['certificate.created', { id: 'cert-2', name: 'other' }, {}, [['org.certificate["other"]', false, null]]],
    ['certificate.updated', { id: 'cert-1', name: 'corp-mtls' }, {}, [['org.certificate["corp-mtls"]', true, 'org.yaml:19']]],
    ['certificate.deleted', { id: 'cert-1' }, {}, [['org.certificate["corp-mtls"]', true, 'org.yaml:19']]],
    ['certificates.activated', { certificates: [{ id: 'cert-1' }, { id: 'cert-9', name: 'x' }] }, {}, [['org.certificate["corp-mtls"]', true, 'org.yaml:19'], ['org.certificate["x"]', false, null]]],
    ['certificates.deactivated', { certificates: [{ id: 'cert-1' }] }, project, [['project["search"].certificate["corp-mtls"]', true, 'projects/search.yaml:3']]],
  ])('%s %j %j', (type, payload, extra, expected) => {
    expect(targets(type, payload, extra)).toEqual(expected);
  });

  it.each(['login.succeeded', 'api_key.created', 'ip_allowlist.updated', 'organization.updated', 'scim.enabled'])(
    'ignores %s: orgplane does not manage it',
    (type) => {
      expect(mapAuditEvent(sessionEvent(type, {}), ctx).relevant).toBe(false);
    },
  );

  it('carries what the event asked for', () => {
    const mapping = mapAuditEvent(sessionEvent('user.updated', { id: 'user-grace', changes_requested: { role: 'owner' } }), ctx);
    expect(mapping).toMatchObject({ relevant: true, after: { role: 'owner' } });
  });

  it('names an id it cannot resolve instead of dropping the event', () => {
    expect(targets('user.deleted', { id: 'user-zz' })).toEqual([['org.member["id:user-zz"]', false, 'members']]);
  });
});

describe('MANAGED_EVENT_TYPES', () => {
  it('lists only types the spec defines, and every one of them maps', async () => {
    const { readFileSync } = await import('node:fs');
    const spec = readFileSync('src/api/openapi.gen.ts', 'utf8');
    const union = /AuditLogEventType: ([^;]+);/.exec(spec)![1]!;
    const { MANAGED_EVENT_TYPES } = await import('../../src/drift/index.js');
    // By someone the manifests do not declare: an undeclared person accepting an invite is still news.
    const eve = { actor: { type: 'session' as const, session: { user: { id: 'user-eve', email: 'eve@example.com' } } } };
    for (const type of MANAGED_EVENT_TYPES) {
      expect(union).toContain(`"${type}"`);
      expect(mapAuditEvent(sessionEvent(type, { id: 'x' }, eve), ctx).relevant).toBe(true);
    }
  });
});

describe('joining through a declared invite', () => {
  const grace = { actor: { type: 'session' as const, session: { user: { id: 'user-grace', email: 'grace@example.com' } } } };

  it('is not drift when the accepted invite is for a declared member, and asks for a plan', () => {
    const index = indexFixture();
    index.invites.set('invite-grace', 'grace@example.com');
    const mapping = mapAuditEvent(sessionEvent('invite.accepted', { id: 'invite-grace' }), { index, desired: desiredFixture() });
    expect(mapping).toMatchObject({ relevant: false, followUp: true });
    expect(isFollowUp(mapping)).toBe(true);
  });

  it('reads the invitee from the session that accepts when the invite is no longer listed', () => {
    const mapping = mapAuditEvent(sessionEvent('invite.accepted', { id: 'invite-gone' }, grace), ctx);
    expect(mapping).toMatchObject({ relevant: false, followUp: true });
  });

  it('treats the user.added of a person adding themselves (the acceptance) the same way', () => {
    expect(mapAuditEvent(sessionEvent('user.added', { id: 'user-grace', data: { role: 'reader' } }, grace), ctx)).toMatchObject({ relevant: false, followUp: true });
    // Someone else adding grace is an ordinary (relevant) change.
    const byAda = { actor: { type: 'session' as const, session: { user: { id: 'user-ada', email: 'ada@example.com' } } } };
    expect(mapAuditEvent(sessionEvent('user.added', { id: 'user-grace', data: { role: 'reader' } }, byAda), ctx).relevant).toBe(true);
  });

  it('is still drift for an undeclared invitee, or when a key (not the invitee) is the actor', () => {
    expect(mapAuditEvent(sessionEvent('invite.accepted', { id: 'invite-1' }), ctx).relevant).toBe(true);
    const byKey = { actor: { type: 'api_key' as const, api_key: { id: 'key_x', type: 'user' as const, user: { id: 'user-ada', email: 'ada@example.com' } } } };
    expect(mapAuditEvent(sessionEvent('invite.accepted', { id: 'invite-gone' }, byKey), ctx).relevant).toBe(true);
  });
});
