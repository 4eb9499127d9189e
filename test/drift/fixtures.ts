import type { AuditLog } from '../../src/api/types.js';
import { emptyIdIndex, type IdIndex } from '../../src/drift/index.js';
import { DEFAULT_POLICY, type DesiredState, type Policy, type Project } from '../../src/model/types.js';

const at = (file: string, line: number) => ({ file, line, column: 5 });

export function desiredFixture(policy: Partial<Policy> = {}): DesiredState {
  const search: Project = {
    name: 'search',
    status: 'active',
    members: new Map([['ada@example.com', { email: 'ada@example.com', role: 'owner', roles: ['Deployer'], source: at('projects/search.yaml', 8) }]]),
    groups: new Map([['ml-platform', { name: 'ml-platform', role: 'member', roles: ['Deployer'], source: at('projects/search.yaml', 12) }]]),
    roles: new Map([['Deployer', { name: 'Deployer', permissions: ['api.model.request'], source: at('projects/search.yaml', 16) }]]),
    serviceAccounts: new Map([['indexer', { name: 'indexer', source: at('projects/search.yaml', 19) }]]),
    rateLimits: new Map([['gpt-4o', { model: 'gpt-4o', maxRequestsPer1Minute: 500, source: at('projects/search.yaml', 21) }]]),
    certificates: ['corp-mtls'],
    source: at('projects/search.yaml', 3),
  };
  return {
    revision: 'rev1',
    policy: { ...DEFAULT_POLICY, ...policy },
    org: {
      members: new Map([
        ['ada@example.com', { email: 'ada@example.com', role: 'owner', roles: ['Billing Viewer'], source: at('org.yaml', 5) }],
        ['grace@example.com', { email: 'grace@example.com', role: 'reader', source: at('org.yaml', 8) }],
      ]),
      invites: new Map(),
      groups: new Map([['ml-platform', { name: 'ml-platform', members: ['ada@example.com'], roles: [], source: at('org.yaml', 11) }]]),
      roles: new Map([['Billing Viewer', { name: 'Billing Viewer', permissions: ['x'], source: at('org.yaml', 15) }]]),
      certificates: new Map([['corp-mtls', { name: 'corp-mtls', active: true, source: at('org.yaml', 19) }]]),
      projects: new Map([['search', search]]),
    },
  };
}

export function indexFixture(): IdIndex {
  const index = emptyIdIndex();
  index.users.set('user-ada', 'ada@example.com').set('user-grace', 'grace@example.com').set('user-eve', 'eve@example.com');
  index.invites.set('invite-1', 'zed@example.com');
  index.groups.set('group-ml', 'ml-platform');
  index.orgRoles.set('role-billing', 'Billing Viewer').set('role-api-organization-owner', 'owner');
  index.projectRoles.set('role-deployer', { project: 'search', name: 'Deployer' });
  index.projectRoles.set('role-api-project-owner', { project: 'search', name: 'owner' });
  index.projects.set('proj_search', 'search');
  index.serviceAccounts.set('user-sa1', { project: 'search', name: 'indexer' });
  index.rateLimits.set('rl-gpt-4o', { project: 'search', model: 'gpt-4o' });
  index.certificates.set('cert-1', 'corp-mtls');
  return index;
}

export function sessionEvent(type: string, payload: unknown, extra: Partial<AuditLog> = {}, id = `audit_${type}`): AuditLog {
  return {
    id,
    type,
    effective_at: 1_700_000_000,
    actor: { type: 'session', session: { user: { id: 'user-grace', email: 'grace@example.com' }, ip_address: '203.0.113.9' } },
    [type]: payload,
    ...extra,
  } as AuditLog;
}
