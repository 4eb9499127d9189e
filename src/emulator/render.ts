// Store records → wire objects shaped as the OpenAPI spec's schemas.
import type {
  AdminApiKey,
  Certificate,
  Invite,
  OrganizationDataRetention,
  OrganizationSpendAlert,
  OrganizationSpendLimitResource,
  Project,
  ProjectApiKey,
  ProjectDataRetention,
  ProjectHostedToolPermissions,
  ProjectModelPermissions,
  ProjectRateLimit,
  ProjectServiceAccount,
  ProjectSpendAlert,
  ProjectSpendLimitResource,
  ProjectUser,
  Role,
  User,
} from '../api/types.js';
import { redact } from './ids.js';
import type { EmulatorStore } from './store.js';
import type {
  AdminKeyRec,
  CertificateRec,
  GroupRec,
  HostedToolsRec,
  InviteRec,
  ModelPermissionsRec,
  OrgRetentionType,
  ProjectApiKeyRec,
  ProjectMemberRec,
  ProjectRec,
  ProjectRetentionType,
  RateLimitRec,
  RoleRec,
  ServiceAccountRec,
  SpendAlertRec,
  SpendLimitRec,
  UserRec,
} from './types.js';
import { HOSTED_TOOLS } from './types.js';

/**
 * The full user object of the reference's examples. `projects` lists the user's project
 * memberships when a store is given (retrieve, modify); lists answer `null` there, which
 * the spec allows, so a page of 100 users stays small.
 */
export function renderUser(user: UserRec, store?: EmulatorStore): User {
  const projects =
    store === undefined
      ? null
      : {
          object: 'list' as const,
          data: [...(store.userProjects.get(user.id) ?? [])].map((projectId) => ({
            id: projectId,
            name: store.projects.get(projectId)?.name ?? null,
            role: store.projectMembers.get(projectId)?.get(user.id)?.role ?? null,
          })),
        };
  // A user without an email (the spec does not require one) is answered without the field.
  const email = user.email === undefined ? {} : { email: user.email };
  return {
    object: 'organization.user',
    id: user.id,
    name: user.name,
    ...email,
    role: user.role,
    added_at: user.added_at,
    created: user.added_at,
    is_default: false,
    is_service_account: false,
    is_scale_tier_authorized_purchaser: null,
    is_scim_managed: user.is_scim_managed,
    api_key_last_used_at: null,
    technical_level: null,
    developer_persona: null,
    projects,
    user: {
      object: 'user',
      id: user.id,
      ...email,
      name: user.name,
      picture: null,
      enabled: true,
      banned: false,
      banned_at: null,
    },
  };
}

/** A pending invite past its expiry reads as expired. */
export function inviteStatus(invite: InviteRec, now: number): InviteRec['status'] {
  if (invite.status === 'pending' && invite.expires_at <= now) return 'expired';
  return invite.status;
}

export function renderInvite(invite: InviteRec, now: number): Invite {
  return {
    object: 'organization.invite',
    id: invite.id,
    email: invite.email,
    role: invite.role,
    status: inviteStatus(invite, now),
    created_at: invite.created_at,
    expires_at: invite.expires_at,
    accepted_at: invite.accepted_at,
    projects: invite.projects.map((p) => ({ id: p.id, role: p.role })),
  };
}

export function renderProject(project: ProjectRec): Project {
  return {
    id: project.id,
    object: 'organization.project',
    name: project.name,
    created_at: project.created_at,
    archived_at: project.archived_at,
    status: project.archived_at === null ? 'active' : 'archived',
    external_key_id: project.external_key_id,
    // Spec Project.residency is optional (not nullable): left out when the project has none.
    ...(project.residency === undefined ? {} : { residency: project.residency as NonNullable<Project['residency']> }),
  };
}

/** `name` and `email` are optional in the spec: left out when unknown, never `''`. */
export function renderProjectUser(store: EmulatorStore, member: ProjectMemberRec): ProjectUser {
  const user = store.users.get(member.user_id);
  return {
    object: 'organization.project.user',
    id: member.user_id,
    ...(user === undefined ? {} : { name: user.name }),
    ...(user?.email === undefined ? {} : { email: user.email }),
    role: member.role,
    added_at: member.added_at,
  };
}

/** Spec `GroupResponse` (list items, create): no `object` field. */
export function renderGroup(group: GroupRec): {
  id: string;
  name: string;
  created_at: number;
  is_scim_managed: boolean;
  group_type: 'group';
} {
  return {
    id: group.id,
    name: group.name,
    created_at: group.created_at,
    is_scim_managed: group.is_scim_managed,
    group_type: 'group',
  };
}

/** Spec `Group`: the group nested in a role assignment (`object`, `scim_managed`, nothing else). */
export function renderAssignmentGroup(group: GroupRec): { object: 'group'; id: string; name: string; created_at: number; scim_managed: boolean } {
  return { object: 'group', id: group.id, name: group.name, created_at: group.created_at, scim_managed: group.is_scim_managed };
}

export function renderRole(role: RoleRec): Role {
  return {
    object: 'role',
    id: role.id,
    name: role.name,
    description: role.description,
    permissions: [...role.permissions],
    resource_type: role.resource_type,
    predefined_role: role.predefined_role,
  };
}

export function renderServiceAccount(account: ServiceAccountRec): ProjectServiceAccount {
  return {
    object: 'organization.project.service_account',
    id: account.id,
    name: account.name,
    role: account.role,
    created_at: account.created_at,
  };
}

