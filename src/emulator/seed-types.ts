// The seed file format (schemas/emulator-seed.schema.json). A dump of the state has
// the same format, with every id and timestamp filled in, so dump → seed round-trips.
// Hand-written seeds may leave ids and timestamps out and refer to users by email,
// groups by name and roles by name.
import type { AuditLog } from '../api/types.js';

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
