// The plan is a value: computed purely by diff(desired, live, policy), rendered by
// src/render, executed by src/apply, saved as JSON (schemas/plan.schema.json).
import type { ProjectRole, SourceLocation } from '../model/types.js';

export type ChangeAction = 'create' | 'update' | 'delete' | 'invite' | 'archive' | 'assign' | 'unassign';

/**
 * The per-kind type map: kind → the actions a change of it may take, its target (the
 * names and ids it is identified by) and its fields (what `before`/`after` may hold).
 * Each kind module (src/kinds/<kind>.ts) adds its own entry by declaration merging, so a
 * new kind edits no central list:
 *
 *   declare module '../plan/types.js' {
 *     interface KindTypes {
 *       'project.spend_limit': { actions: 'update' | 'delete'; target: ProjectTarget; fields: { amount: number } };
 *     }
 *   }
 *
 * `target` and `fields` must be JSON values (plans are saved as JSON). The kinds that
 * predate the descriptors are listed here, with the loose shape they always had, until
 * their modules take their entries over (docs/architecture.md).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- extended by declaration merging
export interface KindTypes {}

/** What every KindTypes entry gives. */
export interface KindShape {
  actions: ChangeAction;
  target: object;
  fields: object;
}

// Target pieces kinds share: a name, and the id when the plan knows it (ids of things
// created earlier in the same apply are resolved by name then).
export interface ProjectRef {
  project: string;
  projectId?: string;
}
export interface PersonRef {
  email: string;
  userId?: string;
}
export interface GroupRef {
  group: string;
  groupId?: string;
}
export interface RoleRef<S extends 'org' | 'project'> {
  role: string;
  roleId?: string;
  /** The role lives at project level (project role) rather than org level. */
  roleScope?: S;
}
/** What a role change holds (custom org and project roles). */
export interface RoleFields {
  name: string;
  description: string | null;
  permissions: string[];
}

/** A project an invite grants on acceptance (an invite's `projects` field). */
export interface InviteGrant {
  project: string;
  projectId?: string;
  role: ProjectRole;
}
export interface CertificateRef {
  certificate: string;
  certificateId?: string;
  /** A spend alert's identity (its threshold in words, `$1,000.00 USD/month`) and live id. */
  spendAlert?: string;
  spendAlertId?: string;
}

/** What a change touches; also the area a renderer groups it under. */
export type ResourceKind = keyof KindTypes;
/** The actions a change of kind K may take (each needs an executor: src/kinds/types.ts). */
export type ActionsOf<K extends ResourceKind> = KindTypes[K]['actions'];
export type TargetOf<K extends ResourceKind> = KindTypes[K]['target'];
export type FieldsOf<K extends ResourceKind> = KindTypes[K]['fields'];

/** Any change's target, as code that does not know the kind reads it (every member optional). */
export type ChangeTarget = Partial<ProjectRef & PersonRef & GroupRef & RoleRef<'org' | 'project'> & CertificateRef> & {
  inviteId?: string;
  serviceAccount?: string;
  serviceAccountId?: string;
  model?: string;
  rateLimitId?: string;
};

/** What every change carries, whatever its kind. */
export interface ChangeBase {
  /** e.g. `org.member["ada@example.com"]`, `project["search"].rate_limit["gpt-4o"]`. */
  address: string;
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

/** One change of kind K taking action A: its target and fields are those KindTypes gives K. */
export interface ChangeOf<K extends ResourceKind, A extends ActionsOf<K> = ActionsOf<K>> extends ChangeBase {
  kind: K;
  action: A;
  target: TargetOf<K>;
  /** Only the fields that differ (absent for creates). */
  before?: Partial<FieldsOf<K>>;
  /** Only the fields that differ (absent for deletes). */
  after?: Partial<FieldsOf<K>>;
}

/** Every (kind, action) pair's change: narrowing on `kind` (then `action`) gives its exact target and fields. */
export type Change = { [K in ResourceKind]: { [A in ActionsOf<K>]: ChangeOf<K, A> }[ActionsOf<K>] }[ResourceKind];

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
  rule: 'allowedEmailDomains' | 'maxProjectOwners' | 'rateLimitCeilings' | 'apiKeyMaxIdleDays' | 'requireProjectSpendLimit' | 'allowedModels' | 'requireDataRetention';
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
  /** What reading the live state cost; `refresh` says how it was read when a snapshot was used (`--state`). */
  read: { objects: number; requests: number; refresh?: string };
  /** Differences the API cannot reconcile (e.g. un-archiving, changing residency). */
  warnings?: PlanWarning[];
}