export function renderProjectApiKey(store: EmulatorStore, projectId: string, key: ProjectApiKeyRec): ProjectApiKey {
  const base = {
    object: 'organization.project.api_key' as const,
    redacted_value: redact(key.value),
    name: key.name,
    created_at: key.created_at,
    last_used_at: key.last_used_at,
    id: key.id,
  };
  if (key.owner.type === 'user') {
    const user = store.users.get(key.owner.user_id);
    const member = store.projectMembers.get(projectId)?.get(key.owner.user_id);
    return {
      ...base,
      owner_project_access: member ? 'active' : 'inactive',
      owner: {
        type: 'user',
        user: {
          id: key.owner.user_id,
          name: user?.name ?? '',
          // ProjectApiKeyOwnerUser requires `email` (a string).
          email: user?.email ?? '',
          role: member?.role ?? 'member',
          created_at: member?.added_at ?? key.created_at,
        },
      },
    };
  }
  const account = store.serviceAccounts.get(projectId)?.get(key.owner.service_account_id);
  return {
    ...base,
    owner_project_access: account ? 'active' : 'inactive',
    owner: {
      type: 'service_account',
      service_account: {
        id: key.owner.service_account_id,
        name: account?.name ?? '',
        role: account?.role ?? 'member',
        created_at: account?.created_at ?? key.created_at,
      },
    },
  };
}

const OPTIONAL_LIMITS = [
  'max_images_per_1_minute',
  'max_audio_megabytes_per_1_minute',
  'max_requests_per_1_day',
  'batch_1_day_max_input_tokens',
] as const;

/** The spec's optional limits ("only present for relevant models") are left out when the model has none, not answered as 0. */
export function renderRateLimit(limit: RateLimitRec): ProjectRateLimit {
  const out: ProjectRateLimit = {
    object: 'project.rate_limit',
    id: limit.id,
    model: limit.model,
    max_requests_per_1_minute: limit.max_requests_per_1_minute,
    max_tokens_per_1_minute: limit.max_tokens_per_1_minute,
  };
  for (const name of OPTIONAL_LIMITS) {
    const value = limit[name];
    if (value !== undefined && value !== null) out[name] = value;
  }
  return out;
}

export function renderCertificate(
  cert: CertificateRec,
  object: Certificate['object'],
  options: { active?: boolean; includeContent?: boolean } = {},
): Certificate {
  return {
    object,
    id: cert.id,
    name: cert.name,
    created_at: cert.created_at,
    certificate_details: {
      valid_at: cert.valid_at,
      expires_at: cert.expires_at,
      ...(options.includeContent === true ? { content: cert.content } : {}),
    },
    ...(options.active === undefined ? {} : { active: options.active }),
  };
}

export function renderAdminKey(store: EmulatorStore, key: AdminKeyRec): AdminApiKey {
  const owner = store.users.get(key.owner_user_id);
  return {
    object: 'organization.admin_api_key',
    id: key.id,
    name: key.name,
    redacted_value: redact(key.value),
    created_at: key.created_at,
    expires_at: null,
    last_used_at: key.last_used_at,
    owner: {
      type: 'user',
      object: 'organization.user',
      id: key.owner_user_id,
      name: owner?.name ?? '',
      created_at: owner?.added_at ?? key.created_at,
      role: owner?.role ?? 'owner',
    },
  };
}

// --- governance settings ---------------------------------------------------------------

export function renderSpendLimit(limit: SpendLimitRec, object: 'organization.spend_limit'): OrganizationSpendLimitResource;
export function renderSpendLimit(limit: SpendLimitRec, object: 'project.spend_limit'): ProjectSpendLimitResource;
export function renderSpendLimit(
  limit: SpendLimitRec,
  object: 'organization.spend_limit' | 'project.spend_limit',
): OrganizationSpendLimitResource | ProjectSpendLimitResource {
  return {
    object,
    threshold_amount: limit.threshold_amount,
    currency: limit.currency,
    interval: limit.interval,
    enforcement: { status: limit.enforcement_status },
  };
}

/** `subject_prefix` only when one is set (the spec's field is optional). */
export function renderSpendAlert(alert: SpendAlertRec, object: 'organization.spend_alert'): OrganizationSpendAlert;
export function renderSpendAlert(alert: SpendAlertRec, object: 'project.spend_alert'): ProjectSpendAlert;
export function renderSpendAlert(
  alert: SpendAlertRec,
  object: 'organization.spend_alert' | 'project.spend_alert',
): OrganizationSpendAlert | ProjectSpendAlert {
  return {
    id: alert.id,
    object,
    threshold_amount: alert.threshold_amount,
    currency: alert.currency,
    interval: alert.interval,
    notification_channel: {
      type: 'email',
      recipients: [...alert.recipients],
      ...(alert.subject_prefix !== null ? { subject_prefix: alert.subject_prefix } : {}),
    },
  };
}

export function renderModelPermissions(rec: ModelPermissionsRec): ProjectModelPermissions {
  return { object: 'project.model_permissions', mode: rec.mode, model_ids: [...rec.model_ids] };
}

/** The spec's ProjectHostedToolPermissions has no `object` field: the five tools only. */
export function renderHostedTools(rec: HostedToolsRec): ProjectHostedToolPermissions {
  const out = {} as ProjectHostedToolPermissions;
  for (const tool of HOSTED_TOOLS) out[tool] = { enabled: rec[tool] };
  return out;
}

export function renderOrgDataRetention(type: OrgRetentionType): OrganizationDataRetention {
  return { object: 'organization.data_retention', type };
}

export function renderProjectDataRetention(type: ProjectRetentionType): ProjectDataRetention {
  return { object: 'project.data_retention', type };
}
