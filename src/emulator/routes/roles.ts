// Roles (organization: /organization/roles; project: /projects/{project_id}/roles) and
// role assignments of users and groups at both levels. Predefined roles are listed with
// `predefined_role: true` and cannot be changed. Assigning a predefined project role is
// answered with a project-scoped id (as the live API may, see API-NOTES).
import type { AssignedRoleDetails } from '../../api/types.js';
import {
  bodyObject,
  LIMITS,
  nextPage,
  optionalString,
  requiredString,
  stringArray,
  type HandlerContext,
  type RouteDef,
} from '../context.js';
import { badRequest, conflict, notFound } from '../http-error.js';
import { newId } from '../ids.js';
import { renderAssignmentGroup, renderRole, renderUser } from '../render.js';
import { roleIdProject, scopedRoleId, unscopeRoleId } from '../roles-catalog.js';
import { nested } from '../store.js';
import type { RoleRec } from '../types.js';
import { param, requireGroup, requireProject, requireUser } from './lookup.js';

type Scope = { kind: 'org' } | { kind: 'project'; projectId: string };

function rolesIn(ctx: HandlerContext, scope: Scope): RoleRec[] {
  return [...ctx.store.roles.values()].filter((r) =>
    scope.kind === 'org'
      ? r.resource_type === 'api.organization'
      : r.resource_type === 'api.project' && (r.project_id === null || r.project_id === scope.projectId),
  );
}

/**
 * Finds a role of the scope by ID only (custom `role_…`, a predefined role's id, or its
 * project-scoped form), as the spec's `role_id` / `role` ("Identifier of the … role") say.
 * A role NAME (`owner`, `Deployer`) is not an id and is a 404, as it would be live.
 */
function resolveRole(ctx: HandlerContext, scope: Scope, ref: string): RoleRec {
  const id = unscopeRoleId(ref);
  const scopedTo = roleIdProject(ref);
  // A scoped id only stands for the role in its own project.
  const inScope = scopedTo === undefined || (scope.kind === 'project' && scopedTo === scope.projectId);
  const role = inScope ? rolesIn(ctx, scope).find((r) => r.id === id) : undefined;
  if (!role) throw notFound('role', ref);
  return role;
}

/** Key of an assignment in the store's `roleAssignmentIds`. */
export function assignmentKey(resourceId: string, principalType: 'user' | 'group', principalId: string, roleId: string): string {
  return `${resourceId}|${principalType}|${principalId}|${roleId}`;
}

function wireRoleId(role: RoleRec, scope: Scope): string {
  return role.predefined_role && scope.kind === 'project' ? scopedRoleId(role.id, scope.projectId) : role.id;
}

function assigned(role: RoleRec, scope: Scope, principalId: string, principalType: 'user' | 'group'): AssignedRoleDetails {
  return {
    id: wireRoleId(role, scope),
    name: role.name,
    permissions: [...role.permissions],
    resource_type: role.resource_type,
    predefined_role: role.predefined_role,
    description: role.description,
    created_at: role.created_at,
    updated_at: role.updated_at,
    created_by: null,
    created_by_user_obj: null,
    metadata: null,
    assignment_sources: [{ principal_id: principalId, principal_type: principalType }],
  };
}

