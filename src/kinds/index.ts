// The registry: one line per resource kind. Stages iterate KINDS (in this order: it is
// also the order of the renderers' organization areas) or look a kind up with kindOf.
import type { ResourceKind, TargetOf } from '../plan/types.js';
import { formatAddress } from './address.js';
import type { AnyKindDescriptor, KindDescriptor } from './types.js';
import { orgCertificate } from './org-certificate.js';
import { orgGroup } from './org-group.js';
import { orgGroupMember } from './org-group-member.js';
import { orgGroupRole } from './org-group-role.js';
import { orgInvite } from './org-invite.js';
import { orgMember } from './org-member.js';
import { orgMemberRole } from './org-member-role.js';
import { orgRole } from './org-role.js';
import { project } from './project.js';
import { projectCertificate } from './project-certificate.js';
import { projectGroup } from './project-group.js';
import { projectGroupRole } from './project-group-role.js';
import { projectMember } from './project-member.js';
import { projectMemberRole } from './project-member-role.js';
import { projectRateLimit } from './project-rate-limit.js';
import { projectRole } from './project-role.js';
import { projectServiceAccount } from './project-service-account.js';
import { orgSpendLimit } from './org-spend-limit.js';
import { orgSpendAlerts } from './org-spend-alerts.js';
import { orgDataRetention } from './org-data-retention.js';
import { projectSpendLimit } from './project-spend-limit.js';
import { projectSpendAlerts } from './project-spend-alerts.js';
import { projectModelPermissions } from './project-model-permissions.js';
import { projectHostedToolPermissions } from './project-hosted-tool-permissions.js';
import { projectDataRetention } from './project-data-retention.js';

export type * from './types.js';
export { isStageReference } from './types.js';

/**
 * One line per kind. Typed against every ResourceKind: a kind in KindTypes (src/plan/types.ts)
 * without a descriptor here does not compile.
 */
const REGISTRY = {
  'org.member': orgMember,
  'org.invite': orgInvite,
  'org.member.role': orgMemberRole,
  'org.group': orgGroup,
  'org.group.member': orgGroupMember,
  'org.group.role': orgGroupRole,
  'org.role': orgRole,
  'org.certificate': orgCertificate,
  project,
  'project.member': projectMember,
  'project.member.role': projectMemberRole,
  'project.group': projectGroup,
  'project.group.role': projectGroupRole,
  'project.role': projectRole,
  'project.service_account': projectServiceAccount,
  'project.rate_limit': projectRateLimit,
  'project.certificate': projectCertificate,
  'org.spend_limit': orgSpendLimit,
  'org.spend_alert': orgSpendAlerts,
  'org.data_retention': orgDataRetention,
  'project.spend_limit': projectSpendLimit,
  'project.spend_alert': projectSpendAlerts,
  'project.model_permissions': projectModelPermissions,
  'project.hosted_tool_permissions': projectHostedToolPermissions,
  'project.data_retention': projectDataRetention,
} satisfies { [K in ResourceKind]: KindDescriptor<K> };

/** Every registered descriptor, in registry order. */
export const KINDS: readonly AnyKindDescriptor[] = Object.values<AnyKindDescriptor>(REGISTRY);

const BY_KIND = new Map<string, AnyKindDescriptor>(KINDS.map((d) => [d.kind, d]));

/** The address of a change (or drift target) of a kind, from its target, in the one grammar. */
export function addressOf<K extends ResourceKind>(descriptor: KindDescriptor<K>, target: TargetOf<K>): string {
  return formatAddress(descriptor.kind, descriptor.names(target), { singleton: descriptor.singleton === true });
}

/** The descriptor of a kind; undefined for a string that names no kind (a hand-edited plan). */
export function kindOf<K extends ResourceKind>(kind: K): KindDescriptor<K> | undefined {
  return BY_KIND.get(kind) as KindDescriptor<K> | undefined;
}
