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

/**
 * A project group's base role is only visible as one of its project-role assignments:
 * owner when an owner-like predefined role is assigned, else member. The other
 * assignments are the group's `roles`.
 */
export function splitProjectGroupRoles(assigned: readonly RoleLike[]): { role: ProjectRole; roles: string[] } {
  const bases = assigned.map((r) => baseRoleOf(r, 'project'));
  const role: ProjectRole = bases.includes('owner') ? 'owner' : 'member';
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
