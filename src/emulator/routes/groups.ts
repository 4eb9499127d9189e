// /organization/groups and their users. Removing a group removes its memberships,
// project accesses and role assignments.
import { bodyObject, LIMITS, nextPage, requiredString, type RouteDef } from '../context.js';
import { badRequest, conflict, notFound } from '../http-error.js';
import { newId } from '../ids.js';
import { renderGroup } from '../render.js';
import type { GroupRec } from '../types.js';
import { param, refuseScimManaged, requireGroup } from './lookup.js';

export const groupRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/v1/organization/groups',
    handler: (ctx) => nextPage([...ctx.store.groups.values()], (g) => g.id, renderGroup, ctx.query, LIMITS.groups),
  },
  {
    method: 'POST',
    path: '/v1/organization/groups',
    handler: (ctx) => {
      const name = requiredString(bodyObject(ctx), 'name');
      for (const g of ctx.store.groups.values()) if (g.name === name) throw conflict(`A group named '${name}' already exists.`, 'name');
      const group: GroupRec = { id: newId('group'), name, created_at: ctx.now(), is_scim_managed: false };
      ctx.store.groups.set(group.id, group);
      ctx.audit('group.created', { id: group.id, data: { group_name: name } });
      return renderGroup(group);
    },
  },
  {
    method: 'GET',
    path: '/v1/organization/groups/{group_id}',
    handler: (ctx) => renderGroup(requireGroup(ctx)),
  },
  {
    method: 'POST',
    path: '/v1/organization/groups/{group_id}',
    handler: (ctx) => {
      const group = requireGroup(ctx);
      refuseScimManaged('group', group);
      const name = requiredString(bodyObject(ctx), 'name');
      for (const g of ctx.store.groups.values()) {
        if (g.name === name && g.id !== group.id) throw conflict(`A group named '${name}' already exists.`, 'name');
      }
      group.name = name;
      ctx.audit('group.updated', { id: group.id, changes_requested: { group_name: name } });
      const { group_type: _type, ...rest } = renderGroup(group);
      return rest;
    },
  },
  {
    method: 'DELETE',
    path: '/v1/organization/groups/{group_id}',
    handler: (ctx) => {
      const group = requireGroup(ctx);
      refuseScimManaged('group', group);
      ctx.store.removeGroup(group.id);
      ctx.audit('group.deleted', { id: group.id });
      return { object: 'group.deleted', id: group.id, deleted: true };
    },
  },
  {
    method: 'GET',
    path: '/v1/organization/groups/{group_id}/users',
    handler: (ctx) => {
      const group = requireGroup(ctx);
      const ids = [...(ctx.store.groupMembers.get(group.id)?.keys() ?? [])];
      return nextPage(
        ids,
        (id) => id,
        (id) => {
          const user = ctx.store.users.get(id);
          return { id, name: user?.name ?? '', email: user?.email ?? null };
        },
        ctx.query,
        LIMITS.groups,
        // The spec's default order of group users is desc.
        'desc',
      );
    },
  },
  {
    method: 'POST',
    path: '/v1/organization/groups/{group_id}/users',
    handler: (ctx) => {
      const group = requireGroup(ctx);
      refuseScimManaged('group', group);
      const userId = requiredString(bodyObject(ctx), 'user_id');
      if (!ctx.store.users.has(userId)) throw badRequest(`User '${userId}' is not a member of the organization.`, 'user_id');
      if (ctx.store.groupMembers.get(group.id)?.has(userId) === true) {
        throw conflict(`User '${userId}' is already in group '${group.id}'.`, 'user_id');
      }
      ctx.store.putGroupMember(group.id, userId, ctx.now());
      // The spec's event for it is tenant-scoped (listed only with tenant_only=true), and its
      // AuditLog schema gives the type no payload: none is invented.
      ctx.audit('tenant.group.member.added');
      return { object: 'group.user', user_id: userId, group_id: group.id };
    },
  },
  {
    method: 'GET',
    path: '/v1/organization/groups/{group_id}/users/{user_id}',
    handler: (ctx) => {
      const group = requireGroup(ctx);
      const userId = param(ctx, 'user_id');
      if (ctx.store.groupMembers.get(group.id)?.has(userId) !== true) throw notFound('group user', userId);
      const user = ctx.store.users.get(userId);
      // Spec GroupMemberUser: all six fields required.
      return { id: userId, name: user?.name ?? '', email: user?.email ?? null, picture: null, is_service_account: false, user_type: 'user' };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/organization/groups/{group_id}/users/{user_id}',
    handler: (ctx) => {
      const group = requireGroup(ctx);
      refuseScimManaged('group', group);
      const userId = param(ctx, 'user_id');
      if (ctx.store.groupMembers.get(group.id)?.has(userId) !== true) throw notFound('group user', userId);
      ctx.store.removeGroupMember(group.id, userId);
      ctx.audit('tenant.group.member.removed');
      return { object: 'group.user.deleted', deleted: true };
    },
  },
];
