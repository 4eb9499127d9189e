// Safety guards, checked before the first mutation. Any refusal refuses the WHOLE plan
// (exit 3 in the CLI). Refusals are data: each names its rule and the changes breaking it.
import type { LiveState, Policy } from '../model/types.js';
import { kindOf, KINDS, type GuardEffect, type KindGuard } from '../kinds/index.js';
import type { Change, Plan, ResourceKind } from '../plan/types.js';
import { GuardRefusal } from './errors.js';
import { looseFields, looseTarget } from '../plan/change-view.js';

export interface GuardOptions {
  /** `--max-deletes N`: replaces safety.maxDeletes and waives maxDeletePercent for this run. */
  maxDeletes?: number;
  /** `--max-loosenings N`: replaces safety.maxLoosenings for this run. */
  maxLoosenings?: number;
}

/** A destructive change that loosens a governance control (its kind's guard says so). */
export function isLoosening(change: Change): boolean {
  if (!change.destructive) return false;
  const descriptor = kindOf(change.kind) as { guard: { effect(change: Change): { kind: string } } } | undefined;
  return descriptor?.guard.effect(change).kind === 'loosening';
}

export interface GuardReport {
  refusals: GuardRefusal[];
  /** Checks that could not run, and why. */
  warnings: string[];
}

/** How many of each kind of thing the live organization has: the base of maxDeletePercent. */
export function liveCounts(live: LiveState): Partial<Record<ResourceKind, number>> {
  return Object.fromEntries(KINDS.map((d) => [d.kind, d.guard.liveCount(live)]));
}

const ROLE_RANK: Record<string, number> = { owner: 2, reader: 1, member: 1 };

/** A change lowering someone's org or project role (owner → reader/member). */
function isDowngrade(change: Change): boolean {
  if (change.action !== 'update' || (change.kind !== 'org.member' && change.kind !== 'project.member')) return false;
  const before = change.before?.role;
  const after = change.after?.role;
  if (typeof after !== 'string') return false;
  const rankBefore = typeof before === 'string' ? (ROLE_RANK[before] ?? 0) : ROLE_RANK.owner!;
  return (ROLE_RANK[after] ?? 0) < rankBefore;
}

/** Removes a person from something, or takes a role or permission away from them. */
function takesFromPerson(change: Change): boolean {
  return change.destructive || change.action === 'delete' || change.action === 'unassign' || isDowngrade(change);
}

/** Deletes whose address the plan creates again (a pending invite re-sent): nothing is taken away. */
function replacedDeletes(plan: Plan): Set<Change> {
  const recreated = new Set(plan.changes.filter((c) => c.action === 'create' || c.action === 'invite').map((c) => c.address));
  return new Set(plan.changes.filter((c) => c.action === 'delete' && recreated.has(c.address)));
}

function list(addresses: readonly string[]): string {
  const shown = addresses.slice(0, 10).join(', ');
  return addresses.length > 10 ? `${shown} and ${addresses.length - 10} more` : shown;
}

/**
 * The share rule (maxDeletePercent) looks at a kind only once this many of it would go.
 * With a handful of live objects any single removal is a large share (1 of 3 is 33%), so
 * below this floor the percentage would measure how small the kind is, not how much is
 * lost: one or two removals are routine (someone leaves, two people swap teams). A
 * mistake that wipes a kind (an emptied manifest, the wrong --config) takes more, and the
 * count rule (maxDeletes) still caps every plan, floor or not.
 */
export const PERCENT_FLOOR = 3;

type Effect = GuardEffect;

/** What a destructive change takes away, as its kind's descriptor classifies it. */
function effectOf(change: Change): Effect {
  // The descriptor of the change's own kind: its effect() takes this change.
  const guard = kindOf(change.kind)?.guard as KindGuard<ResourceKind> | undefined;
  return guard === undefined ? { kind: 'removal' } : guard.effect(change);
}

/** What the share rule says happens to the objects of a kind, per effect (downgrades are worded apart). */
const EFFECT_OUTCOME: Record<Effect['kind'], string> = {
  removal: 'be removed',
  archive: 'be archived',
  downgrade: 'lose a role',
  revoke: 'lose permissions',
  loosening: 'be loosened',
};

const EFFECT_WORDS: Record<Effect['kind'], [string, string]> = {
  removal: ['removal', 'removals'],
  archive: ['archive', 'archives'],
  downgrade: ['downgrade', 'downgrades'],
  revoke: ['permission revocation', 'permission revocations'],
  loosening: ['loosening', 'loosenings'],
};