function roleCrudRoutes(prefix: string, scopeOf: (ctx: HandlerContext) => Scope): RouteDef[] {
  const requireOwnRole = (ctx: HandlerContext): RoleRec => {
    const scope = scopeOf(ctx);
    const id = param(ctx, 'role_id');
    const role = rolesIn(ctx, scope).find((r) => r.id === unscopeRoleId(id));
    if (!role) throw notFound('role', id);
    if (role.predefined_role) throw badRequest(`Role '${id}' is predefined and cannot be changed.`, 'role_id');
    return role;
  };
  const resourceId = (ctx: HandlerContext, scope: Scope): string => (scope.kind === 'org' ? ctx.store.org.id : scope.projectId);
  return [
    {
      method: 'GET',
      path: prefix,
      handler: (ctx) => nextPage(rolesIn(ctx, scopeOf(ctx)), (r) => r.id, renderRole, ctx.query, LIMITS.roles),
    },
    {
      method: 'GET',
      path: `${prefix}/{role_id}`,
      handler: (ctx) => {
        // Predefined roles too (they are listed); a scoped id names its project's copy.
        const scope = scopeOf(ctx);
        const role = resolveRole(ctx, scope, param(ctx, 'role_id'));
        return scope.kind === 'project' ? roleWithScope(role, scope) : renderRole(role);
      },
    },
    {
      method: 'POST',
      path: prefix,
      handler: (ctx) => {
        const scope = scopeOf(ctx);
        const body = bodyObject(ctx);
        const name = requiredString(body, 'role_name');
        const permissions = stringArray(body, 'permissions');
        if (rolesIn(ctx, scope).some((r) => r.name === name)) throw conflict(`A role named '${name}' already exists.`, 'role_name');
        const now = ctx.now();
        const role: RoleRec = {
          id: newId('role'),
          name,
          description: optionalString(body, 'description') ?? null,
          permissions,
          resource_type: scope.kind === 'org' ? 'api.organization' : 'api.project',
          predefined_role: false,
          project_id: scope.kind === 'org' ? null : scope.projectId,
          created_at: now,
          updated_at: now,
        };
        ctx.store.roles.set(role.id, role);
        ctx.audit(
          'role.created',
          { id: role.id, role_name: name, permissions, resource_type: role.resource_type, resource_id: resourceId(ctx, scope) },
          scope.kind === 'project' ? scope.projectId : undefined,
        );
        return renderRole(role);
      },
    },
    {
      method: 'POST',
      path: `${prefix}/{role_id}`,
      handler: (ctx) => {
        const scope = scopeOf(ctx);
        const role = requireOwnRole(ctx);
        const body = bodyObject(ctx);
        const changes: Record<string, unknown> = {};
        const name = optionalString(body, 'role_name');
        if (name !== undefined && name !== role.name) {
          if (rolesIn(ctx, scope).some((r) => r.name === name)) throw conflict(`A role named '${name}' already exists.`, 'role_name');
          changes.role_name = name;
          role.name = name;
        }
        if (body.permissions !== undefined && body.permissions !== null) {
          const permissions = stringArray(body, 'permissions');
          changes.permissions_added = permissions.filter((p) => !role.permissions.includes(p));
          changes.permissions_removed = role.permissions.filter((p) => !permissions.includes(p));
          role.permissions = permissions;
        }
        if (body.description !== undefined) {
          role.description = optionalString(body, 'description') ?? null;
          changes.description = role.description ?? '';
        }
        role.updated_at = ctx.now();
        ctx.audit('role.updated', { id: role.id, changes_requested: changes }, scope.kind === 'project' ? scope.projectId : undefined);
        return renderRole(role);
      },
    },
    {
      method: 'DELETE',
      path: `${prefix}/{role_id}`,
      handler: (ctx) => {
        const scope = scopeOf(ctx);
        const role = requireOwnRole(ctx);
        ctx.store.removeRole(role.id);
        ctx.audit('role.deleted', { id: role.id }, scope.kind === 'project' ? scope.projectId : undefined);
        return { object: 'role.deleted', id: role.id, deleted: true };
      },
    },
  ];
}

interface AssignmentTarget {
  scope: Scope;
  principalType: 'user' | 'group';
  principalId: string;
  /** role id → assigned_at for this principal (created on demand). */
  assignments(create: boolean): Map<string, number> | undefined;
  render(role: RoleRec): unknown;
}

function assignmentRoutes(path: string, targetOf: (ctx: HandlerContext) => AssignmentTarget): RouteDef[] {
  // Spec AuditLog `role.assignment.*`: `id` is the ASSIGNMENT's id (no role id in the payload).
  const audit = (ctx: HandlerContext, type: 'role.assignment.created' | 'role.assignment.deleted', t: AssignmentTarget, role: RoleRec): void => {
    const resourceId = t.scope.kind === 'org' ? ctx.store.org.id : t.scope.projectId;
    const key = assignmentKey(resourceId, t.principalType, t.principalId, role.id);
    if (type === 'role.assignment.created') ctx.store.roleAssignmentIds.set(key, newId('role_assignment'));
    const id = ctx.store.roleAssignmentId(key, () => newId('role_assignment'));
    if (type === 'role.assignment.deleted') ctx.store.roleAssignmentIds.delete(key);
    ctx.audit(
      type,
      {
        id,
        principal_id: t.principalId,
        principal_type: t.principalType,
        resource_id: resourceId,
        resource_type: t.scope.kind === 'org' ? 'api.organization' : 'api.project',
      },
      t.scope.kind === 'project' ? t.scope.projectId : undefined,
    );
  };
  return [
    {
      method: 'GET',
      path,
      handler: (ctx) => {
        const t = targetOf(ctx);
        const roles = [...(t.assignments(false)?.keys() ?? [])].flatMap((id) => {
          const role = ctx.store.roles.get(id);
          return role ? [role] : [];
        });
        return nextPage(roles, (r) => wireRoleId(r, t.scope), (r) => assigned(r, t.scope, t.principalId, t.principalType), ctx.query, LIMITS.roleAssignments);
      },
    },
    {
      method: 'POST',
      path,
      handler: (ctx) => {
        const t = targetOf(ctx);
        const role = resolveRole(ctx, t.scope, requiredString(bodyObject(ctx), 'role_id'));
        const map = t.assignments(true);
        if (map?.has(role.id) === true) throw conflict(`Role '${role.id}' is already assigned.`, 'role_id');
        map?.set(role.id, ctx.now());
        audit(ctx, 'role.assignment.created', t, role);
        return t.render(role);
      },
    },
    {
      method: 'GET',
      path: `${path}/{role_id}`,
      handler: (ctx) => {
        const t = targetOf(ctx);
        const ref = param(ctx, 'role_id');
        const role = heldRole(ctx, t, ref);
        return assigned(role, t.scope, t.principalId, t.principalType);
      },
    },
    {
      method: 'DELETE',
      path: `${path}/{role_id}`,
      handler: (ctx) => {
        const t = targetOf(ctx);
        const ref = param(ctx, 'role_id');
        const map = t.assignments(false);
        const roleId = unscopeRoleId(ref);
        const scopedTo = roleIdProject(ref);
        const inScope = scopedTo === undefined || (t.scope.kind === 'project' && scopedTo === t.scope.projectId);
        const role = ctx.store.roles.get(roleId);
        if (!inScope || !role || map?.has(roleId) !== true) throw notFound('role assignment', ref);
        map.delete(roleId);
        audit(ctx, 'role.assignment.deleted', t, role);
        return { object: t.principalType === 'user' ? 'user.role.deleted' : 'group.role.deleted', deleted: true };
      },
    },
  ];
}

