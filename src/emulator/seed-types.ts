// The seed file format (schemas/emulator-seed.schema.json). A dump of the state has
// the same format, with every id and timestamp filled in, so dump → seed round-trips.
// Hand-written seeds may leave ids and timestamps out and refer to users by email,
// groups by name and roles by name.
import type { AuditLog } from '../api/types.js';
import type { HostedTool, OrgRetentionType, ProjectRetentionType, UnsetSettingsMode } from './types.js';

export interface EmulatorSeed {
  organization?: { id?: string; name?: string };
  admin_keys?: SeedAdminKey[];
  users?: SeedUser[];
  invites?: SeedInvite[];
  groups?: SeedGroup[];
  /** Custom roles (predefined ones always exist). A project role carries `project_id`. */
  roles?: SeedRole[];
  role_assignments?: SeedRoleAssignment[];
  projects?: SeedProject[];
  certificates?: SeedCertificate[];
  audit_logs?: AuditLog[];
  /** The organization's hard spend limit; absent or null: none. */
  spend_limit?: SeedSpendLimit | null;
  spend_alerts?: SeedSpendAlert[];
  /** The organization's data retention control; absent or null: never set. */
  data_retention?: OrgRetentionType | null;
  /** How GETs answer a setting never set: `404` (default) or `default` (200 with the default). */
  unset_settings?: UnsetSettingsMode;
}

export interface SeedSpendLimit {
  /** In cents. */
  threshold_amount: number;
  currency?: 'USD';
  interval?: 'month';
  /** The server's enforcement state (`enforcement.status`); default `enforcing`. */
  enforcement_status?: 'inactive' | 'enforcing';
}

export interface SeedSpendAlert {
  id?: string;
  /** In cents. */
  threshold_amount: number;
  currency?: 'USD';
  interval?: 'month';
  notification_channel: { type?: 'email'; recipients: string[]; subject_prefix?: string | null };
}

export interface SeedAdminKey {
  id?: string;
  name?: string;
  value: string;
  /** User id or email; defaults to the first owner. */
  owner?: string;
  created_at?: number;
  last_used_at?: number | null;
}

export interface SeedUser {
  /** Required when `email` is left out (the user is then referred to by id). */
  id?: string;
  /** May be left out: the spec does not require a user's email, so consumers can test that case. */
  email?: string;
  name?: string;
  role?: 'owner' | 'reader';
  added_at?: number;
  is_scim_managed?: boolean;
}

export interface SeedInvite {
  id?: string;
  email: string;
  role?: 'owner' | 'reader';
  status?: 'accepted' | 'expired' | 'pending';
  created_at?: number;
  expires_at?: number;
  accepted_at?: number | null;
  projects?: { id: string; role: 'owner' | 'member' }[];
}

export interface SeedGroup {
  id?: string;
  name: string;
  created_at?: number;
  is_scim_managed?: boolean;
  /** User ids or emails. */
  users?: string[];
}

export interface SeedRole {
  id?: string;
  name: string;
  description?: string | null;
  permissions?: string[];
  resource_type?: 'api.organization' | 'api.project';
  project_id?: string | null;
  created_at?: number;
  updated_at?: number;
}

export interface SeedRoleAssignment {
  principal_type: 'user' | 'group';
  /** User id or email; group id or name. */
  principal: string;
  /** Role id or name. */
  role: string;
  /** Set for a project role assignment. */
  project_id?: string;
  assigned_at?: number;
}

export interface SeedProject {
  id?: string;
  name: string;
  created_at?: number;
  archived_at?: number | null;
  external_key_id?: string | null;
  users?: { user: string; role: 'owner' | 'member'; added_at?: number }[];
  groups?: { group: string; role: string; created_at?: number }[];
  service_accounts?: {
    id?: string;
    name: string;
    role?: 'owner' | 'member';
    created_at?: number;
    api_key?: { id?: string; name?: string; value?: string; created_at?: number; last_used_at?: number | null } | null;
  }[];
  /** Keys owned by users (service-account keys sit under their service account). */
  api_keys?: { id?: string; name: string; value?: string; owner: string; created_at?: number; last_used_at?: number | null }[];
  /** Overrides of the default rate-limit rows, matched by model. */
  rate_limits?: {
    id?: string;
    model: string;
    max_requests_per_1_minute?: number;
    max_tokens_per_1_minute?: number;
    max_images_per_1_minute?: number;
    max_audio_megabytes_per_1_minute?: number;
    max_requests_per_1_day?: number;
    batch_1_day_max_input_tokens?: number;
  }[];
  /** Ids of certificates active for this project. */
  certificates?: string[];
  spend_limit?: SeedSpendLimit | null;
  spend_alerts?: SeedSpendAlert[];
  model_permissions?: { mode: 'allow_list' | 'deny_list'; model_ids: string[] } | null;
  /** Tools left out are enabled; absent or null: never set. */
  hosted_tool_permissions?: Partial<Record<HostedTool, { enabled: boolean }>> | null;
  data_retention?: ProjectRetentionType | null;
}

export interface SeedCertificate {
  id?: string;
  name: string;
  content?: string;
  created_at?: number;
  valid_at?: number;
  expires_at?: number;
  /** Active for the organization. */
  active?: boolean;
}
