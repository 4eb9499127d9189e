// Decides what to read: only what the manifests and the policy manage, because requests
// are the scarce resource (API-NOTES: a handful per minute per admin endpoint).
import { isStageReference, KINDS, type KindScope, type LiveReadHookView } from '../kinds/index.js';
import type { DesiredState, Project } from '../model/types.js';
import type { ProjectReadScope, ReadScope, Selection } from './types.js';

export const NO_PROJECT_CHILDREN: ProjectReadScope = {
  members: false,
  memberRoles: new Set(),
  groups: false,
  roles: false,
  serviceAccounts: false,
  rateLimits: false,
  certificates: false,
  apiKeys: false,
};

const ALL_PROJECT_CHILDREN: ProjectReadScope = {
  members: true,
  memberRoles: 'all',
  groups: true,
  roles: true,
  serviceAccounts: true,
  rateLimits: true,
  certificates: true,
  apiKeys: false,
};

export function selects(selection: Selection, key: string): boolean {
  return selection === 'all' || selection.has(key);
}

export function isEmptySelection(selection: Selection): boolean {
  return selection !== 'all' && selection.size === 0;
}

/** The read scope a desired state needs. Users, invites and projects are always read. */
export function readScopeFor(desired: DesiredState): ReadScope {
  const { org, policy } = desired;
  const members = [...org.members.values()];
  const groups = org.groups === undefined ? [] : [...org.groups.values()];
  const projects = [...org.projects.values()];

  const userRoles = new Set(members.filter((m) => m.roles !== undefined).map((m) => m.email.toLowerCase()));
  const groupMembers = new Set(groups.filter((g) => g.members !== undefined).map((g) => g.name));
  const groupRoles = new Set(groups.filter((g) => g.roles !== undefined).map((g) => g.name));
  const readGroups = org.groups !== undefined || policy.prune.groups !== 'ignore';
  // Role ids are needed to assign roles, custom or predefined, so any role reference reads them.
  const orgRoles =
    org.roles !== undefined || policy.prune.roles !== 'ignore' || userRoles.size > 0 || groupRoles.size > 0;
  const certificates =
    org.certificates !== undefined || projects.some((p) => p.status !== 'archived' && p.certificates !== undefined);
  const apiKeys = policy.rules.apiKeyMaxIdleDays !== undefined;
  const ownerCount = policy.rules.maxProjectOwners !== undefined;

  const byId = new Map<string, ProjectReadScope>();
  const byName = new Map<string, ProjectReadScope>();
  for (const project of projects) {
    const children = projectScope(project, { apiKeys, ownerCount });
    // An archived project's children are not read, descriptor kinds included.
    const scope = project.status === 'archived' ? children : { ...children, ...extensionsWanted('project', desired, project) };
    if (project.id !== undefined) byId.set(project.id, scope);
    else byName.set(project.name, scope);
  }
  return {
    userRoles,
    groups: readGroups,
    groupMembers: readGroups ? groupMembers : new Set(),
    groupRoles: readGroups ? groupRoles : new Set(),
    orgRoles,
    certificates,
    certificateContent: false,
    projects: { byId, byName, others: { ...NO_PROJECT_CHILDREN, apiKeys } },
    ...extensionsWanted('org', desired),
  };
}

/** The kinds read through their descriptor that the manifests want read (org-wide, or for one project). */
function extensionsWanted(scope: KindScope, desired: DesiredState, project?: Project): { extensions?: ReadonlySet<string> } {
  const kinds = new Set(
    KINDS.filter((d) => {
      const hook = d.live.read as LiveReadHookView | { by: string };
      return !isStageReference(hook) && hook.scope === scope && hook.wanted(desired, project);
    }).map((d) => d.kind),
  );
  return kinds.size === 0 ? {} : { extensions: kinds };
}

/** Every kind read through its descriptor, at one scope (for import). */
function allExtensions(scope: KindScope): { extensions?: ReadonlySet<string> } {
  const kinds = new Set(
    KINDS.filter((d) => {
      const hook = d.live.read as LiveReadHookView | { by: string };
      return !isStageReference(hook) && hook.scope === scope;
    }).map((d) => d.kind),
  );
  return kinds.size === 0 ? {} : { extensions: kinds };
}

function projectScope(project: Project, rules: { apiKeys: boolean; ownerCount: boolean }): ProjectReadScope {
  // An archived project's children are not managed: it only has to be (or become) archived.
  if (project.status === 'archived') return NO_PROJECT_CHILDREN;
  const members = project.members === undefined ? [] : [...project.members.values()];
  const groups = project.groups === undefined ? [] : [...project.groups.values()];
  const memberRoles = new Set(members.filter((m) => m.roles !== undefined).map((m) => m.email.toLowerCase()));
  const groupRoles = groups.some((g) => g.roles !== undefined);
  return {
    members: project.members !== undefined || rules.ownerCount,
    memberRoles,
    groups: project.groups !== undefined,
    // Adding a group or assigning any role needs the role ids (predefined ones included).
    roles: project.roles !== undefined || memberRoles.size > 0 || groupRoles || project.groups !== undefined,
    serviceAccounts: project.serviceAccounts !== undefined,
    rateLimits: project.rateLimits !== undefined,
    certificates: project.certificates !== undefined,
    apiKeys: rules.apiKeys,
  };
}

/** Everything manageable, for `import`: every project's children, certificate contents. */
export function fullReadScope(options: { certificateContent?: boolean } = {}): ReadScope {
  return {
    userRoles: 'all',
    groups: true,
    groupMembers: 'all',
    groupRoles: 'all',
    orgRoles: true,
    certificates: true,
    certificateContent: options.certificateContent ?? true,
    projects: { byId: new Map(), byName: new Map(), others: { ...ALL_PROJECT_CHILDREN, ...allExtensions('project') } },
    ...allExtensions('org'),
  };
}

/** The scope of one live project: pinned id first, then name, then the default for undeclared ones. */
export function projectScopeFor(scope: ReadScope, project: { id: string; name: string }): ProjectReadScope {
  return scope.projects.byId.get(project.id) ?? scope.projects.byName.get(project.name) ?? scope.projects.others;
}
