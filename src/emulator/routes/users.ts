// /organization/users: people join through invites; they can be read, re-roled and removed.
import { bodyObject, cursorPage, LIMITS, oneOf, queryArray, requiredString, type RouteDef } from '../context.js';
import { renderUser } from '../render.js';
import type { UserRec } from '../types.js';
import { refuseScimManaged, requireUser } from './lookup.js';

export const userRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/v1/organization/users',
    handler: (ctx) => {
      const emails = queryArray(ctx.query, 'emails').map((e) => e.toLowerCase());
      let users: UserRec[];
      if (emails.length > 0) {
        users = emails.flatMap((email) => {
          const user = ctx.store.userByEmail(email);
          return user ? [user] : [];
        });
        users.sort((a, b) => a.added_at - b.added_at);
      } else {
        users = [...ctx.store.users.values()];
      }
      return cursorPage(users, (u) => u.id, (u) => renderUser(u), ctx.query, LIMITS.standard);
    },
  },
  {
    method: 'GET',
    path: '/v1/organization/users/{user_id}',
    handler: (ctx) => renderUser(requireUser(ctx), ctx.store),
  },
  {
    method: 'POST',
    path: '/v1/organization/users/{user_id}',
    handler: (ctx) => {
      const user = requireUser(ctx);
      refuseScimManaged('user', user);
      const role = oneOf(requiredString(bodyObject(ctx), 'role'), ['owner', 'reader'] as const, 'role');
      user.role = role;
      ctx.audit('user.updated', { id: user.id, changes_requested: { role } });
      return renderUser(user, ctx.store);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/organization/users/{user_id}',
    handler: (ctx) => {
      const user = requireUser(ctx);
      refuseScimManaged('user', user);
      ctx.store.removeUser(user.id);
      ctx.audit('user.deleted', { id: user.id });
      return { object: 'organization.user.deleted', id: user.id, deleted: true };
    },
  },
];
