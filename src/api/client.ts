// createAdminClient: every AdminApi method as one HTTP call (or one paged list) of the
// Admin API. Paths, query names and bodies follow reference/openai-admin-api.md, checked
// against reference/openapi-admin.yaml (see docs/api-client.md for where they differ).
import type { AdminApi } from './admin-api.js';
import { ApiError, malformedError } from './errors.js';
import { createHttp, type Http } from './http.js';
import type { AdminClientOptions } from './options.js';
import { USAGE_MAX_BUCKETS } from './page-sizes.js';
import type { Query } from './query.js';
import type { PacingProgress, RouteSummary, SavedLimits } from './scheduler.js';
import type {
  AdminApiKey,
  AssignedRoleDetails,
  AuditLog,
  AuditLogQuery,
  Certificate,
  CreateSpendAlertBody,
  GroupRoleAssignment,
  GroupUser,
  GroupUserAssignment,
  HostedToolName,
  Invite,
  ListedGroup,
  OrganizationDataRetention,
  OrganizationSpendAlert,
  OrganizationSpendLimitResource,
  Project,
  ProjectApiKey,
  ProjectDataRetention,
  ProjectGroup,
  ProjectHostedToolPermissions,
  ProjectHostedToolPermissionsUpdateRequest,
  ProjectModelPermissions,
  ProjectRateLimit,
  ProjectServiceAccount,
  ProjectServiceAccountCreateResponse,
  ProjectSpendAlert,
  ProjectSpendLimitResource,
  ProjectUser,
  RequestStats,
  Role,
  UsageKind,
  UsageQuery,
  UpdateOrganizationSpendLimitBody,
  UsageResponse,
  User,
  UserRoleAssignment,
} from './types.js';

export interface AdminClient extends AdminApi {
  /** Requests made so far (every attempt), by route template and by method + route, in total and retries. */
  requestStats(): RequestStats;
  /** Requests done, queued, held by rate limits, and an ETA at the learned rates (progress). */
  pacingProgress(): PacingProgress;
  /** Per route that answered 429: how often, and the limit learned (the end-of-run summary). */
  rateLimitSummary(): RouteSummary[];
  /** Per route (`GET /organization/users`), the limit learned or loaded from the limits file (read-only). */
  routeLimits(): SavedLimits;
}

/** The activate/deactivate endpoints take at most 10 ids ("Activate certificates…"; spec maxItems 10). */
export const CERTIFICATE_IDS_PER_CALL = 10;

export const USAGE_KINDS: readonly UsageKind[] = [
  'audio_speeches',
  'audio_transcriptions',
  'code_interpreter_sessions',
  'completions',
  'embeddings',
  'images',
  'moderations',
  'vector_stores',
];

