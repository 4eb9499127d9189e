// Execution order (DESIGN.md "Plan"): roles, certificates and projects first, then
// people joining, then their assignments, then removals, archives last. Within a
// wave the order is by address, so the same inputs always give the same plan.
import type { Change, ChangeAction, ResourceKind } from './types.js';

const ADDITIVE_WAVE: Record<ResourceKind, number> = {
  'org.role': 0,
  'org.certificate': 0,
  project: 1,
  'project.role': 2,
  'org.invite': 3,
  'org.member': 3,
  'org.group': 3,
  'org.member.role': 4,
  'org.group.member': 4,
  'org.group.role': 4,
  'project.member': 5,
  'project.group': 5,
  'project.service_account': 5,
  'project.rate_limit': 5,
  'project.certificate': 5,
  'project.member.role': 6,
  'project.group.role': 6,
  // Governance settings depend on nothing but their project.
  'org.spend_limit': 0,
  'org.spend_alert': 0,
  'org.data_retention': 0,
  'project.spend_limit': 2,
  'project.spend_alert': 2,
  'project.model_permissions': 2,
  'project.hosted_tool_permissions': 2,
  'project.data_retention': 2,
};

/** Removals: assignments first, then memberships, then the things themselves. */
const REMOVAL_WAVE: Record<ResourceKind, number> = {
  'project.member.role': 7,
  'project.group.role': 7,
  'org.member.role': 7,
  'org.group.role': 7,
  'project.member': 8,
  'project.group': 8,
  'project.certificate': 8,
  'org.group.member': 8,
  'project.service_account': 9,
  // No delete endpoint: never planned, listed for completeness.
  'project.rate_limit': 9,
  'project.role': 9,
  'org.group': 9,
  'org.member': 9,
  'org.invite': 9,
  'org.role': 10,
  'org.certificate': 10,
  project: 11,
  'org.spend_limit': 9,
  'org.spend_alert': 9,
  'project.spend_limit': 9,
  'project.spend_alert': 9,
  'project.model_permissions': 9,
  // No delete endpoint: never planned, listed for completeness.
  'org.data_retention': 9,
  'project.hosted_tool_permissions': 9,
  'project.data_retention': 9,
};

const ARCHIVE_WAVE = 12;
/** A pending invite being replaced is deleted before the new one is sent. */
const INVITE_REPLACEMENT_WAVE = 2;

function isRemoval(action: ChangeAction): boolean {
  return action === 'delete' || action === 'unassign';
}

export function waveOf(change: Change, replacedInvites: ReadonlySet<string>): number {
  if (change.action === 'archive') return ARCHIVE_WAVE;
  if (change.kind === 'org.invite' && change.action === 'delete' && replacedInvites.has(change.address)) return INVITE_REPLACEMENT_WAVE;
  return isRemoval(change.action) ? REMOVAL_WAVE[change.kind] : ADDITIVE_WAVE[change.kind];
}

/** Sorts changes into waves and adds the dependencies that ordering alone implies. */
export function orderChanges(changes: readonly Change[]): Change[] {
  const replacedInvites = new Set(changes.filter((c) => c.action === 'invite').map((c) => c.address));
  const ordered = changes
    .map((change) => ({ ...change, wave: waveOf(change, replacedInvites) }))
    .sort((a, b) => a.wave - b.wave || compare(a.address, b.address));
  // A role is deleted only after it has been taken from everyone the plan takes it from.
  const unassignsByRole = new Map<string, string[]>();
  for (const change of ordered) {
    if (change.action !== 'unassign' || change.target.role === undefined) continue;
    const key = `${change.target.roleScope ?? 'org'}:${change.target.project ?? ''}:${change.target.role}`;
    unassignsByRole.set(key, [...(unassignsByRole.get(key) ?? []), change.address]);
  }
  return ordered.map((change) => {
    if (change.action !== 'delete' || (change.kind !== 'org.role' && change.kind !== 'project.role')) return change;
    const scope = change.kind === 'org.role' ? 'org' : 'project';
    const key = `${scope}:${scope === 'project' ? (change.target.project ?? '') : ''}:${change.target.role ?? ''}`;
    const extra = unassignsByRole.get(key) ?? [];
    return extra.length === 0 ? change : { ...change, dependsOn: [...new Set([...change.dependsOn, ...extra])].sort() };
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
