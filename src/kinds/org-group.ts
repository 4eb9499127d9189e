// Kind org.group: once per organization. src/kinds/types.ts says what each part means.
import { groupExecutors } from '../apply/executors/groups.js';
import { pages } from '../live/pages.js';
import { named, removalEffect } from './support.js';
import type { KindDescriptor } from './types.js';

export const orgGroup: KindDescriptor<'org.group'> = {
  kind: 'org.group',
  scope: 'org',
  names: (t) => [named(t, 'group')],
  manifest: { document: 'Organization', key: 'groups', by: 'src/manifest/build-org.ts buildOrganization (Organization.spec.groups and Group documents)' },
  live: {
    routes: ['/organization/groups'],
    minimumRequests: (scope, counts) => scope.groups ? pages('/organization/groups', counts.groups.length) : 0,
    read: { by: 'src/live/read.ts readLiveState (GET /organization/groups)' },
  },
  diff: { by: 'src/plan/diff-org.ts diffGroups' },
  executors: groupExecutors['org.group'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => live.org.groups?.size ?? 0,
  },
  prune: 'groups',
  audit: {
    orgEvents: ['group.created', 'group.updated', 'group.deleted'],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 3, removal: 9 },
  import: { by: 'src/import/build.ts organization' },
  render: { area: { title: 'Groups', rank: 3 } },
};
