// Shared state of one diff run: the inputs, what the plan collects, and the facts one
// part of the diff tells another (who is leaving, what gets created in this plan).
import type { DesiredState, LiveState, Member, Policy, Project, PrunePolicy, SourceLocation } from '../model/types.js';
import type { PlanProblem } from './errors.js';
import type { ActionsOf, Change, ChangeAction, ChangeTarget, Conflict, FieldsOf, PlanWarning, ResourceKind, TargetOf, Unmanaged } from './types.js';

export interface DiffContext {
  desired: DesiredState;
  live: LiveState;
  policy: Policy;
  now: Date;
  changes: Change[];
  conflicts: Conflict[];
  unmanaged: Unmanaged[];
  warnings: PlanWarning[];
  problems: PlanProblem[];
  /** Desired people who are not live members: their project access travels with their invite. */
  notMembers: Set<string>;
  /** Live members being deleted: their project and group removals are implied, not planned. */
  leaving: Set<string>;
  /** Desired projects (by name) created by this plan. */
  newProjects: Set<string>;
  newGroups: Set<string>;
  newOrgRoles: Set<string>;
  newCertificates: Set<string>;
  /** Desired project name → matching live project (by pinned id, else by name). */
  liveProjects: Map<string, Project>;
}

export function createContext(desired: DesiredState, live: LiveState, now: Date): DiffContext {
  const liveProjects = new Map<string, Project>();
  const liveById = new Map<string, Project>();
  for (const project of live.org.projects.values()) {
    if (project.id !== undefined) liveById.set(project.id, project);
  }
  for (const [name, project] of desired.org.projects) {
    const match = project.id !== undefined ? liveById.get(project.id) : live.org.projects.get(name);
    if (match !== undefined) liveProjects.set(name, match);
  }
  return {
    desired,
    live,
    policy: desired.policy,
    now,
    changes: [],
    conflicts: [],
    unmanaged: [],
    warnings: [],
    problems: [],
    notMembers: new Set(),
    leaving: new Set(),
    newProjects: new Set(),
    newGroups: new Set(),
    newOrgRoles: new Set(),
    newCertificates: new Set(),
    liveProjects,
  };
}


/** A target whose optional members may be given as `undefined` (ids the plan does not know). */
type InputTarget<T> = { [P in keyof T]: undefined extends T[P] ? T[P] | undefined : T[P] };

/** A change as the diff builds it, typed by its kind and action (src/plan/types.ts KindTypes). */
export type ChangeInput<K extends ResourceKind = ResourceKind, A extends ActionsOf<K> = ActionsOf<K>> = {
  address: string;
  action: A;
  kind: K;
  /** `undefined` members are dropped, so callers may pass ids that are not known. */
  target: InputTarget<TargetOf<K>>;
  reason: string;
  before?: Partial<FieldsOf<K>> | undefined;
  after?: Partial<FieldsOf<K>> | undefined;
  destructive?: boolean;
  dependsOn?: readonly (string | undefined)[];
  source?: SourceLocation | undefined;
};

const ALWAYS_DESTRUCTIVE: ReadonlySet<ChangeAction> = new Set(['delete', 'unassign', 'archive']);

export function addChange<K extends ResourceKind, A extends ActionsOf<K>>(ctx: DiffContext, input: ChangeInput<K, A>): Change {
  // ChangeInput's kind, action and target are not tied to each other: the diff code that
  // calls this decides which (kind, action) pair it builds.
  const change = {
    address: input.address,
    action: input.action,
    kind: input.kind,
    target: withoutUndefined(input.target) as ChangeTarget,
    reason: input.reason,
    destructive: input.destructive === true || ALWAYS_DESTRUCTIVE.has(input.action),
    dependsOn: [...new Set((input.dependsOn ?? []).filter((d): d is string => d !== undefined))].sort(),
  } as Change;
  if (input.before !== undefined) change.before = input.before;
  if (input.after !== undefined) change.after = input.after;
  if (input.source !== undefined) change.source = input.source;
  ctx.changes.push(change);
  return change;
}

/** Unmanaged or deleted, per the policy's prune mode for that kind. */
export function pruneMessage(mode: string, key: string): string {
  return `not declared in any manifest (prune.${key}: ${mode})`;
}

/**
 * A live object no manifest declares, by its prune mode: `ignore` says nothing, `report`
 * lists it under Unmanaged; only `delete` answers true, and the caller plans its removal.
 */
export function shouldPrune(
  ctx: DiffContext,
  key: keyof PrunePolicy,
  at: string,
  kind: ResourceKind,
  reason = pruneMessage(ctx.policy.prune[key], key),
): boolean {
  const mode = ctx.policy.prune[key];
  if (mode === 'report') ctx.unmanaged.push({ address: at, kind, reason });
  return mode === 'delete';
}

export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Live member lookup, also for people only mentioned in projects or groups. */
export function liveMember(ctx: DiffContext, email: string): Member | undefined {
  return ctx.live.org.members.get(email);
}

export function sortedDifference(a: Iterable<string>, b: ReadonlySet<string>): string[] {
  return [...new Set(a)].filter((x) => !b.has(x)).sort();
}