export function createAdminClient(options: AdminClientOptions): AdminClient {
  const http = createHttp(options);
  const { request, list } = http;
  const get = <T>(route: string, params: Record<string, string>, query?: Query): Promise<T> =>
    request<T>({ method: 'GET', route, params, ...(query !== undefined ? { query } : {}) });
  /** A delete; an answer of `deleted: false` (the spec's delete objects carry the flag) is not a success. */
  const del = async (route: string, params: Record<string, string>): Promise<void> => {
    const answer = await request<unknown>({ method: 'DELETE', route, params });
    if (typeof answer === 'object' && answer !== null && (answer as { deleted?: unknown }).deleted === false) {
      throw malformedError({ method: 'DELETE', route, reason: 'the answer says `deleted: false`' });
    }
  };
  /** A create: not repeated when its outcome is unknown. */
  const create = <T>(route: string, params: Record<string, string>, body: unknown): Promise<T> =>
    request<T>({ method: 'POST', route, params, body, idempotent: false });
  /** An update that lands in the same state however often it is sent. */
  const update = <T>(route: string, params: Record<string, string>, body: unknown): Promise<T> =>
    request<T>({ method: 'POST', route, params, body, idempotent: true });
  /**
   * A singleton setting (spend limit, permissions, data retention): `null` when the server
   * answers 404, which the spec does not document but a server may send for a setting never set.
   */
  const getSetting = async <T>(route: string, params: Record<string, string>): Promise<T | null> => {
    try {
      return await get<T>(route, params);
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'http' && error.status === 404) return null;
      throw error;
    }
  };
  const toggle = async (route: string, params: Record<string, string>, ids: string[]): Promise<void> => {
    for (let i = 0; i < ids.length; i += CERTIFICATE_IDS_PER_CALL) {
      const body = { certificate_ids: ids.slice(i, i + CERTIFICATE_IDS_PER_CALL) };
      await request<unknown>({ method: 'POST', route, params, body, idempotent: true, bodyOptional: true });
    }
  };

  return {
    // audit logs
    listAuditLogs(query: AuditLogQuery = {}) {
      return list<AuditLog>(
        {
          route: '/organization/audit_logs',
          query: {
            effective_at: query.effective_at,
            // Sent as `project_ids[]=…` (see query.ts), the spec's names for these filters.
            project_ids: query.project_ids,
            event_types: query.event_types,
            actor_ids: query.actor_ids,
            actor_emails: query.actor_emails,
            resource_ids: query.resource_ids,
            tenant_only: query.tenant_only,
            before: query.before,
          },
        },
        'cursor',
        query.after,
      );
    },

    // admin API keys
    listAdminApiKeys: () => list<AdminApiKey>({ route: '/organization/admin_api_keys' }, 'cursor'),
    createAdminApiKey: (body) => create<AdminApiKey>('/organization/admin_api_keys', {}, body),
    getAdminApiKey: (keyId) => get<AdminApiKey>('/organization/admin_api_keys/{key_id}', { key_id: keyId }),
    deleteAdminApiKey: (keyId) => del('/organization/admin_api_keys/{key_id}', { key_id: keyId }),

    // invites
    listInvites: () => list<Invite>({ route: '/organization/invites' }, 'cursor'),
    createInvite: (body) => create<Invite>('/organization/invites', {}, body),
    getInvite: (inviteId) => get<Invite>('/organization/invites/{invite_id}', { invite_id: inviteId }),
    deleteInvite: (inviteId) => del('/organization/invites/{invite_id}', { invite_id: inviteId }),

    // users
    listUsers: (query = {}) => {
      const all = list<User>({ route: '/organization/users', query: { emails: query.emails } }, 'cursor');
      return query.emails === undefined || query.emails.length === 0 ? all : onlyWithEmails(all, query.emails);
    },
    getUser: (userId) => get<User>('/organization/users/{user_id}', { user_id: userId }),
    updateUser: (userId, body) => update<User>('/organization/users/{user_id}', { user_id: userId }, body),
    deleteUser: (userId) => del('/organization/users/{user_id}', { user_id: userId }),
    listUserRoles: (userId) =>
      list<AssignedRoleDetails>({ route: '/organization/users/{user_id}/roles', params: { user_id: userId } }, 'next'),
    assignUserRole: (userId, roleId) =>
      create<UserRoleAssignment>('/organization/users/{user_id}/roles', { user_id: userId }, { role_id: roleId }),
    unassignUserRole: (userId, roleId) =>
      del('/organization/users/{user_id}/roles/{role_id}', { user_id: userId, role_id: roleId }),

    // groups
    listGroups: () => list<ListedGroup>({ route: '/organization/groups' }, 'next'),
    createGroup: (body) => create<ListedGroup>('/organization/groups', {}, body),
    updateGroup: (groupId, body) => update<ListedGroup>('/organization/groups/{group_id}', { group_id: groupId }, body),
    deleteGroup: (groupId) => del('/organization/groups/{group_id}', { group_id: groupId }),
    listGroupUsers: (groupId) =>
      list<GroupUser>({ route: '/organization/groups/{group_id}/users', params: { group_id: groupId } }, 'next'),
    addGroupUser: (groupId, userId) =>
      create<GroupUserAssignment>('/organization/groups/{group_id}/users', { group_id: groupId }, { user_id: userId }),
    removeGroupUser: (groupId, userId) =>
      del('/organization/groups/{group_id}/users/{user_id}', { group_id: groupId, user_id: userId }),
    listGroupRoles: (groupId) =>
      list<AssignedRoleDetails>({ route: '/organization/groups/{group_id}/roles', params: { group_id: groupId } }, 'next'),
    assignGroupRole: (groupId, roleId) =>
      create<GroupRoleAssignment>('/organization/groups/{group_id}/roles', { group_id: groupId }, { role_id: roleId }),
    unassignGroupRole: (groupId, roleId) =>
      del('/organization/groups/{group_id}/roles/{role_id}', { group_id: groupId, role_id: roleId }),

    // organization roles
    listRoles: () => list<Role>({ route: '/organization/roles' }, 'next'),
    createRole: (body) => create<Role>('/organization/roles', {}, body),
    updateRole: (roleId, body) => update<Role>('/organization/roles/{role_id}', { role_id: roleId }, body),
    deleteRole: (roleId) => del('/organization/roles/{role_id}', { role_id: roleId }),

    // organization certificates
    listCertificates: () => list<Certificate>({ route: '/organization/certificates' }, 'cursor'),
    uploadCertificate: (body) => create<Certificate>('/organization/certificates', {}, body),
    getCertificate: (certificateId, opts = {}) =>
      get<Certificate>(
        '/organization/certificates/{certificate_id}',
        { certificate_id: certificateId },
        opts.includeContent === true ? { include: ['content'] } : undefined,
      ),
    updateCertificate: (certificateId, body) =>
      update<Certificate>('/organization/certificates/{certificate_id}', { certificate_id: certificateId }, body),
    deleteCertificate: (certificateId) =>
      del('/organization/certificates/{certificate_id}', { certificate_id: certificateId }),
    activateCertificates: (ids) => toggle('/organization/certificates/activate', {}, ids),
    deactivateCertificates: (ids) => toggle('/organization/certificates/deactivate', {}, ids),

    // projects
    listProjects: (query = {}) =>
      list<Project>(
        {
          route: '/organization/projects',
          query: { include_archived: query.includeArchived === undefined ? undefined : query.includeArchived },
        },
        'cursor',
      ),
    createProject: (body) => create<Project>('/organization/projects', {}, body),
    getProject: (projectId) => get<Project>('/organization/projects/{project_id}', { project_id: projectId }),
    updateProject: (projectId, body) =>
      update<Project>('/organization/projects/{project_id}', { project_id: projectId }, body),
    archiveProject: (projectId) =>
      update<Project>('/organization/projects/{project_id}/archive', { project_id: projectId }, undefined),

    // project users
    listProjectUsers: (projectId) =>
      list<ProjectUser>({ route: '/organization/projects/{project_id}/users', params: { project_id: projectId } }, 'cursor'),
    addProjectUser: (projectId, body) =>
      create<ProjectUser>('/organization/projects/{project_id}/users', { project_id: projectId }, body),
    getProjectUser: (projectId, userId) =>
      get<ProjectUser>('/organization/projects/{project_id}/users/{user_id}', { project_id: projectId, user_id: userId }),
    updateProjectUser: (projectId, userId, body) =>
      update<ProjectUser>(
        '/organization/projects/{project_id}/users/{user_id}',
        { project_id: projectId, user_id: userId },
        body,
      ),
    removeProjectUser: (projectId, userId) =>
      del('/organization/projects/{project_id}/users/{user_id}', { project_id: projectId, user_id: userId }),
    listProjectUserRoles: (projectId, userId) =>
      list<AssignedRoleDetails>(
        { route: '/projects/{project_id}/users/{user_id}/roles', params: { project_id: projectId, user_id: userId } },
        'next',
      ),
    assignProjectUserRole: (projectId, userId, roleId) =>
      create<UserRoleAssignment>(
        '/projects/{project_id}/users/{user_id}/roles',
        { project_id: projectId, user_id: userId },
        { role_id: roleId },
      ),
    unassignProjectUserRole: (projectId, userId, roleId) =>
      del('/projects/{project_id}/users/{user_id}/roles/{role_id}', {
        project_id: projectId,
        user_id: userId,
        role_id: roleId,
      }),

    // project service accounts and API keys
    listProjectServiceAccounts: (projectId) =>
      list<ProjectServiceAccount>(
        { route: '/organization/projects/{project_id}/service_accounts', params: { project_id: projectId } },
        'cursor',
      ),
    createProjectServiceAccount: (projectId, body) =>
      create<ProjectServiceAccountCreateResponse>(
        '/organization/projects/{project_id}/service_accounts',
        { project_id: projectId },
        body,
      ),
    getProjectServiceAccount: (projectId, serviceAccountId) =>
      get<ProjectServiceAccount>('/organization/projects/{project_id}/service_accounts/{service_account_id}', {
        project_id: projectId,
        service_account_id: serviceAccountId,
      }),
    deleteProjectServiceAccount: (projectId, serviceAccountId) =>
      del('/organization/projects/{project_id}/service_accounts/{service_account_id}', {
        project_id: projectId,
        service_account_id: serviceAccountId,
      }),
    listProjectApiKeys: (projectId, query = {}) =>
      list<ProjectApiKey>(
        {
          route: '/organization/projects/{project_id}/api_keys',
          params: { project_id: projectId },
          query: { owner_project_access: query.ownerProjectAccess ?? 'any' },
        },
        'cursor',
      ),
    getProjectApiKey: (projectId, keyId) =>
      get<ProjectApiKey>('/organization/projects/{project_id}/api_keys/{api_key_id}', {
        project_id: projectId,
        api_key_id: keyId,
      }),
    deleteProjectApiKey: (projectId, keyId) =>
      del('/organization/projects/{project_id}/api_keys/{api_key_id}', { project_id: projectId, api_key_id: keyId }),

    // project rate limits
    listProjectRateLimits: (projectId) =>
      list<ProjectRateLimit>(
        { route: '/organization/projects/{project_id}/rate_limits', params: { project_id: projectId } },
        'cursor',
      ),
    updateProjectRateLimit: (projectId, rateLimitId, body) =>
      update<ProjectRateLimit>(
        '/organization/projects/{project_id}/rate_limits/{rate_limit_id}',
        { project_id: projectId, rate_limit_id: rateLimitId },
        body,
      ),

    // project groups
    listProjectGroups: (projectId) =>
      list<ProjectGroup>({ route: '/organization/projects/{project_id}/groups', params: { project_id: projectId } }, 'next'),
    addProjectGroup: (projectId, body) =>
      create<ProjectGroup>('/organization/projects/{project_id}/groups', { project_id: projectId }, body),
    removeProjectGroup: (projectId, groupId) =>
      del('/organization/projects/{project_id}/groups/{group_id}', { project_id: projectId, group_id: groupId }),
    listProjectGroupRoles: (projectId, groupId) =>
      list<AssignedRoleDetails>(
        { route: '/projects/{project_id}/groups/{group_id}/roles', params: { project_id: projectId, group_id: groupId } },
        'next',
      ),
    assignProjectGroupRole: (projectId, groupId, roleId) =>
      create<GroupRoleAssignment>(
        '/projects/{project_id}/groups/{group_id}/roles',
        { project_id: projectId, group_id: groupId },
        { role_id: roleId },
      ),
    unassignProjectGroupRole: (projectId, groupId, roleId) =>
      del('/projects/{project_id}/groups/{group_id}/roles/{role_id}', {
        project_id: projectId,
        group_id: groupId,
        role_id: roleId,
      }),

    // project roles
    listProjectRoles: (projectId) =>
      list<Role>({ route: '/projects/{project_id}/roles', params: { project_id: projectId } }, 'next'),
    createProjectRole: (projectId, body) => create<Role>('/projects/{project_id}/roles', { project_id: projectId }, body),
    updateProjectRole: (projectId, roleId, body) =>
      update<Role>('/projects/{project_id}/roles/{role_id}', { project_id: projectId, role_id: roleId }, body),
    deleteProjectRole: (projectId, roleId) =>
      del('/projects/{project_id}/roles/{role_id}', { project_id: projectId, role_id: roleId }),

    // project certificates
    listProjectCertificates: (projectId) =>
      list<Certificate>(
        { route: '/organization/projects/{project_id}/certificates', params: { project_id: projectId } },
        'cursor',
      ),
    activateProjectCertificates: (projectId, ids) =>
      toggle('/organization/projects/{project_id}/certificates/activate', { project_id: projectId }, ids),
    deactivateProjectCertificates: (projectId, ids) =>
      toggle('/organization/projects/{project_id}/certificates/deactivate', { project_id: projectId }, ids),

    // governance settings (singleton getters answer null on 404: see AdminApi)
    getOrgSpendLimit: () => getSetting<OrganizationSpendLimitResource>('/organization/spend_limit', {}),
    setOrgSpendLimit: (body) => update<OrganizationSpendLimitResource>('/organization/spend_limit', {}, spendLimitBody(body)),
    deleteOrgSpendLimit: () => del('/organization/spend_limit', {}),
    getProjectSpendLimit: (projectId) =>
      getSetting<ProjectSpendLimitResource>('/organization/projects/{project_id}/spend_limit', { project_id: projectId }),
    setProjectSpendLimit: (projectId, body) =>
      update<ProjectSpendLimitResource>(
        '/organization/projects/{project_id}/spend_limit',
        { project_id: projectId },
        spendLimitBody(body),
      ),
    deleteProjectSpendLimit: (projectId) =>
      del('/organization/projects/{project_id}/spend_limit', { project_id: projectId }),

    listOrgSpendAlerts: () => list<OrganizationSpendAlert>({ route: '/organization/spend_alerts' }, 'cursor'),
    createOrgSpendAlert: (body) => create<OrganizationSpendAlert>('/organization/spend_alerts', {}, spendAlertBody(body)),
    getOrgSpendAlert: (alertId) =>
      get<OrganizationSpendAlert>('/organization/spend_alerts/{alert_id}', { alert_id: alertId }),
    updateOrgSpendAlert: (alertId, body) =>
      update<OrganizationSpendAlert>('/organization/spend_alerts/{alert_id}', { alert_id: alertId }, spendAlertBody(body)),
    deleteOrgSpendAlert: (alertId) => del('/organization/spend_alerts/{alert_id}', { alert_id: alertId }),
    listProjectSpendAlerts: (projectId) =>
      list<ProjectSpendAlert>(
        { route: '/organization/projects/{project_id}/spend_alerts', params: { project_id: projectId } },
        'cursor',
      ),
    createProjectSpendAlert: (projectId, body) =>
      create<ProjectSpendAlert>(
        '/organization/projects/{project_id}/spend_alerts',
        { project_id: projectId },
        spendAlertBody(body),
      ),
    getProjectSpendAlert: (projectId, alertId) =>
      get<ProjectSpendAlert>('/organization/projects/{project_id}/spend_alerts/{alert_id}', {
        project_id: projectId,
        alert_id: alertId,
      }),
    updateProjectSpendAlert: (projectId, alertId, body) =>
      update<ProjectSpendAlert>(
        '/organization/projects/{project_id}/spend_alerts/{alert_id}',
        { project_id: projectId, alert_id: alertId },
        spendAlertBody(body),
      ),
    deleteProjectSpendAlert: (projectId, alertId) =>
      del('/organization/projects/{project_id}/spend_alerts/{alert_id}', { project_id: projectId, alert_id: alertId }),

    getProjectModelPermissions: (projectId) =>
      getSetting<ProjectModelPermissions>('/organization/projects/{project_id}/model_permissions', {
        project_id: projectId,
      }),
    setProjectModelPermissions: (projectId, body) =>
      update<ProjectModelPermissions>(
        '/organization/projects/{project_id}/model_permissions',
        { project_id: projectId },
        { mode: body.mode, model_ids: [...body.model_ids] },
      ),
    deleteProjectModelPermissions: (projectId) =>
      del('/organization/projects/{project_id}/model_permissions', { project_id: projectId }),
    getProjectHostedToolPermissions: (projectId) =>
      getSetting<ProjectHostedToolPermissions>('/organization/projects/{project_id}/hosted_tool_permissions', {
        project_id: projectId,
      }),
    setProjectHostedToolPermissions: (projectId, body) =>
      update<ProjectHostedToolPermissions>(
        '/organization/projects/{project_id}/hosted_tool_permissions',
        { project_id: projectId },
        hostedToolsBody(body),
      ),

    getOrgDataRetention: () => getSetting<OrganizationDataRetention>('/organization/data_retention', {}),
    setOrgDataRetention: (body) =>
      update<OrganizationDataRetention>('/organization/data_retention', {}, { retention_type: body.retention_type }),
    getProjectDataRetention: (projectId) =>
      getSetting<ProjectDataRetention>('/organization/projects/{project_id}/data_retention', { project_id: projectId }),
    setProjectDataRetention: (projectId, body) =>
      update<ProjectDataRetention>(
        '/organization/projects/{project_id}/data_retention',
        { project_id: projectId },
        { retention_type: body.retention_type },
      ),

    // usage and costs
    getUsage: (kind, query) => {
      if (!USAGE_KINDS.includes(kind)) return Promise.reject(new RangeError(`unknown usage kind ${String(kind)}`));
      const limit = http.pageSize === 'max' ? USAGE_MAX_BUCKETS[query.bucket_width ?? '1d'] : undefined;
      return readAllBuckets(http, `/organization/usage/${kind}`, query, limit);
    },
    // Costs take no `models` filter (spec: start_time, end_time, bucket_width, project_ids, api_key_ids, group_by, limit, page).
    getCosts: (query) => {
      const { models: _notACostsFilter, ...costs } = query;
      return readAllBuckets(http, '/organization/costs', costs, http.pageSize === 'max' ? 180 : undefined);
    },

    requestStats: () => http.stats.snapshot(),
    pacingProgress: () => http.scheduler.progress(),
    rateLimitSummary: () => http.scheduler.summary(),
    routeLimits: () => http.scheduler.learned(),
  };
}

