// The shapes of manifest documents as written in YAML, once they passed the schema.
import type { HostedTool, ModelPermissionMode, OrgDataRetentionType, ProjectDataRetentionType } from '../model/governance.js';
import type { OrgRole, PrunePolicy, ProjectRole, ProjectStatus, RateLimitCeiling } from '../model/types.js';
import type { SourceDocument } from './yaml-source.js';

export interface RoleManifest {
  name: string;
  description?: string | null;
  permissions: string[];
}

export interface SpendLimitManifest {
  thresholdAmount: number;
  currency?: string;
  interval?: string;
}

export interface SpendAlertManifest {
  thresholdAmount: number;
  currency?: string;
  interval?: string;
  notificationChannel: { type?: 'email'; recipients: string[]; subjectPrefix?: string | null };
}

export interface OrganizationManifest {
  apiVersion: 'orgplane/v1';
  kind: 'Organization';
  spec: {
    members: { email: string; role: OrgRole; roles?: string[] }[];
    groups?: { name: string; members?: string[]; roles?: string[] }[];
    roles?: RoleManifest[];
    certificates?: { name: string; file: string; active?: boolean }[];
    spendLimit?: SpendLimitManifest | null;
    spendAlerts?: SpendAlertManifest[];
    dataRetention?: { type: OrgDataRetentionType };
  };
}

export interface GroupManifest {
  apiVersion: 'orgplane/v1';
  kind: 'Group';
  metadata: { name: string };
  spec: { members?: string[]; roles?: string[] };
}

export type RateLimitManifest = RateLimitCeiling;

export interface ProjectManifest {
  apiVersion: 'orgplane/v1';
  kind: 'Project';
  metadata: { name: string; id?: string };
  spec?: {
    status?: ProjectStatus;
    externalKeyId?: string | null;
    geography?: string | null;
    /** The spec's name for `geography` (schema: one of PublicProjectResidency). */
    residency?: string | null;
    members?: { email: string; role: ProjectRole; roles?: string[] }[];
    groups?: { name: string; role: ProjectRole; roles?: string[] }[];
    roles?: RoleManifest[];
    serviceAccounts?: { name: string }[];
    rateLimits?: Record<string, RateLimitManifest>;
    certificates?: string[];
    spendLimit?: SpendLimitManifest | null;
    spendAlerts?: SpendAlertManifest[];
    modelPermissions?: { mode: ModelPermissionMode; modelIds: string[] } | null;
    hostedToolPermissions?: Partial<Record<HostedTool, { enabled: boolean }>>;
    dataRetention?: { type: ProjectDataRetentionType };
  };
}

export interface PolicyManifest {
  apiVersion: 'orgplane/v1';
  kind: 'Policy';
  spec: {
    prune?: Partial<PrunePolicy>;
    safety?: { maxDeletes?: number; maxDeletePercent?: number; minOwners?: number; protected?: string[]; maxLoosenings?: number };
    rules?: {
      allowedEmailDomains?: string[];
      maxProjectOwners?: number;
      rateLimitCeilings?: Record<string, RateLimitCeiling>;
      apiKeyMaxIdleDays?: number;
      requireProjectSpendLimit?: { maxThresholdAmount?: number };
      allowedModels?: string[];
      requireDataRetention?: OrgDataRetentionType;
    };
    drift?: { selfHeal?: boolean };
  };
}

export type Manifest = OrganizationManifest | GroupManifest | ProjectManifest | PolicyManifest;
export type ManifestKind = Manifest['kind'];

/** A schema-valid document: its typed content and where it came from. */
export interface Located<T extends Manifest = Manifest> {
  manifest: T;
  source: SourceDocument;
}
