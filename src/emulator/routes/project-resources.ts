// Per-project resources: service accounts, API keys, rate limits and group access.
import type { ProjectServiceAccountCreateResponse } from '../../api/types.js';
import { bodyObject, cursorPage, type HandlerContext, LIMITS, nextPage, requiredString, type RouteDef } from '../context.js';
import { badRequest, conflict, notFound } from '../http-error.js';
import { newId, newSecret } from '../ids.js';
import { renderProjectApiKey, renderRateLimit, renderServiceAccount } from '../render.js';
import { nested } from '../store.js';
import type { ProjectApiKeyRec, ProjectGroupRec, RateLimitRec, ServiceAccountRec } from '../types.js';
import { param, requireActiveProject, requireGroup, requireProject } from './lookup.js';
import { assignmentKey, resolveRole } from './roles.js';

const RATE_LIMIT_FIELDS = [
  'max_requests_per_1_minute',
  'max_tokens_per_1_minute',
  'max_images_per_1_minute',
  'max_audio_megabytes_per_1_minute',
  'max_requests_per_1_day',
  'batch_1_day_max_input_tokens',
] as const;

export const projectResourceRoutes: RouteDef[] = [
  // --- service accounts ----------------------------------------------------------
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}/service_accounts',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const accounts = [...(ctx.store.serviceAccounts.get(project.id)?.values() ?? [])];
      return cursorPage(accounts, (a) => a.id, renderServiceAccount, ctx.query, LIMITS.standard);
    },
  },
  {
    method: 'POST',
    path: '/v1/organization/projects/{project_id}/service_accounts',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      const body = bodyObject(ctx);
      const name = requiredString(body, 'name');
      const now = ctx.now();
      const account: ServiceAccountRec = { id: newId('service_account'), name, role: 'member', created_at: now };
      nested(ctx.store.serviceAccounts, project.id, () => new Map<string, ServiceAccountRec>()).set(account.id, account);
      let apiKey: ProjectServiceAccountCreateResponse['api_key'] = null;
      if (body.create_service_account_only !== true) {
        const key: ProjectApiKeyRec = {
          id: newId('key'),
          name: 'Secret Key',
          value: newSecret('svcacct'),
          created_at: now,
          last_used_at: null,
          owner: { type: 'service_account', service_account_id: account.id },
        };
        nested(ctx.store.projectApiKeys, project.id, () => new Map<string, ProjectApiKeyRec>()).set(key.id, key);
        // The key's value is answered once, here, and never again.
        apiKey = { object: 'organization.project.service_account.api_key', value: key.value, name: key.name, created_at: key.created_at, id: key.id };
      }
      ctx.audit('service_account.created', { id: account.id, data: { role: account.role } }, project.id);
      return { ...renderServiceAccount(account), role: 'member', api_key: apiKey } satisfies ProjectServiceAccountCreateResponse;
    },
  },
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}/service_accounts/{service_account_id}',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const id = param(ctx, 'service_account_id');
      const account = ctx.store.serviceAccounts.get(project.id)?.get(id);
      if (!account) throw notFound('service account', id);
      return renderServiceAccount(account);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/organization/projects/{project_id}/service_accounts/{service_account_id}',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      const id = param(ctx, 'service_account_id');
      const accounts = ctx.store.serviceAccounts.get(project.id);
      if (!accounts?.has(id)) throw notFound('service account', id);
      accounts.delete(id);
      const keys = ctx.store.projectApiKeys.get(project.id);
      for (const key of [...(keys?.values() ?? [])]) {
        if (key.owner.type === 'service_account' && key.owner.service_account_id === id) keys?.delete(key.id);
      }
      ctx.audit('service_account.deleted', { id }, project.id);
      return { object: 'organization.project.service_account.deleted', id, deleted: true };
    },
  },

  // --- API keys --------------------------------------------------------------------
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}/api_keys',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const keys = [...(ctx.store.projectApiKeys.get(project.id)?.values() ?? [])];
      return cursorPage(keys, (k) => k.id, (k) => renderProjectApiKey(ctx.store, project.id, k), ctx.query, LIMITS.standard);
    },
  },
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}/api_keys/{api_key_id}',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const id = param(ctx, 'api_key_id');
      const key = ctx.store.projectApiKeys.get(project.id)?.get(id);
      if (!key) throw notFound('API key', id);
      return renderProjectApiKey(ctx.store, project.id, key);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/organization/projects/{project_id}/api_keys/{api_key_id}',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const id = param(ctx, 'api_key_id');
      const keys = ctx.store.projectApiKeys.get(project.id);
      const key = keys?.get(id);
      if (!key) throw notFound('API key', id);
      // Reference: service-account keys cannot be deleted here (delete the service account).
      if (key.owner.type === 'service_account') {
        throw badRequest(`API key '${id}' belongs to a service account and cannot be deleted; delete the service account instead.`, 'api_key_id');
      }
      keys?.delete(id);
      ctx.audit('api_key.deleted', { id }, project.id);
      return { object: 'organization.project.api_key.deleted', id, deleted: true };
    },
  },

  // --- rate limits ------------------------------------------------------------------
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}/rate_limits',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const rows = [...(ctx.store.rateLimits.get(project.id)?.values() ?? [])];
      return cursorPage(rows, (r) => r.id, renderRateLimit, ctx.query, LIMITS.rateLimits);
    },
  },
  {
    method: 'POST',
    path: '/v1/organization/projects/{project_id}/rate_limits/{rate_limit_id}',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      const id = param(ctx, 'rate_limit_id');
      const row = ctx.store.rateLimits.get(project.id)?.get(id);
      if (!row) throw notFound('rate limit', id);
      const body = bodyObject(ctx);
      const changes: Partial<Record<(typeof RATE_LIMIT_FIELDS)[number], number>> = {};
      for (const field of RATE_LIMIT_FIELDS) {
        const value = body[field];
        if (value === undefined) continue;
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
          throw badRequest(`Invalid '${field}': expected a non-negative integer.`, field);
        }
        changes[field] = value;
      }
      Object.assign(row satisfies RateLimitRec, changes);
      ctx.audit('rate_limit.updated', { id, changes_requested: changes }, project.id);
      return renderRateLimit(row);
    },
  },

  // --- project groups -------------------------------------------------------------
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}/groups',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const rows = [...(ctx.store.projectGroups.get(project.id)?.values() ?? [])];
      return nextPage(
        rows,
        (r) => r.group_id,
        (r) => renderProjectGroup(ctx, project.id, r),
        ctx.query,
        LIMITS.projectGroups,
      );
    },
  },
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}/groups/{group_id}',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const groupId = param(ctx, 'group_id');
      const row = ctx.store.projectGroups.get(project.id)?.get(groupId);
      if (!row) throw notFound('project group', groupId);
      return renderProjectGroup(ctx, project.id, row);
    },
  },
  {
    method: 'POST',
    path: '/v1/organization/projects/{project_id}/groups',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      const body = bodyObject(ctx);
      const group = requireGroup(ctx, requiredString(body, 'group_id'));
      // Spec InviteProjectGroupBody: `role` is the "Identifier of the project role": an id, not a name.
      const role = resolveRole(ctx, { kind: 'project', projectId: project.id }, requiredString(body, 'role'));
      if (ctx.store.projectGroups.get(project.id)?.has(group.id) === true) {
        throw conflict(`Group '${group.id}' already has access to project '${project.id}'.`, 'group_id');
      }
      const rec: ProjectGroupRec = { group_id: group.id, role: role.id, created_at: ctx.now() };
      ctx.store.putProjectGroup(project.id, rec);
      // Granting access with a role is a project role assignment of the group.
      const byGroup = nested(ctx.store.projectGroupRoles, project.id, () => new Map<string, Map<string, number>>());
      nested(byGroup, group.id, () => new Map<string, number>()).set(role.id, rec.created_at);
      const assignmentId = newId('role_assignment');
      ctx.store.roleAssignmentIds.set(assignmentKey(project.id, 'group', group.id, role.id), assignmentId);
      ctx.audit(
        'role.assignment.created',
        { id: assignmentId, principal_id: group.id, principal_type: 'group', resource_id: project.id, resource_type: 'api.project' },
        project.id,
      );
      return { object: 'project.group', project_id: project.id, group_id: group.id, group_name: group.name, group_type: 'group', created_at: rec.created_at };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/organization/projects/{project_id}/groups/{group_id}',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      const groupId = param(ctx, 'group_id');
      const rec = ctx.store.projectGroups.get(project.id)?.get(groupId);
      if (!rec) throw notFound('project group', groupId);
      const key = assignmentKey(project.id, 'group', groupId, rec.role);
      const assignmentId = ctx.store.roleAssignmentId(key, () => newId('role_assignment'));
      ctx.store.roleAssignmentIds.delete(key);
      ctx.store.removeProjectGroup(project.id, groupId);
      ctx.audit(
        'role.assignment.deleted',
        { id: assignmentId, principal_id: groupId, principal_type: 'group', resource_id: project.id, resource_type: 'api.project' },
        project.id,
      );
      return { object: 'project.group.deleted', deleted: true };
    },
  },
];

function renderProjectGroup(ctx: HandlerContext, projectId: string, row: ProjectGroupRec): unknown {
  return {
    object: 'project.group',
    project_id: projectId,
    group_id: row.group_id,
    group_name: ctx.store.groups.get(row.group_id)?.name ?? '',
    group_type: 'group',
    created_at: row.created_at,
  };
}
