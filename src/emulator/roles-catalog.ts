// Predefined roles the API lists with `predefined_role: true`. Assigning a predefined
// project role may be answered with a project-scoped id (API-NOTES), e.g.
// `role-api-project-owner__api-project__proj_abc`; the emulator does so to keep clients honest.
import type { RoleRec } from './types.js';

const ORG_PERMISSIONS = ['api.organization.read'];

export const PREDEFINED_ROLES: readonly RoleRec[] = [
  predefined('role-api-organization-owner', 'owner', 'api.organization', 'Full control of the organization', [
    ...ORG_PERMISSIONS,
    'api.organization.write',
  ]),
  predefined('role-api-organization-reader', 'reader', 'api.organization', 'Read access to the organization', ORG_PERMISSIONS),
  predefined('role-api-project-owner', 'owner', 'api.project', 'Full control of the project', [
    'api.project.read',
    'api.project.write',
  ]),
  predefined('role-api-project-member', 'member', 'api.project', 'Use the project', ['api.project.read', 'api.model.request']),
  predefined('role-api-project-viewer', 'viewer', 'api.project', 'Read the project', ['api.project.read']),
];

function predefined(
  id: string,
  name: string,
  resourceType: RoleRec['resource_type'],
  description: string,
  permissions: string[],
): RoleRec {
  return {
    id,
    name,
    description,
    permissions,
    resource_type: resourceType,
    predefined_role: true,
    project_id: null,
    created_at: 0,
    updated_at: 0,
  };
}

const SCOPE_SEPARATOR = '__api-project__';

/** `role-api-project-owner__api-project__proj_x` → `role-api-project-owner`. */
export function unscopeRoleId(id: string): string {
  const at = id.indexOf(SCOPE_SEPARATOR);
  return at < 0 ? id : id.slice(0, at);
}

/** The project a scoped role id names (`…__api-project__proj_x` → `proj_x`), or undefined for a plain id. */
export function roleIdProject(id: string): string | undefined {
  const at = id.indexOf(SCOPE_SEPARATOR);
  return at < 0 ? undefined : id.slice(at + SCOPE_SEPARATOR.length);
}

export function scopedRoleId(roleId: string, projectId: string): string {
  return `${roleId}${SCOPE_SEPARATOR}${projectId}`;
}
