// Wire types of the Admin API, named once. They alias the types generated from
// OpenAI's public OpenAPI spec (reference/openapi-admin.yaml → openapi.gen.ts,
// regenerate with `npm run gen:api-types`); payloads stay snake_case as on the wire.
import type { components } from './openapi.gen.js';

type Schemas = components['schemas'];

export type AdminApiKey = Schemas['AdminApiKey'];
export type AuditLog = Schemas['AuditLog'];
export type AuditLogActor = Schemas['AuditLogActor'];
export type Certificate = Schemas['Certificate'];
/** The group nested in a role assignment (spec `Group`: `object`, `scim_managed`). NOT what the group endpoints answer. */
export type Group = Schemas['Group'];
/** A group as GET/POST /organization/groups answer it (spec `GroupResponse`: `is_scim_managed`, `group_type`, no `object`). */
export type GroupResponse = Schemas['GroupResponse'];
/**
 * What listGroups / createGroup / updateGroup yield: the spec's `GroupResponse` (rename
 * answers `GroupResourceWithSuccess`, without `group_type`), read tolerantly. `scim_managed`
 * and `object` belong to the nested `Group`, not to these answers; they stay optional here
 * only so that older readers compile. Read `is_scim_managed`.
 */
export type ListedGroup = Pick<GroupResponse, 'id' | 'name' | 'created_at'> &
  Partial<Pick<GroupResponse, 'is_scim_managed' | 'group_type'>> & {
    object?: string;
    /** @deprecated Not sent by the group endpoints (spec GroupResponse); read `is_scim_managed`. */
    scim_managed?: boolean;
  };
export type GroupUser = Schemas['GroupUser'];
export type GroupUserAssignment = Schemas['GroupUserAssignment'];
export type GroupRoleAssignment = Schemas['GroupRoleAssignment'];
export type Invite = Schemas['Invite'];
export type InviteRequest = Schemas['InviteRequest'];
export type Project = Schemas['Project'];
export type ProjectCreateRequest = Schemas['ProjectCreateRequest'];
export type ProjectUpdateRequest = Schemas['ProjectUpdateRequest'];
export type ProjectApiKey = Schemas['ProjectApiKey'];
export type ProjectGroup = Schemas['ProjectGroup'];
export type ProjectRateLimit = Schemas['ProjectRateLimit'];
export type ProjectRateLimitUpdateRequest = Schemas['ProjectRateLimitUpdateRequest'];
export type ProjectServiceAccount = Schemas['ProjectServiceAccount'];
export type ProjectServiceAccountCreateRequest = Schemas['ProjectServiceAccountCreateRequest'];
export type ProjectServiceAccountCreateResponse = Schemas['ProjectServiceAccountCreateResponse'];
export type ProjectUser = Schemas['ProjectUser'];
export type ProjectUserCreateRequest = Schemas['ProjectUserCreateRequest'];
export type ProjectUserUpdateRequest = Schemas['ProjectUserUpdateRequest'];
export type Role = Schemas['Role'];
export type AssignedRoleDetails = Schemas['AssignedRoleDetails'];
export type RoleCreateRequest = Schemas['PublicCreateOrganizationRoleBody'];
export type RoleUpdateRequest = Schemas['PublicUpdateOrganizationRoleBody'];
export type User = Schemas['User'];
export type UserRoleAssignment = Schemas['UserRoleAssignment'];
export type UserRoleUpdateRequest = Schemas['UserRoleUpdateRequest'];
export type UploadCertificateRequest = Schemas['UploadCertificateRequest'];
export type ModifyCertificateRequest = Schemas['ModifyCertificateRequest'];
export type UsageResponse = Schemas['UsageResponse'];

// Governance settings (spend limits and alerts, model and hosted-tool permissions, data retention).
export type OrganizationSpendLimitResource = Schemas['OrganizationSpendLimitResource'];
export type ProjectSpendLimitResource = Schemas['ProjectSpendLimitResource'];
export type UpdateOrganizationSpendLimitBody = Schemas['UpdateOrganizationSpendLimitBody'];
export type UpdateProjectSpendLimitBody = Schemas['UpdateProjectSpendLimitBody'];
export type SpendLimitEnforcement = Schemas['SpendLimitEnforcement'];
export type OrganizationSpendAlert = Schemas['OrganizationSpendAlert'];
export type ProjectSpendAlert = Schemas['ProjectSpendAlert'];
/** The body of both creating and updating (POST …/{alert_id}) a spend alert: the spec uses one schema for both. */
export type CreateSpendAlertBody = Schemas['CreateSpendAlertBody'];
export type SpendAlertNotificationChannel = Schemas['SpendAlertNotificationChannel'];
export type ProjectModelPermissions = Schemas['ProjectModelPermissions'];
export type ProjectModelPermissionsUpdateRequest = Schemas['ProjectModelPermissionsUpdateRequest'];
export type ProjectHostedToolPermissions = Schemas['ProjectHostedToolPermissions'];
export type ProjectHostedToolPermissionsUpdateRequest = Schemas['ProjectHostedToolPermissionsUpdateRequest'];
/** The hosted tools a project's permissions name: `file_search`, `web_search`, `image_generation`, `mcp`, `code_interpreter`. */
export type HostedToolName = keyof ProjectHostedToolPermissions;
export type OrganizationDataRetention = Schemas['OrganizationDataRetention'];
export type ProjectDataRetention = Schemas['ProjectDataRetention'];
export type UpdateOrganizationDataRetentionBody = Schemas['UpdateOrganizationDataRetentionBody'];
export type UpdateProjectDataRetentionBody = Schemas['UpdateProjectDataRetentionBody'];

/** Envelope of most lists: cursor is the id of the last object (`after`). */
export interface CursorListPage<T> {
  object: 'list';
  data: T[];
  first_id?: string | null;
  last_id?: string | null;
  has_more: boolean;
}

/** Envelope of groups, group users, roles and role assignments: an opaque `next` cursor. */
export interface NextListPage<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  next?: string | null;
}

/** Filters of GET /organization/audit_logs (reference: "List audit logs"). */
export interface AuditLogQuery {
  effective_at?: { gt?: number; gte?: number; lt?: number; lte?: number };
  project_ids?: string[];
  event_types?: string[];
  actor_ids?: string[];
  actor_emails?: string[];
  resource_ids?: string[];
  /** The spec's `tenant_only`: tenant-scoped event types are listed only with it, and with it only they may be asked for. */
  tenant_only?: boolean;
  /** Page through older events (`after`) or newer ones (`before`). */
  after?: string;
  before?: string;
}

/** The usage families under /organization/usage/{kind}. */
export type UsageKind =
  | 'audio_speeches'
  | 'audio_transcriptions'
  | 'code_interpreter_sessions'
  | 'completions'
  | 'embeddings'
  | 'images'
  | 'moderations'
  | 'vector_stores';

/** Query of the usage and costs reads; `start_time` is required by the API. */
export interface UsageQuery {
  start_time: number;
  end_time?: number;
  bucket_width?: '1m' | '1h' | '1d';
  project_ids?: string[];
  group_by?: string[];
  models?: string[];
  limit?: number;
  page?: string;
}

/** Requests made by a client, by route template and in total (plan and bench report it). */
export interface RequestStats {
  total: number;
  retries: number;
  /** By route template, every method together: `/organization/groups/{group_id}`. */
  byRoute: Record<string, number>;
  /** By method and route template: `DELETE /organization/groups/{group_id}` (the HTTP client fills it). */
  byOperation?: Record<string, number>;
}
