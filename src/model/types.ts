import type { OrgDataRetentionType } from './governance.js';

// The normalized organization model. The manifest loader builds the desired state
// in it and the live reader builds the live state in it, so diff compares like with
// like. Identity keys: users by lower-cased email, groups/roles/certificates by name,
// projects by name, service accounts by name within a project, rate limits by model.
//
// A collection that is `undefined` is *not managed* (desired: the manifests do not
// speak about it; live: it was not read). An empty collection means "none".

/** Where a desired object was declared, for error messages and drift alerts. */
export interface SourceLocation {
  /** Path relative to the config folder, with forward slashes. */
  file: string;
  line: number;
  column: number;
}

export type OrgRole = 'owner' | 'reader';
export type ProjectRole = 'owner' | 'member';
export type ProjectStatus = 'active' | 'archived';
export type InviteStatus = 'pending' | 'accepted' | 'expired';

export interface Member {
  /** Lower-cased email: the identity key. */
  email: string;
  /**
   * Live: null when the user's answer has `role: null` (spec `User.role` is nullable):
   * not known to be an owner, and not claimed to be a reader either.
   */
  role: OrgRole | null;
  /** Org roles (custom or predefined, by name) assigned directly to the user. */
  roles?: readonly string[];
  /** Live only. */
  id?: string;
  name?: string;
  /** Live only: managed by the identity provider; orgplane never changes it. */
  scimManaged?: boolean;
  source?: SourceLocation;
}

/** Live only: an invitation that has not (yet) made someone a member. */
export interface Invite {
  id: string;
  email: string;
  role: OrgRole;
  status: InviteStatus;
  /** Unix seconds; null when the API does not say. */
  expiresAt: number | null;
  /** Project memberships granted on acceptance, by project id. */
  projects: readonly { projectId: string; role: ProjectRole }[];
}

export interface Group {
  name: string;
  /** Lower-cased emails. */
  members?: readonly string[];
  /** Org roles assigned to the group, by name. */
  roles?: readonly string[];
  id?: string;
  scimManaged?: boolean;
  source?: SourceLocation;
}

/** A custom role (org or project). Predefined roles are live only. */
export interface Role {
  name: string;
  description?: string | null;
  permissions: readonly string[];
  id?: string;
  /** Live only: defined by OpenAI, cannot be changed or deleted. */
  predefined?: boolean;
  source?: SourceLocation;
}

export interface Certificate {
  name: string;
  /** PEM text. Desired: the file's content; live: only when read with include[]=content. */
  content?: string;
  /** Active at organization level. */
  active: boolean;
  id?: string;
  /** Desired only: the manifest's `file`, relative to the config folder. */
  file?: string;
  source?: SourceLocation;
}

export interface ProjectMember {
  email: string;
  role: ProjectRole;
  /** Project roles assigned to the user, by name. */
  roles?: readonly string[];
  /** Live only. */
  userId?: string;
  source?: SourceLocation;
}

export interface ProjectGroup {
  name: string;
  /** Live: null when the group's role assignments do not show its base role (unknown, not member). */
  role: ProjectRole | null;
  roles?: readonly string[];
  groupId?: string;
  source?: SourceLocation;
}

export interface ServiceAccount {
  name: string;
  id?: string;
  role?: string;
  createdAt?: number;
  source?: SourceLocation;
}

/** Every limit field is optional: desired states only the ones it manages. */
export interface RateLimit {
  model: string;
  maxRequestsPer1Minute?: number;
  maxTokensPer1Minute?: number;
  maxImagesPer1Minute?: number;
  maxAudioMegabytesPer1Minute?: number;
  maxRequestsPer1Day?: number;
  batch1DayMaxInputTokens?: number;
  /** Live only: the row id (`rl-…`) used to update it. */
  id?: string;
  source?: SourceLocation;
}

export type RateLimitField = Exclude<keyof RateLimit, 'model' | 'id' | 'source'>;

/** Every limit a rate-limit row can carry, in the order people read them. */
export const RATE_LIMIT_FIELDS: readonly RateLimitField[] = [
  'maxRequestsPer1Minute',
  'maxTokensPer1Minute',
  'maxImagesPer1Minute',
  'maxAudioMegabytesPer1Minute',
  'maxRequestsPer1Day',
  'batch1DayMaxInputTokens',
];

/** Live only, read when a policy rule needs it (apiKeyMaxIdleDays). */
export interface ApiKey {
  id: string;
  name: string | null;
  redactedValue: string;
  createdAt: number;
  lastUsedAt: number | null;
  owner: { type: 'user' | 'service_account'; id: string; name?: string; email?: string };
}

