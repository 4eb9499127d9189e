// Records the emulator keeps in memory. They are close to the wire objects but keep
// references by id, so the store can maintain indexes and cascade deletions.
import type { AuditLog } from '../api/types.js';

export type OrgRole = 'owner' | 'reader';
export type ProjectMemberRole = 'owner' | 'member';

export interface UserRec {
  id: string;
  /** Absent for a user the API answers without an email (the spec does not require one). */
  email?: string;
  name: string;
  role: OrgRole;
  added_at: number;
  is_scim_managed: boolean;
}

export interface InviteRec {
  id: string;
  email: string;
  role: OrgRole;
  status: 'accepted' | 'expired' | 'pending';
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  projects: { id: string; role: ProjectMemberRole }[];
}

export interface ProjectRec {
  id: string;
  name: string;
  created_at: number;
  archived_at: number | null;
  external_key_id: string | null;
  /** Spec PublicProjectResidency, chosen at creation; absent when the create did not give one. */
  residency?: string;
}

export interface ProjectMemberRec {
  user_id: string;
  role: ProjectMemberRole;
  added_at: number;
}

export interface GroupRec {
  id: string;
  name: string;
  created_at: number;
  is_scim_managed: boolean;
}

export interface RoleRec {
  id: string;
  name: string;
  description: string | null;
  permissions: string[];
  resource_type: 'api.organization' | 'api.project';
  predefined_role: boolean;
  /** Set for custom project roles (they live under /projects/{project_id}/roles). */
  project_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface ProjectGroupRec {
  group_id: string;
  role: string;
  created_at: number;
}

export interface ServiceAccountRec {
  id: string;
  name: string;
  role: 'owner' | 'member';
  created_at: number;
}

export interface ProjectApiKeyRec {
  id: string;
  name: string;
  value: string;
  created_at: number;
  last_used_at: number | null;
  owner: { type: 'user'; user_id: string } | { type: 'service_account'; service_account_id: string };
}

export interface RateLimitRec {
  id: string;
  model: string;
  max_requests_per_1_minute: number;
  max_tokens_per_1_minute: number;
  max_images_per_1_minute?: number;
  max_audio_megabytes_per_1_minute?: number;
  max_requests_per_1_day?: number;
  batch_1_day_max_input_tokens?: number;
}

export interface CertificateRec {
  id: string;
  name: string;
  content: string;
  created_at: number;
  valid_at: number;
  expires_at: number;
  org_active: boolean;
}

export interface AdminKeyRec {
  id: string;
  name: string;
  value: string;
  created_at: number;
  last_used_at: number | null;
  owner_user_id: string;
}

// --- governance settings (spend limits and alerts, permissions, data retention) ---------

/** A hard spend limit (organization or project). `enforcement_status` is the server's state, not set by the API. */
export interface SpendLimitRec {
  threshold_amount: number;
  currency: 'USD';
  interval: 'month';
  enforcement_status: 'inactive' | 'enforcing';
}

export interface SpendAlertRec {
  id: string;
  threshold_amount: number;
  currency: 'USD';
  interval: 'month';
  recipients: string[];
  subject_prefix: string | null;
}

export interface ModelPermissionsRec {
  mode: 'allow_list' | 'deny_list';
  model_ids: string[];
}

export const HOSTED_TOOLS = ['file_search', 'web_search', 'image_generation', 'mcp', 'code_interpreter'] as const;
export type HostedTool = (typeof HOSTED_TOOLS)[number];
/** Every tool's `enabled`; a project whose tools were never set has no record. */
export type HostedToolsRec = Record<HostedTool, boolean>;

export const ORG_RETENTION_TYPES = ['zero_data_retention', 'modified_abuse_monitoring', 'enhanced_zero_data_retention', 'enhanced_modified_abuse_monitoring'] as const;
export type OrgRetentionType = (typeof ORG_RETENTION_TYPES)[number];
export const PROJECT_RETENTION_TYPES = ['organization_default', 'none', ...ORG_RETENTION_TYPES] as const;
export type ProjectRetentionType = (typeof PROJECT_RETENTION_TYPES)[number];

/**
 * How a GET answers a singleton setting that was never set (the spec documents only 200):
 * `404` (the default), or `default`: 200 with the setting's default (see routes/governance.ts).
 */
export type UnsetSettingsMode = '404' | 'default';

export type AuditEvent = AuditLog;

/** Who performs a request: the admin key's owner, or a dashboard session of a person. */
export type Actor =
  | { type: 'api_key'; keyId: string; userId: string; email: string }
  | { type: 'session'; userId: string; email: string; ip: string };
