// Kind org.group.role: once per organization. src/kinds/types.ts says what each part means.
import { groupExecutors } from '../apply/executors/groups.js';
import { pages } from '../live/pages.js';
import { selects } from '../live/scope.js';
import { named, removalEffect, sum } from './support.js';
import type { KindDescriptor } from './types.js';
import type { GroupRef, RoleRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'org.group.role': { actions: 'assign' | 'create' | 'unassign' | 'delete'; target: GroupRef & RoleRef<'org'>; fields: { role: string } };
  }
}

export const orgGroupRole: KindDescriptor<'org.group.role'> = {
  kind: 'org.group.role',
  scope: 'org',
  names: (t) => [named(t, 'group'), named(t, 'role')],
  manifest: { document: 'Organization', key: 'groups', by: 'src/manifest/build-org.ts buildOrganization (groups[].roles)' },
  live: {
    routes: ['/organization/groups/{group_id}/roles'],
    minimumRequests: (scope, counts) => scope.groups ? sum(counts.groups, (g) => (selects(scope.groupRoles, g.name) ? pages('/organization/groups/{group_id}/roles', g.roles) : 0)) : 0,
    read: { by: 'src/live/read.ts readGroupDetails' },
  },
  diff: { by: 'src/plan/diff-org.ts diffGroups' },
  executors: groupExecutors['org.group.role'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => sum(live.org.groups?.values() ?? [], (g) => g.roles?.length ?? 0),
  },
  audit: {
    orgEvents: [],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 4, removal: 7 },
  import: { by: 'src/import/build.ts organization' },
  render: { area: { title: 'Groups', rank: 3 } },
};