/**
 * What descriptor-described kinds add to a project (desired and live), by declaration
 * merging from their module (src/kinds/<kind>.ts): `interface ProjectExtensions {
 * spendLimit?: SpendLimit | null }`. Every member is optional: absent means unmanaged
 * (desired) or not read (live).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- extended by declaration merging
export interface ProjectExtensions {}

/** Same as ProjectExtensions, for the organization (OrgModel). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- extended by declaration merging
export interface OrgExtensions {}

export interface Project extends ProjectExtensions {
  name: string;
  status: ProjectStatus;
  /** Pinned id (desired `metadata.id`) or the live id. */
  id?: string;
  externalKeyId?: string | null;
  geography?: string | null;
  members?: ReadonlyMap<string, ProjectMember>;
  groups?: ReadonlyMap<string, ProjectGroup>;
  roles?: ReadonlyMap<string, Role>;
  serviceAccounts?: ReadonlyMap<string, ServiceAccount>;
  rateLimits?: ReadonlyMap<string, RateLimit>;
  /** Names of org certificates active for this project. */
  certificates?: readonly string[];
  apiKeys?: readonly ApiKey[];
  source?: SourceLocation;
}

export interface OrgModel extends OrgExtensions {
  members: ReadonlyMap<string, Member>;
  /** Live only; empty in desired state. */
  invites: ReadonlyMap<string, Invite>;
  groups?: ReadonlyMap<string, Group>;
  /** Custom org roles (live also holds predefined ones, flagged). */
  roles?: ReadonlyMap<string, Role>;
  certificates?: ReadonlyMap<string, Certificate>;
  projects: ReadonlyMap<string, Project>;
}

export type PruneMode = 'report' | 'delete' | 'ignore';

export interface PrunePolicy {
  members: PruneMode;
  invites: PruneMode;
  groups: PruneMode;
  roles: PruneMode;
  /** 'delete' means archive: projects are never deleted. */
  projects: PruneMode;
  projectMembers: PruneMode;
  projectGroups: PruneMode;
  serviceAccounts: PruneMode;
}

export interface SafetyPolicy {
  maxDeletes: number;
  maxDeletePercent: number;
  minOwners: number;
  /** Lower-cased emails never removed or downgraded. */
  protected: readonly string[];
  /**
   * Most loosening changes (a spend limit raised or removed, a model newly allowed, a hosted
   * tool enabled, data retention weakened) one apply may make; default 0: each needs
   * `--max-loosenings N` or a higher value here.
   */
  maxLoosenings: number;
}

export interface RateLimitCeiling {
  maxRequestsPer1Minute?: number;
  maxTokensPer1Minute?: number;
  maxImagesPer1Minute?: number;
  maxAudioMegabytesPer1Minute?: number;
  maxRequestsPer1Day?: number;
  batch1DayMaxInputTokens?: number;
}

export interface PolicyRules {
  allowedEmailDomains?: readonly string[];
  maxProjectOwners?: number;
  rateLimitCeilings?: Readonly<Record<string, RateLimitCeiling>>;
  apiKeyMaxIdleDays?: number;
  /** Every active project declares a spend limit, at most `maxThresholdAmount` cents when given. */
  requireProjectSpendLimit?: { maxThresholdAmount?: number };
  /** Ceiling for every active project: an allow list within these models. */
  allowedModels?: readonly string[];
  /** The organization and every active project declare data retention at least this strong. */
  requireDataRetention?: OrgDataRetentionType;
}

export interface Policy {
  prune: PrunePolicy;
  safety: SafetyPolicy;
  rules: PolicyRules;
  drift: { selfHeal: boolean };
  source?: SourceLocation;
}

/** Safe defaults (DESIGN.md): nothing is deleted unless the policy says `delete`. */
export const DEFAULT_POLICY: Policy = {
  prune: {
    members: 'report',
    invites: 'report',
    groups: 'report',
    roles: 'report',
    projects: 'report',
    projectMembers: 'report',
    projectGroups: 'report',
    serviceAccounts: 'report',
  },
  safety: { maxDeletes: 10, maxDeletePercent: 25, minOwners: 1, protected: [], maxLoosenings: 0 },
  rules: {},
  drift: { selfHeal: false },
};

/** What the manifests say, normalized. */
export interface DesiredState {
  org: OrgModel;
  policy: Policy;
  /** Source revision (git commit) or a content hash of the manifests. */
  revision: string;
}

/** What the API says, normalized, with what it cost to read. */
export interface LiveState {
  org: OrgModel;
  /** Predefined org roles and, per project id, predefined project roles, by name. */
  predefinedRoles: {
    org: ReadonlyMap<string, Role>;
    project: ReadonlyMap<string, ReadonlyMap<string, Role>>;
  };
  /** Id of the user owning the admin key in use, when known (self-lockout guard). */
  adminKeyOwnerId?: string;
  stats: { objects: number; requests: number; byRoute: Record<string, number> };
}
