// computePlan(desired, live): the pure heart of orgplane. Same inputs, same plan.
import type { DesiredState, LiveState } from '../model/types.js';
import { createContext } from './context.js';
import { classifyPeople, diffCertificates, diffGroups, diffInvites, diffMembers, diffOrgRoles } from './diff-org.js';
import { diffDescribedKinds } from './diff-kinds.js';
import { classifyProjects, diffProjects } from './diff-projects.js';
import { PlanError } from './errors.js';
import { liveFindings } from './findings.js';
import { fingerprint } from '../live/index.js';
import { orderChanges } from './order.js';
import { checkAllRoleNames } from './roles.js';
import { PLAN_FORMAT_VERSION, type ChangeAction, type Plan } from './types.js';

export interface ComputePlanOptions {
  /** Clock for invite expiry, API-key idleness and `createdAt`; default: now. */
  now?: Date;
  /** Hash of the live state; default: src/live's fingerprint. */
  fingerprint?: (live: LiveState) => string;
}

export const CHANGE_ACTIONS: readonly ChangeAction[] = ['create', 'invite', 'assign', 'update', 'unassign', 'delete', 'archive'];

/** @throws PlanError when a manifest names a role that exists nowhere. */
export function computePlan(desired: DesiredState, live: LiveState, options: ComputePlanOptions = {}): Plan {
  const now = options.now ?? new Date();
  const ctx = createContext(desired, live, now);
  checkAllRoleNames(ctx);
  if (ctx.problems.length > 0) throw new PlanError(ctx.problems);

  classifyProjects(ctx);
  classifyPeople(ctx);
  diffOrgRoles(ctx);
  diffCertificates(ctx);
  diffMembers(ctx);
  diffInvites(ctx);
  diffGroups(ctx);
  diffProjects(ctx);
  diffDescribedKinds(ctx);

  const changes = orderChanges(ctx.changes);
  const summary = Object.fromEntries(CHANGE_ACTIONS.map((a) => [a, 0])) as Record<ChangeAction, number>;
  for (const change of changes) summary[change.action] += 1;
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    revision: desired.revision,
    liveFingerprint: (options.fingerprint ?? fingerprint)(live),
    createdAt: now.toISOString(),
    changes,
    conflicts: ctx.conflicts.sort((a, b) => compare(a.address, b.address)),
    unmanaged: ctx.unmanaged.sort((a, b) => compare(a.address, b.address)),
    findings: liveFindings(live, desired.policy.rules, now),
    summary,
    read: { objects: live.stats.objects, requests: live.stats.requests },
  };
  if (ctx.warnings.length > 0) plan.warnings = ctx.warnings.sort((a, b) => compare(a.address, b.address));
  return plan;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