/** `3 destructive changes (2 removals, 1 downgrade)`: what the count is made of. */
function describeCount(changes: readonly Change[]): string {
  const counts = new Map<Effect['kind'], number>();
  for (const change of changes) counts.set(effectOf(change).kind, (counts.get(effectOf(change).kind) ?? 0) + 1);
  const total = `${changes.length} destructive change${changes.length === 1 ? '' : 's'}`;
  if (counts.size === 1 && counts.has('removal')) return total;
  const parts = [...counts].map(([kind, n]) => `${n} ${EFFECT_WORDS[kind][n === 1 ? 0 : 1]}`);
  return `${total} (${parts.join(', ')})`;
}

/** How many live objects of a kind hold a role (the base of a downgrade share). */
function liveHolders(live: LiveState, kind: ResourceKind, role: string): number | undefined {
  return kindOf(kind)?.guard.holders?.(live, role);
}

function checkDeletes(plan: Plan, live: LiveState, policy: Policy, options: GuardOptions): GuardRefusal[] {
  // Loosenings have their own count (safety.maxLoosenings), whatever their action.
  const destructive = plan.changes.filter((c) => c.destructive && !isLoosening(c));
  if (destructive.length === 0) return [];
  const addresses = destructive.map((c) => c.address);
  if (options.maxDeletes !== undefined) {
    // An explicit --max-deletes is the operator's count for this run: it replaces both limits.
    if (destructive.length <= options.maxDeletes) return [];
    return [
      new GuardRefusal(
        'maxDeletes',
        `${describeCount(destructive)} exceed --max-deletes ${options.maxDeletes}: ${list(addresses)}`,
        addresses,
      ),
    ];
  }
  const refusals: GuardRefusal[] = [];
  const { maxDeletes, maxDeletePercent } = policy.safety;
  if (destructive.length > maxDeletes) {
    refusals.push(
      new GuardRefusal(
        'maxDeletes',
        `${describeCount(destructive)} exceed safety.maxDeletes ${maxDeletes} (override for one run with --max-deletes ${destructive.length}): ${list(addresses)}`,
        addresses,
      ),
    );
  }
  const counts = liveCounts(live);
  const replaced = replacedDeletes(plan);
  // Each kind is measured once per effect: removals against how many exist, downgrades
  // against how many hold the role being lost (a downgrade removes nothing).
  const groups = new Map<string, { kind: ResourceKind; effect: Effect; changes: Change[] }>();
  for (const change of destructive) {
    if (replaced.has(change)) continue;
    const effect = effectOf(change);
    const key = `${change.kind} ${effect.kind} ${effect.kind === 'downgrade' ? effect.from : ''}`;
    const group = groups.get(key) ?? { kind: change.kind, effect, changes: [] };
    group.changes.push(change);
    groups.set(key, group);
  }
  for (const { kind, effect, changes } of groups.values()) {
    if (changes.length < PERCENT_FLOOR) continue;
    const total = (effect.kind === 'downgrade' ? liveHolders(live, kind, effect.from) : undefined) ?? counts[kind] ?? 0;
    // Nothing live to take a share of (e.g. a kind not read): the count rule alone applies.
    if (total === 0) continue;
    const percent = (changes.length / total) * 100;
    if (percent <= maxDeletePercent) continue;
    const kindAddresses = changes.map((c) => c.address);
    const what =
      effect.kind === 'downgrade'
        ? `${changes.length} of ${total} ${kind} ${effect.from}s (${Math.round(percent)}%) would lose ${effect.from}`
        : `${changes.length} of ${total} ${kind} (${Math.round(percent)}%) would ${EFFECT_OUTCOME[effect.kind]}`;
    refusals.push(
      new GuardRefusal(
        'maxDeletePercent',
        `${what}, more than safety.maxDeletePercent ${maxDeletePercent}% (override for one run with --max-deletes ${destructive.length}): ${list(kindAddresses)}`,
        kindAddresses,
      ),
    );
  }
  return refusals;
}

/**
 * Loosening a control (a spend limit raised or removed, a model newly allowed, a hosted tool
 * enabled, data retention weakened) is refused beyond safety.maxLoosenings (default 0: every
 * loosening needs `--max-loosenings N` or a Policy that allows it).
 */
