// What one part of the diff tells another (who is leaving, what this plan creates), worked
// out once from the inputs before any diff function runs: the diff reads them, never adds
// to them, so the order of the diff functions cannot change a plan.
import type { DesiredState, LiveState, Project } from '../model/types.js';

export interface DiffFacts {
  /** Desired people who are not live members: their project access travels with their invite. */
  readonly notMembers: ReadonlySet<string>;
  /** Live members being deleted (prune.members: delete, not SCIM-managed): their project and group removals are implied, not planned. */
  readonly leaving: ReadonlySet<string>;
  /** Desired active projects (by name) created by this plan. */
  readonly newProjects: ReadonlySet<string>;
  /** Desired groups created by this plan. */
  readonly newGroups: ReadonlySet<string>;
  /** Desired custom org roles created by this plan (a predefined name is never created). */
  readonly newOrgRoles: ReadonlySet<string>;
  /** Desired certificates uploaded by this plan. */
  readonly newCertificates: ReadonlySet<string>;
  /** Desired project name → matching live project (by pinned id, else by name). */
  readonly liveProjects: ReadonlyMap<string, Project>;
}

/** Pure: the same inputs give the same facts, and the inputs are not changed. */
export function diffFacts(desired: DesiredState, live: LiveState): DiffFacts {
  const liveProjects = matchProjects(desired, live);
  const { org } = desired;
  const missing = (wanted: ReadonlyMap<string, unknown> | undefined, have: ReadonlyMap<string, unknown> | undefined): Set<string> =>
    new Set([...(wanted?.keys() ?? [])].filter((name) => have?.has(name) !== true));
  return {
    notMembers: new Set([...org.members.keys()].filter((email) => !live.org.members.has(email))),
    leaving: new Set(
      desired.policy.prune.members !== 'delete'
        ? []
        : [...live.org.members].filter(([email, member]) => !org.members.has(email) && member.scimManaged !== true).map(([email]) => email),
    ),
    newProjects: new Set([...org.projects].filter(([name, project]) => project.status === 'active' && !liveProjects.has(name)).map(([name]) => name)),
    newGroups: missing(org.groups, live.org.groups),
    // A name missing live may still be a predefined role: declaring it is a warning, not a create.
    newOrgRoles: new Set([...missing(org.roles, live.org.roles)].filter((name) => !live.predefinedRoles.org.has(name))),
    newCertificates: missing(org.certificates, live.org.certificates),
    liveProjects,
  };
}

function matchProjects(desired: DesiredState, live: LiveState): Map<string, Project> {
  const liveProjects = new Map<string, Project>();
  const liveById = new Map<string, Project>();
  for (const project of live.org.projects.values()) {
    if (project.id !== undefined) liveById.set(project.id, project);
  }
  for (const [name, project] of desired.org.projects) {
    const match = project.id !== undefined ? liveById.get(project.id) : live.org.projects.get(name);
    if (match !== undefined) liveProjects.set(name, match);
  }
  return liveProjects;
}
