// Builds small desired states for the scope tests.
import {
  DEFAULT_POLICY,
  type DesiredState,
  type Group,
  type Member,
  type Policy,
  type Project,
  type PrunePolicy,
  type PolicyRules,
  type Role,
  type Certificate,
} from '../../src/model/types.js';

export interface DesiredInput {
  members?: Member[];
  groups?: Group[];
  roles?: Role[];
  certificates?: Certificate[];
  projects?: Project[];
  prune?: Partial<PrunePolicy>;
  rules?: PolicyRules;
}

export function desired(input: DesiredInput = {}): DesiredState {
  const policy: Policy = {
    ...DEFAULT_POLICY,
    prune: { ...DEFAULT_POLICY.prune, ...input.prune },
    rules: input.rules ?? {},
  };
  return {
    org: {
      members: new Map((input.members ?? []).map((m) => [m.email, m])),
      invites: new Map(),
      ...(input.groups === undefined ? {} : { groups: new Map(input.groups.map((g) => [g.name, g])) }),
      ...(input.roles === undefined ? {} : { roles: new Map(input.roles.map((r) => [r.name, r])) }),
      ...(input.certificates === undefined
        ? {}
        : { certificates: new Map(input.certificates.map((c) => [c.name, c])) }),
      projects: new Map((input.projects ?? []).map((p) => [p.name, p])),
    },
    policy,
    revision: 'test',
  };
}

/** Prune nothing: only what the manifests declare is read. */
export const IGNORE_ALL: PrunePolicy = {
  members: 'ignore',
  invites: 'ignore',
  groups: 'ignore',
  roles: 'ignore',
  projects: 'ignore',
  projectMembers: 'ignore',
  projectGroups: 'ignore',
  serviceAccounts: 'ignore',
};
