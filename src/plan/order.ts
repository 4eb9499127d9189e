// Execution order (DESIGN.md "Plan"): roles, certificates and projects first, then
// people joining, then their assignments, then removals, archives last. Within a
// wave the order is by address, so the same inputs always give the same plan.
import { kindOf } from '../kinds/index.js';
import type { Change, ChangeAction } from './types.js';
import { looseTarget } from './change-view.js';

// Each kind's waves are in its descriptor (src/kinds/<kind>.ts `waves`).

const ARCHIVE_WAVE = 12;
/** A pending invite being replaced is deleted before the new one is sent. */
const INVITE_REPLACEMENT_WAVE = 2;

function isRemoval(action: ChangeAction): boolean {
  return action === 'delete' || action === 'unassign';
}

export function waveOf(change: Change, replacedInvites: ReadonlySet<string>): number {
  if (change.action === 'archive') return ARCHIVE_WAVE;
  if (change.kind === 'org.invite' && change.action === 'delete' && replacedInvites.has(change.address)) return INVITE_REPLACEMENT_WAVE;
  const waves = kindOf(change.kind)?.waves;
  if (waves === undefined) throw new Error(`no descriptor for kind ${change.kind}`);
  return isRemoval(change.action) ? waves.removal : waves.additive;
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
    const target = looseTarget(change);
    if (change.action !== 'unassign' || target.role === undefined) continue;
    const key = `${target.roleScope ?? 'org'}:${target.project ?? ''}:${target.role}`;
    unassignsByRole.set(key, [...(unassignsByRole.get(key) ?? []), change.address]);
  }
  return ordered.map((change) => {
    if (change.action !== 'delete' || (change.kind !== 'org.role' && change.kind !== 'project.role')) return change;
    const scope = change.kind === 'org.role' ? 'org' : 'project';
    const key = `${scope}:${change.kind === 'project.role' ? change.target.project : ''}:${change.target.role}`;
    const extra = unassignsByRole.get(key) ?? [];
    return extra.length === 0 ? change : { ...change, dependsOn: [...new Set([...change.dependsOn, ...extra])].sort() };
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
