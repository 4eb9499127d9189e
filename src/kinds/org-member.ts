// Kind org.member: once per organization. src/kinds/types.ts says what each part means.
import { orgMemberExecutors } from '../apply/executors/org-members.js';
import { pages } from '../live/pages.js';
import { named, removalEffect } from './support.js';
import type { KindDescriptor } from './types.js';
import type { OrgRole } from '../model/types.js';
import type { InviteGrant, PersonRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    // `invite` runs the org.invite executor: a person's invite, addressed by the member.
    'org.member': { actions: 'invite' | 'update' | 'delete'; target: PersonRef; fields: { role: OrgRole | null; projects: InviteGrant[] } };
  }
}

export const orgMember: KindDescriptor<'org.member'> = {
  kind: 'org.member',
  scope: 'org',
  names: (t) => [named(t, 'email')],
  manifest: { document: 'Organization', key: 'members', by: 'src/manifest/build-org.ts buildOrganization' },
  live: {
    routes: ['/organization/users'],
    minimumRequests: (scope, counts) => pages('/organization/users', counts.users),
    read: { by: 'src/live/read.ts readLiveState (GET /organization/users)' },
  },
  diff: { by: 'src/plan/diff-org.ts classifyPeople, diffMembers' },
  executors: orgMemberExecutors['org.member'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => live.org.members.size,
    holders: (live, role) => [...live.org.members.values()].filter((m) => m.role === role).length,
  },
  prune: 'members',
  audit: {
    orgEvents: ['user.added', 'user.updated', 'user.deleted'],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 3, removal: 9 },
  import: { by: 'src/import/build.ts organization' },
  render: { area: { title: 'Members and invites', rank: 2 } },
};
