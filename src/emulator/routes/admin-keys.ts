// /organization/admin_api_keys: the create answer carries the key's value once.
import { bodyObject, cursorPage, LIMITS, requiredString, type RouteDef } from '../context.js';
import { notFound } from '../http-error.js';
import { newId, newSecret } from '../ids.js';
import { renderAdminKey } from '../render.js';
import type { AdminKeyRec } from '../types.js';
import { param } from './lookup.js';

export const adminKeyRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/v1/organization/admin_api_keys',
    handler: (ctx) =>
      cursorPage([...ctx.store.adminKeys.values()], (k) => k.id, (k) => renderAdminKey(ctx.store, k), ctx.query, LIMITS.standard),
  },
  {
    method: 'POST',
    path: '/v1/organization/admin_api_keys',
    handler: (ctx) => {
      const name = requiredString(bodyObject(ctx), 'name');
      const key: AdminKeyRec = { id: newId('key'), name, value: newSecret('admin'), created_at: ctx.now(), last_used_at: null, owner_user_id: ctx.actor.userId };
      ctx.store.putAdminKey(key);
      ctx.audit('api_key.created', { id: key.id, data: { scopes: ['api.organization.admin'] } });
      return { ...renderAdminKey(ctx.store, key), value: key.value };
    },
  },
  {
    method: 'GET',
    path: '/v1/organization/admin_api_keys/{key_id}',
    handler: (ctx) => {
      const id = param(ctx, 'key_id');
      const key = ctx.store.adminKeys.get(id);
      if (!key) throw notFound('admin API key', id);
      return renderAdminKey(ctx.store, key);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/organization/admin_api_keys/{key_id}',
    handler: (ctx) => {
      const id = param(ctx, 'key_id');
      if (!ctx.store.adminKeys.has(id)) throw notFound('admin API key', id);
      ctx.store.removeAdminKey(id);
      ctx.audit('api_key.deleted', { id });
      return { id, object: 'organization.admin_api_key.deleted', deleted: true };
    },
  },
];
