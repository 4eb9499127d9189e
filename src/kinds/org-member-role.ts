// Kind org.member.role: once per organization. src/kinds/types.ts says what each part means.
import { orgMemberExecutors } from '../apply/executors/org-members.js';
import { pages } from '../live/pages.js';
import { selects } from '../live/scope.js';
import { named, removalEffect, sum } from './support.js';
import type { KindDescriptor } from './types.js';
import type { PersonRef, RoleRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'org.member.role': { actions: 'assign' | 'create' | 'unassign' | 'delete'; target: PersonRef & RoleRef<'org'>; fields: { role: string } };
  }
}

export const orgMemberRole: KindDescriptor<'org.member.role'> = {
  kind: 'org.member.role',
  scope: 'org',
  names: (t) => [named(t, 'email'), named(t, 'role')],
  manifest: { document: 'Organization', key: 'members', by: 'src/manifest/build-org.ts buildOrganization (members[].roles)' },
  live: {
    routes: ['/organization/users/{user_id}/roles'],
    minimumRequests: (scope, counts) => sum(counts.userRoles, ([email, roles]) => (selects(scope.userRoles, email) ? pages('/organization/users/{user_id}/roles', roles) : 0)),
    read: { by: 'src/live/read.ts readUserRoles' },
  },
  diff: { by: 'src/plan/diff-org.ts diffMembers (diffMemberRoles)' },
  executors: orgMemberExecutors['org.member.role'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => sum(live.org.members.values(), (m) => m.roles?.length ?? 0),
  },
  // role.assignment.* name group assignments and project assignments too: mapped here (one kind per event type).
  audit: {
    orgEvents: ['role.assignment.created', 'role.assignment.deleted'],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 4, removal: 7 },
  import: { by: 'src/import/build.ts memberEntry' },
  render: { area: { title: 'Members and invites', rank: 2 } },
};