/** The spec's spend-limit body, nothing more (a caller's object may carry other fields, e.g. a read answer's `enforcement`). */
function spendLimitBody(body: UpdateOrganizationSpendLimitBody): UpdateOrganizationSpendLimitBody {
  return { threshold_amount: body.threshold_amount, currency: body.currency, interval: body.interval };
}

/** The spec's `CreateSpendAlertBody` (create and update alike); `subject_prefix` only when given. */
function spendAlertBody(body: CreateSpendAlertBody): CreateSpendAlertBody {
  const channel = body.notification_channel;
  return {
    threshold_amount: body.threshold_amount,
    currency: body.currency,
    interval: body.interval,
    notification_channel: {
      type: channel.type,
      recipients: [...channel.recipients],
      ...(channel.subject_prefix !== undefined ? { subject_prefix: channel.subject_prefix } : {}),
    },
  };
}

/** Only the tools the caller names (`{ enabled }` each): a tool left out keeps its setting on the server. */
function hostedToolsBody(body: ProjectHostedToolPermissionsUpdateRequest): ProjectHostedToolPermissionsUpdateRequest {
  const out: ProjectHostedToolPermissionsUpdateRequest = {};
  for (const tool of HOSTED_TOOLS) {
    const value = body[tool];
    if (value !== undefined) out[tool] = value === null ? null : { enabled: value.enabled };
  }
  return out;
}

