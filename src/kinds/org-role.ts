// Kind org.role: once per organization. src/kinds/types.ts says what each part means.
import { roleExecutors } from '../apply/executors/roles.js';
import { pages } from '../live/pages.js';
import { named, removalEffect, sum } from './support.js';
import type { KindDescriptor } from './types.js';
import type { RoleFields, RoleRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'org.role': { actions: 'create' | 'update' | 'delete'; target: RoleRef<'org'>; fields: RoleFields };
  }
}

export const orgRole: KindDescriptor<'org.role'> = {
  kind: 'org.role',
  scope: 'org',
  names: (t) => [named(t, 'role')],
  manifest: { document: 'Organization', key: 'roles', by: 'src/manifest/build-org.ts buildOrganization' },
  live: {
    routes: ['/organization/roles'],
    minimumRequests: (scope, counts) => scope.orgRoles ? pages('/organization/roles', counts.orgRoles) : 0,
    read: { by: 'src/live/read.ts readLiveState (GET /organization/roles)' },
  },
  diff: { by: 'src/plan/diff-org.ts diffOrgRoles' },
  executors: roleExecutors['org.role'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => sum(live.org.roles?.values() ?? [], (r) => (r.predefined === true ? 0 : 1)),
  },
  prune: 'roles',
  // role.* events name project roles too: mapped here (one kind per event type).
  audit: {
    orgEvents: ['role.created', 'role.updated', 'role.deleted'],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 0, removal: 10 },
  import: { by: 'src/import/build.ts organization (roleList)' },
  render: { area: { title: 'Organization roles', rank: 0 } },
};
