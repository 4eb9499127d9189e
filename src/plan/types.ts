// The plan is a value: computed purely by diff(desired, live, policy), rendered by
// src/render, executed by src/apply, saved as JSON (schemas/plan.schema.json).
import type { SourceLocation } from '../model/types.js';

export type ChangeAction = 'create' | 'update' | 'delete' | 'invite' | 'archive' | 'assign' | 'unassign';

/** What a change touches; also the area a renderer groups it under. */
export type ResourceKind =
  | 'org.member'
  | 'org.invite'
  | 'org.member.role'
  | 'org.group'
  | 'org.group.member'
  | 'org.group.role'
  | 'org.role'
  | 'org.certificate'
  | 'project'
  | 'project.member'
  | 'project.member.role'
  | 'project.group'
  | 'project.group.role'
  | 'project.role'
  | 'project.service_account'
  | 'project.rate_limit'
  | 'project.certificate'
  | 'org.spend_limit'
  | 'org.spend_alert'
  | 'org.data_retention'
  | 'project.spend_limit'
  | 'project.spend_alert'
  | 'project.model_permissions'
  | 'project.hosted_tool_permissions'
  | 'project.data_retention';

/**
 * Identity of the thing a change touches, by name and, where known at plan time,
 * by id. Ids of things created earlier in the same apply are resolved by name then.
 */
export interface ChangeTarget {
  email?: string;
  userId?: string;
  inviteId?: string;
  group?: string;
  groupId?: string;
  role?: string;
  roleId?: string;
  /** The role lives at project level (project role) rather than org level. */
  roleScope?: 'org' | 'project';
  project?: string;
  projectId?: string;
  serviceAccount?: string;
  serviceAccountId?: string;
  model?: string;
  rateLimitId?: string;
  certificate?: string;
  certificateId?: string;
  /** A spend alert's identity (its threshold, e.g. `$1,000.00 USD/month`) and live id. */
  spendAlert?: string;
  spendAlertId?: string;
}

export interface Change {
  /** e.g. `org.member["ada@example.com"]`, `project["search"].rate_limit["gpt-4o"]`. */
  address: string;
  action: ChangeAction;
  kind: ResourceKind;
  target: ChangeTarget;
  /** Only the fields that differ (absent for creates). */
  before?: Record<string, unknown>;
  /** Only the fields that differ (absent for deletes). */
  after?: Record<string, unknown>;
  reason: string;
  destructive: boolean;
  /** Addresses of changes that must succeed first. */
  dependsOn: readonly string[];
  /** The manifest line that asks for this change, when one does. */
  source?: SourceLocation;
  /**
   * Execution wave (0 first). Changes of one wave never depend on each other, so an
   * executor may run a wave concurrently; the list is already sorted by wave.
   */
  wave?: number;
}

/** A difference orgplane will not touch because another system owns the object (SCIM). */
export interface Conflict {
  address: string;
  owner: 'identity provider';
  reason: string;
  source?: SourceLocation;
}

/** A live object no manifest declares, whose prune mode is `report`. */
export interface Unmanaged {
  address: string;
  kind: ResourceKind;
  reason: string;
}

/** Something the plan cannot do or had to skip (no API for it); shown beside the plan. */
export interface PlanWarning {
  address: string;
  message: string;
  source?: SourceLocation;
}

/** A Policy.rules finding, reported beside the plan, not mixed into it. */
export interface Finding {
  rule: 'allowedEmailDomains' | 'maxProjectOwners' | 'rateLimitCeilings' | 'apiKeyMaxIdleDays';
  /** `desired`: the manifests break the rule; `live`: the organization does. */
  scope: 'desired' | 'live';
  address: string;
  message: string;
  source?: SourceLocation;
}

export const PLAN_FORMAT_VERSION = 1;

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  /** Manifest source revision (git commit or content hash). */
  revision: string;
  /** Hash of the live state the plan was computed from; apply --plan refuses a mismatch. */
  liveFingerprint: string;
  createdAt: string;
  changes: Change[];
  conflicts: Conflict[];
  unmanaged: Unmanaged[];
  findings: Finding[];
  summary: Record<ChangeAction, number>;
  /** What reading the live state cost. */
  read: { objects: number; requests: number };
  /** Differences the API cannot reconcile (e.g. un-archiving, changing residency). */
  warnings?: PlanWarning[];
}
