// Kind org.group: once per organization. src/kinds/types.ts says what each part means.
import type { AuditLog } from '../api/types.js';
import { obj, str, unknownId, type KindEventContext } from '../drift/event-context.js';
import type { DriftTarget } from '../drift/types.js';
import { groupExecutors } from '../apply/executors/groups.js';
import { pages } from '../live/pages.js';
import { named, removalEffect } from './support.js';
import type { KindDescriptor } from './types.js';
import type { GroupRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'org.group': { actions: 'create' | 'update' | 'delete'; target: GroupRef; fields: { name: string; members: number } };
  }
}

// group.created {id, data.group_name}; group.updated {id, changes_requested.group_name}; group.deleted {id}.
function mapGroupEvent(event: AuditLog, { payload, id, index, targets }: KindEventContext): DriftTarget[] {
  const named =
    event.type === 'group.created'
      ? str(obj(payload.data)?.group_name)
      : event.type === 'group.updated'
        ? str(obj(payload.changes_requested)?.group_name)
        : undefined;
  return [targets.group(index.groups.get(id ?? '') ?? named ?? unknownId(id))];
}

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
    map: mapGroupEvent,
  },
  waves: { additive: 3, removal: 9 },
  import: { by: 'src/import/build.ts organization' },
  render: { area: { title: 'Groups', rank: 3 } },
};
