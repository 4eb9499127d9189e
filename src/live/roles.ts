// Role assignments come back as role objects. Compare them by name (API-NOTES: predefined
// role ids can come back scoped, `role-api-project-owner__api-project__proj_…`).
import type { OrgRole, ProjectRole } from '../model/types.js';

/** Drops the `__scope…` suffix the API may append to predefined role ids. */
export function unscopedRoleId(id: string): string {
  const cut = id.indexOf('__');
  return cut === -1 ? id : id.slice(0, cut);
}

interface RoleLike {
  id: string;
  name: string;
  predefined_role: boolean;
}

const BASE_ROLE_IDS: Record<string, OrgRole | ProjectRole> = {
  'role-api-organization-owner': 'owner',
  'role-api-organization-reader': 'reader',
  'role-api-project-owner': 'owner',
  'role-api-project-member': 'member',
};

/**
 * The base membership role (org owner/reader, project owner/member) a predefined role
 * stands for, by unscoped id or by name ("Owner", "Project member"…); undefined for others.
 */
export function baseRoleOf(role: RoleLike, level: 'org'): OrgRole | undefined;
export function baseRoleOf(role: RoleLike, level: 'project'): ProjectRole | undefined;
export function baseRoleOf(role: RoleLike, level: 'org' | 'project'): OrgRole | ProjectRole | undefined {
  if (!role.predefined_role) return undefined;
  const allowed: readonly string[] = level === 'org' ? ['owner', 'reader'] : ['owner', 'member'];
  const byId = BASE_ROLE_IDS[unscopedRoleId(role.id)];
  if (byId !== undefined) return allowed.includes(byId) ? byId : undefined;
  const name = role.name.trim().toLowerCase().replace(/^(organization|org|project)[\s_-]+/, '');
  return allowed.includes(name) ? (name as OrgRole | ProjectRole) : undefined;
}

/** The predefined project role ids standing for owner and member, unscoped (the API may answer them scoped: reference/API-NOTES.md). */
export const PROJECT_BASE_ROLE_IDS: Readonly<Record<ProjectRole, string>> = {
  owner: 'role-api-project-owner',
  member: 'role-api-project-member',
};

/**
 * A project group's base role is only visible as one of its project-role assignments
 * (spec ProjectGroup has no role): owner when an owner-like predefined role is assigned,
 * member when a member-like one is. Neither the spec nor the reference says the grant is
 * listed there, so when no base role is listed the role is null, unknown: never guessed as
 * member, which would turn a group owner into a remove-and-re-add on every apply. The
 * other assignments are the group's `roles`.
 */
export function splitProjectGroupRoles(assigned: readonly RoleLike[]): { role: ProjectRole | null; roles: string[] } {
  const bases = assigned.map((r) => baseRoleOf(r, 'project'));
  const role: ProjectRole | null = bases.includes('owner') ? 'owner' : bases.includes('member') ? 'member' : null;
  const roles = assigned.filter((_, i) => bases[i] === undefined).map((r) => r.name);
  return { role, roles };
}

/** Assigned role names minus the predefined role equal to the base membership role (not a separate assignment). */
export function extraRoleNames(
  assigned: readonly RoleLike[],
  level: 'org' | 'project',
  base: OrgRole | ProjectRole | null,
): string[] {
  return assigned
    .filter((r) => (level === 'org' ? baseRoleOf(r, 'org') : baseRoleOf(r, 'project')) !== base)
    .map((r) => r.name);
}