/** The hosted tools of the spec's `ProjectHostedToolPermissions`, in its order. */
export const HOSTED_TOOLS: readonly HostedToolName[] = ['file_search', 'web_search', 'image_generation', 'mcp', 'code_interpreter'];

/**
 * The `emails` filter applied again on our side (case-insensitive): a server that reads the
 * filter under another encoding (`emails` without brackets) or ignores it must not hand other people to a
 * caller that asked for one address.
 */
async function* onlyWithEmails(users: AsyncIterable<User>, emails: readonly string[]): AsyncGenerator<User, void, undefined> {
  const wanted = new Set(emails.map((e) => e.toLowerCase()));
  for await (const user of users) {
    const email = user.email ?? user.user?.email;
    if (typeof email === 'string' && wanted.has(email.toLowerCase())) yield user;
  }
}

/**
 * Usage and costs page with `page` = the previous `next_page`. All pages are read and their
 * buckets joined, so the answer is complete (`has_more: false`); an explicit `limit` or
 * `page` in the query is respected.
 */
async function readAllBuckets(
  http: Http,
  route: string,
  query: UsageQuery,
  maxLimit: number | undefined,
): Promise<UsageResponse> {
  const base: Query = {
    start_time: query.start_time,
    end_time: query.end_time,
    bucket_width: query.bucket_width,
    project_ids: query.project_ids,
    group_by: query.group_by,
    models: query.models,
    limit: query.limit ?? maxLimit,
  };
  const data: UsageResponse['data'] = [];
  const seen = new Set<string>();
  let page = query.page;
  for (;;) {
    const answer = await http.request<UsageResponse>({ method: 'GET', route, query: { ...base, page } });
    if (typeof answer !== 'object' || answer === null || !Array.isArray(answer.data)) {
      throw malformedError({ method: 'GET', route, reason: 'the page has no `data` array' });
    }
    data.push(...answer.data);
    const next = typeof answer.next_page === 'string' && answer.next_page !== '' ? answer.next_page : undefined;
    if (answer.has_more !== true || next === undefined) break;
    if (seen.has(next)) throw malformedError({ method: 'GET', route, reason: `the cursor ${JSON.stringify(next)} repeats` });
    seen.add(next);
    page = next;
  }
  return { object: 'page', data, has_more: false, next_page: null };
}