function checkLoosenings(plan: Plan, policy: Policy, options: GuardOptions): GuardRefusal[] {
  const loosenings = plan.changes.filter(isLoosening);
  const max = options.maxLoosenings ?? policy.safety.maxLoosenings;
  if (loosenings.length <= max) return [];
  const addresses = loosenings.map((c) => c.address);
  const limit = options.maxLoosenings !== undefined ? `--max-loosenings ${max}` : `safety.maxLoosenings ${max} (override for one run with --max-loosenings ${loosenings.length})`;
  return [
    new GuardRefusal(
      'maxLoosenings',
      `${loosenings.length} loosening change${loosenings.length === 1 ? '' : 's'} exceed${loosenings.length === 1 ? 's' : ''} ${limit}: ${list(addresses)}`,
      addresses,
    ),
  ];
}

function orgRoleAfter(change: Change): unknown {
  return looseFields(change.after).role;
}

function checkMinOwners(plan: Plan, live: LiveState, policy: Policy): GuardRefusal[] {
  const owners = new Set([...live.org.members.values()].filter((m) => m.role === 'owner').map((m) => m.email));
  const before = owners.size;
  const lowering: string[] = [];
  for (const change of plan.changes) {
    if (change.kind !== 'org.member' || change.target.email === undefined) continue;
    const email = change.target.email.toLowerCase();
    if (change.action === 'delete' || (change.action === 'update' && orgRoleAfter(change) !== 'owner')) {
      if (owners.delete(email)) lowering.push(change.address);
    } else if (change.action === 'update' && orgRoleAfter(change) === 'owner') {
      owners.add(email);
    }
  }
  const after = owners.size;
  // Only a plan that lowers the count below the floor is refused: an org already under it can still be fixed.
  if (after >= policy.safety.minOwners || after >= before) return [];
  return [
    new GuardRefusal(
      'minOwners',
      `the organization would keep ${after} owner${after === 1 ? '' : 's'}, fewer than safety.minOwners ${policy.safety.minOwners}: ${list(lowering)}`,
      lowering,
    ),
  ];
}

/** The person a change is about (lower-cased), whatever its kind. */
function emailOf(change: Change): string | undefined {
  return looseTarget(change).email?.toLowerCase();
}

function checkProtected(plan: Plan, policy: Policy): GuardRefusal[] {
  const protectedPeople = new Set(policy.safety.protected.map((e) => e.toLowerCase()));
  if (protectedPeople.size === 0) return [];
  const replaced = replacedDeletes(plan);
  const hits = plan.changes.filter(
    (c) => emailOf(c) !== undefined && protectedPeople.has(emailOf(c)!) && takesFromPerson(c) && !replaced.has(c),
  );
  if (hits.length === 0) return [];
  const addresses = hits.map((c) => c.address);
  const people = [...new Set(hits.map((c) => emailOf(c)!))];
  return [
    new GuardRefusal(
      'protected',
      `the plan removes or downgrades protected ${people.length === 1 ? 'person' : 'people'} ${people.join(', ')} (safety.protected): ${list(addresses)}`,
      addresses,
    ),
  ];
}

function checkSelfLockout(plan: Plan, live: LiveState): GuardRefusal[] | string {
  const ownerId = live.adminKeyOwnerId;
  if (ownerId === undefined) {
    return 'the owner of the admin key in use is unknown: the self-lockout check was skipped';
  }
  const owner = [...live.org.members.values()].find((m) => m.id === ownerId);
  const hits = plan.changes.filter(
    (c) =>
      c.kind === 'org.member' &&
      (c.action === 'delete' || (c.action === 'update' && isDowngrade(c))) &&
      (c.target.userId === ownerId || (owner !== undefined && c.target.email?.toLowerCase() === owner.email)),
  );
  if (hits.length === 0) return [];
  const addresses = hits.map((c) => c.address);
  return [
    new GuardRefusal(
      'selfLockout',
      `the plan removes or downgrades ${owner?.email ?? ownerId}, who owns the admin key in use (orgplane would lock itself out): ${list(addresses)}`,
      addresses,
    ),
  ];
}

/** Every guard, with the warnings of checks that could not run. */
export function evaluateGuards(plan: Plan, live: LiveState, policy: Policy, options: GuardOptions = {}): GuardReport {
  const warnings: string[] = [];
  const lockout = checkSelfLockout(plan, live);
  if (typeof lockout === 'string') warnings.push(lockout);
  return {
    refusals: [
      ...checkDeletes(plan, live, policy, options),
      ...checkLoosenings(plan, policy, options),
      ...checkMinOwners(plan, live, policy),
      ...checkProtected(plan, policy),
      ...(typeof lockout === 'string' ? [] : lockout),
    ],
    warnings,
  };
}

/** The refusals alone: empty means the plan may run. */
export function checkGuards(plan: Plan, live: LiveState, policy: Policy, options: GuardOptions = {}): GuardRefusal[] {
  return evaluateGuards(plan, live, policy, options).refusals;
}
