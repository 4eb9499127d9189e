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

export type AuditEvent = AuditLog;

/** Who performs a request: the admin key's owner, or a dashboard session of a person. */
export type Actor =
  | { type: 'api_key'; keyId: string; userId: string; email: string }
  | { type: 'session'; userId: string; email: string; ip: string };