/** The role `ref` (plain or project-scoped id) as assigned to the target; 404 when it is not. */
function heldRole(ctx: HandlerContext, t: AssignmentTarget, ref: string): RoleRec {
  const roleId = unscopeRoleId(ref);
  const scopedTo = roleIdProject(ref);
  const inScope = scopedTo === undefined || (t.scope.kind === 'project' && scopedTo === t.scope.projectId);
  const role = ctx.store.roles.get(roleId);
  if (!inScope || !role || t.assignments(false)?.has(roleId) !== true) throw notFound('role assignment', ref);
  return role;
}

function groupForAssignment(ctx: HandlerContext, groupId: string): unknown {
  return renderAssignmentGroup(requireGroup(ctx, groupId));
}

function roleWithScope(role: RoleRec, scope: Scope): unknown {
  return { ...renderRole(role), id: wireRoleId(role, scope) };
}

export const roleRoutes: RouteDef[] = [
  ...roleCrudRoutes('/v1/organization/roles', () => ({ kind: 'org' })),
  ...roleCrudRoutes('/v1/projects/{project_id}/roles', (ctx) => {
    const project = requireProject(ctx);
    return { kind: 'project', projectId: project.id };
  }),
  ...assignmentRoutes('/v1/organization/users/{user_id}/roles', (ctx) => {
    const user = requireUser(ctx);
    const scope: Scope = { kind: 'org' };
    return {
      scope,
      principalType: 'user',
      principalId: user.id,
      assignments: (create) => (create ? nested(ctx.store.userRoles, user.id, () => new Map<string, number>()) : ctx.store.userRoles.get(user.id)),
      render: (role) => ({ object: 'user.role', user: renderUser(user, ctx.store), role: roleWithScope(role, scope) }),
    };
  }),
  ...assignmentRoutes('/v1/organization/groups/{group_id}/roles', (ctx) => {
    const group = requireGroup(ctx);
    const scope: Scope = { kind: 'org' };
    return {
      scope,
      principalType: 'group',
      principalId: group.id,
      assignments: (create) => (create ? nested(ctx.store.groupRoles, group.id, () => new Map<string, number>()) : ctx.store.groupRoles.get(group.id)),
      render: (role) => ({ object: 'group.role', group: groupForAssignment(ctx, group.id), role: roleWithScope(role, scope) }),
    };
  }),
  ...assignmentRoutes('/v1/projects/{project_id}/users/{user_id}/roles', (ctx) => {
    const project = requireProject(ctx);
    const user = requireUser(ctx);
    const scope: Scope = { kind: 'project', projectId: project.id };
    return {
      scope,
      principalType: 'user',
      principalId: user.id,
      assignments: (create) => {
        if (create && ctx.store.projectMembers.get(project.id)?.has(user.id) !== true) {
          throw badRequest(`User '${user.id}' is not a member of project '${project.id}'; add them first.`, 'user_id');
        }
        const byUser = create ? nested(ctx.store.projectUserRoles, project.id, () => new Map<string, Map<string, number>>()) : ctx.store.projectUserRoles.get(project.id);
        return create && byUser ? nested(byUser, user.id, () => new Map<string, number>()) : byUser?.get(user.id);
      },
      render: (role) => ({ object: 'user.role', user: renderUser(user, ctx.store), role: roleWithScope(role, scope) }),
    };
  }),
  ...assignmentRoutes('/v1/projects/{project_id}/groups/{group_id}/roles', (ctx) => {
    const project = requireProject(ctx);
    const group = requireGroup(ctx);
    const scope: Scope = { kind: 'project', projectId: project.id };
    return {
      scope,
      principalType: 'group',
      principalId: group.id,
      assignments: (create) => {
        if (create && ctx.store.projectGroups.get(project.id)?.has(group.id) !== true) {
          throw badRequest(`Group '${group.id}' has no access to project '${project.id}'; add the group to the project first.`, 'group_id');
        }
        const byGroup = create ? nested(ctx.store.projectGroupRoles, project.id, () => new Map<string, Map<string, number>>()) : ctx.store.projectGroupRoles.get(project.id);
        return create && byGroup ? nested(byGroup, group.id, () => new Map<string, number>()) : byGroup?.get(group.id);
      },
      render: (role) => ({ object: 'group.role', group: groupForAssignment(ctx, group.id), role: roleWithScope(role, scope) }),
    };
  }),
];

export { resolveRole };
export type { Scope };
