// Kind org.invite: once per organization. src/kinds/types.ts says what each part means.
import type { AuditLog } from '../api/types.js';
import { obj, str, unknownId, type KindEventContext } from '../drift/event-context.js';
import type { DriftTarget } from '../drift/types.js';
import { orgMemberExecutors } from '../apply/executors/org-members.js';
import { pages } from '../live/pages.js';
import { named, removalEffect } from './support.js';
import type { KindDescriptor } from './types.js';
import type { InviteStatus, OrgRole } from '../model/types.js';
import type { InviteGrant, PersonRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'org.invite': { actions: 'invite' | 'create' | 'delete'; target: PersonRef & { inviteId?: string }; fields: { role: OrgRole | null; projects: InviteGrant[]; status: InviteStatus } };
  }
}

// invite.sent {id, data.email, data.role}; invite.accepted / invite.deleted {id}.
function mapInviteEvent(event: AuditLog, { payload, id, index, targets }: KindEventContext): DriftTarget[] {
  const sent = event.type === 'invite.sent' ? str(obj(payload.data)?.email)?.toLowerCase() : undefined;
  return [targets.invite(sent ?? index.invites.get(id ?? '') ?? unknownId(id))];
}

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
    map: mapInviteEvent,
  },
  waves: { additive: 3, removal: 9 },
  import: { by: 'src/import/build.ts buildManifests (pending invites become members)' },
  render: { area: { title: 'Members and invites', rank: 2 } },
};
