// Small builders for plans, changes and live states in apply tests.
import type { LiveState, Member, OrgModel, Policy, Project } from '../../../src/model/types.js';
import { DEFAULT_POLICY } from '../../../src/model/types.js';
import type { Change, ChangeAction, ChangeBase, ChangeTarget, Plan, ResourceKind } from '../../../src/plan/types.js';
import { PLAN_FORMAT_VERSION } from '../../../src/plan/types.js';

export function change(
  kind: ResourceKind,
  action: ChangeAction,
  address: string,
  // Loose on purpose: tests build changes of any kind, some incomplete.
  fields: Partial<Omit<ChangeBase, 'address'>> & { target?: ChangeTarget; before?: Record<string, unknown>; after?: Record<string, unknown> } = {},
): Change {
  return {
    address,
    kind,
    action,
    target: {},
    reason: 'test',
    destructive: action === 'delete' || action === 'unassign' || action === 'archive',
    dependsOn: [],
    ...fields,
  } as Change;
}

export function planOf(changes: Change[]): Plan {
  const summary = { create: 0, update: 0, delete: 0, invite: 0, archive: 0, assign: 0, unassign: 0 };
  for (const c of changes) summary[c.action] += 1;
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    revision: 'test',
    liveFingerprint: 'fp-test',
    createdAt: '2026-01-01T00:00:00.000Z',
    changes,
    conflicts: [],
    unmanaged: [],
    findings: [],
    summary,
    read: { objects: 0, requests: 0 },
  };
}

export function liveOf(
  org: Partial<Omit<OrgModel, 'members' | 'projects'>> & { members?: Member[]; projects?: Project[] } = {},
  extra: Partial<Pick<LiveState, 'adminKeyOwnerId'>> = {},
): LiveState {
  const { members = [], projects = [], ...rest } = org;
  return {
    org: {
      invites: new Map(),
      ...rest,
      members: new Map(members.map((m) => [m.email, m])),
      projects: new Map(projects.map((p) => [p.name, p])),
    },
    predefinedRoles: { org: new Map(), project: new Map() },
    stats: { objects: 0, requests: 0, byRoute: {} },
    ...extra,
  };
}

export function policyWith(safety: Partial<Policy['safety']> = {}): Policy {
  return { ...DEFAULT_POLICY, safety: { ...DEFAULT_POLICY.safety, maxDeletes: 100, maxDeletePercent: 100, ...safety } };
}

export const noSleep = (): Promise<void> => Promise.resolve();

/** A sink that keeps secrets in memory (tests only). */
export function memorySink(): { sink: { write: (s: { key: string; project: string; name: string }) => Promise<{ location: string }> }; keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    sink: {
      write: (secret) => {
        keys.push(secret.key);
        return Promise.resolve({ location: `memory://${secret.project}/${secret.name}` });
      },
    },
  };
}
