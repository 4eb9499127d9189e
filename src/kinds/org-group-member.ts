// Kind org.group.member: once per organization. src/kinds/types.ts says what each part means.
import type { AuditLog } from '../api/types.js';
import type { KindEventContext } from '../drift/event-context.js';
import type { DriftTarget } from '../drift/types.js';
import { groupExecutors } from '../apply/executors/groups.js';
import { pages } from '../live/pages.js';
import { selects } from '../live/scope.js';
import { named, removalEffect, sum } from './support.js';
import type { KindDescriptor } from './types.js';
import type { GroupRef, PersonRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'org.group.member': { actions: 'assign' | 'create' | 'unassign' | 'delete'; target: GroupRef & PersonRef; fields: { member: string } };
  }
}

// In the spec's event types, but the AuditLog schema gives these no payload at all:
// nothing is read, the alert names group membership as drifted and the re-plan says which.
function mapGroupMemberEvent(_event: AuditLog, { targets }: KindEventContext): DriftTarget[] {
  return [targets.anyGroupMember()];
}

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
    map: mapGroupMemberEvent,
  },
  waves: { additive: 4, removal: 8 },
  import: { by: 'src/import/build.ts organization' },
  render: { area: { title: 'Groups', rank: 3 } },
};
