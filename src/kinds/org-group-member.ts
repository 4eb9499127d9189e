// Kind org.group.member: once per organization. src/kinds/types.ts says what each part means.
import { groupExecutors } from '../apply/executors/groups.js';
import { pages } from '../live/pages.js';
import { selects } from '../live/scope.js';
import { named, removalEffect, sum } from './support.js';
import type { KindDescriptor } from './types.js';

export const orgGroupMember: KindDescriptor<'org.group.member'> = {
  kind: 'org.group.member',
  scope: 'org',
  names: (t) => [named(t, 'group'), named(t, 'email')],
  manifest: { document: 'Organization', key: 'groups', by: 'src/manifest/build-org.ts buildOrganization (groups[].members)' },
  live: {
    routes: ['/organization/groups/{group_id}/users'],
    minimumRequests: (scope, counts) => scope.groups ? sum(counts.groups, (g) => (selects(scope.groupMembers, g.name) ? pages('/organization/groups/{group_id}/users', g.members) : 0)) : 0,
    read: { by: 'src/live/read.ts readGroupDetails' },
  },
  diff: { by: 'src/plan/diff-org.ts diffGroups' },
  executors: groupExecutors['org.group.member'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => sum(live.org.groups?.values() ?? [], (g) => g.members?.length ?? 0),
  },
  audit: {
    orgEvents: [],
    tenantEvents: ['tenant.group.member.added', 'tenant.group.member.removed'],
    // Asked for only when a declared group lists its members.
    tenantWanted: (desired) => [...(desired.org.groups?.values() ?? [])].some((g) => g.members !== undefined),
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 4, removal: 8 },
  import: { by: 'src/import/build.ts organization' },
  render: { area: { title: 'Groups', rank: 3 } },
};
