// Kind org.invite: once per organization. src/kinds/types.ts says what each part means.
import { orgMemberExecutors } from '../apply/executors/org-members.js';
import { pages } from '../live/pages.js';
import { named, removalEffect } from './support.js';
import type { KindDescriptor } from './types.js';

export const orgInvite: KindDescriptor<'org.invite'> = {
  kind: 'org.invite',
  scope: 'org',
  names: (t) => [named(t, 'email')],
  manifest: { document: 'Organization', key: 'members', by: 'src/manifest/build-org.ts buildOrganization (an invite is a declared member not yet in the organization)' },
  live: {
    routes: ['/organization/invites'],
    minimumRequests: (scope, counts) => pages('/organization/invites', counts.invites),
    read: { by: 'src/live/read.ts readLiveState (GET /organization/invites)' },
  },
  diff: { by: 'src/plan/diff-org.ts diffInvites' },
  executors: orgMemberExecutors['org.invite'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => live.org.invites.size,
  },
  prune: 'invites',
  audit: {
    orgEvents: ['invite.sent', 'invite.accepted', 'invite.deleted'],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 3, removal: 9 },
  import: { by: 'src/import/build.ts buildManifests (pending invites become members)' },
  render: { area: { title: 'Members and invites', rank: 2 } },
};
