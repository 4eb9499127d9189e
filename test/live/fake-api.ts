// A small in-memory AdminApi for the live reader's tests: list methods are async
// generators paging at the client's max sizes, counting requests like the client does.
import { MAX_PAGE_SIZE } from '../../src/api/page-sizes.js';
import type { AdminApi } from '../../src/api/admin-api.js';
import type {
  AdminApiKey,
  AssignedRoleDetails,
  Certificate,
  GroupUser,
  Invite,
  ListedGroup,
  OrganizationDataRetention,
  OrganizationSpendAlert,
  OrganizationSpendLimitResource,
  ProjectDataRetention,
  ProjectHostedToolPermissions,
  ProjectModelPermissions,
  ProjectSpendAlert,
  ProjectSpendLimitResource,
  Project,
  ProjectApiKey,
  ProjectGroup,
  ProjectRateLimit,
  ProjectServiceAccount,
  ProjectUser,
  RequestStats,
  Role,
  User,
} from '../../src/api/types.js';

/** Governance settings; absent ones answer as never set (null: a 404; no alerts). */
export interface FakeGovernance {
  spendLimit?: ProjectSpendLimitResource | null;
  spendAlerts?: ProjectSpendAlert[];
  modelPermissions?: ProjectModelPermissions | null;
  hostedToolPermissions?: ProjectHostedToolPermissions | null;
  dataRetention?: ProjectDataRetention | null;
}

export interface FakeProject {
  project: Project;
  governance?: FakeGovernance;
  users?: ProjectUser[];
  userRoles?: Record<string, AssignedRoleDetails[]>;
  groups?: { group: ProjectGroup; roles: AssignedRoleDetails[] }[];
  roles?: Role[];
  serviceAccounts?: ProjectServiceAccount[];
  rateLimits?: ProjectRateLimit[];
  certificates?: Certificate[];
  apiKeys?: ProjectApiKey[];
}

export interface FakeOrg {
  users: User[];
  invites?: Invite[];
  roles?: Role[];
  userRoles?: Record<string, AssignedRoleDetails[]>;
  groups?: { group: ListedGroup; users: GroupUser[]; roles: AssignedRoleDetails[] }[];
  certificates?: Certificate[];
  adminKeys?: AdminApiKey[];
  projects: FakeProject[];
  governance?: {
    spendLimit?: OrganizationSpendLimitResource | null;
    spendAlerts?: OrganizationSpendAlert[];
    dataRetention?: OrganizationDataRetention | null;
  };
}

export interface FakeOptions {
  /** Method name → error thrown on its first page (or after `afterItems` items). */
  fail?: Record<string, { error: Error; afterItems?: number }>;
  /** Serve every list in reverse order (order must not matter). */
  reverse?: boolean;
}

export interface FakeApi extends AdminApi {
  /** `method(args…)` of every list call, in call order. */
  calls: string[];
}

export function fakeApi(org: FakeOrg, options: FakeOptions = {}): FakeApi {
  const stats: RequestStats = { total: 0, retries: 0, byRoute: {} };
  const calls: string[] = [];

  async function* paged<T>(method: string, route: string, args: string[], items: readonly T[]): AsyncGenerator<T> {
    calls.push(`${method}(${args.join(',')})`);
    const size = MAX_PAGE_SIZE[route] ?? 20;
    const served = options.reverse === true ? [...items].reverse() : items;
    const failure = options.fail?.[method];
    let index = 0;
    do {
      stats.total += 1;
      stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
      await Promise.resolve();
      const page = served.slice(index, index + size);
      for (const item of page) {
        if (failure !== undefined && index >= (failure.afterItems ?? 0)) throw failure.error;
        index += 1;
        yield item;
      }
      if (failure !== undefined && page.length === 0) throw failure.error;
    } while (index < served.length);
  }

  const project = (id: string): FakeProject => {
    const found = org.projects.find((p) => p.project.id === id);
    if (found === undefined) throw new Error(`no project ${id}`);
    return found;
  };
  const group = (id: string) => {
    const found = org.groups?.find((g) => g.group.id === id);
    if (found === undefined) throw new Error(`no group ${id}`);
    return found;
  };

  const single = <T>(method: string, route: string, args: string[], value: T | undefined): Promise<T | null> => {
    calls.push(`${method}(${args.join(',')})`);
    stats.total += 1;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    return Promise.resolve(value ?? null);
  };
  const gov = (id: string): FakeGovernance => project(id).governance ?? {};

  const api: Partial<AdminApi> & { calls: string[] } = {
    getOrgSpendLimit: () => single('getOrgSpendLimit', '/organization/spend_limit', [], org.governance?.spendLimit),
    listOrgSpendAlerts: () => paged('listOrgSpendAlerts', '/organization/spend_alerts', [], org.governance?.spendAlerts ?? []),
    getOrgDataRetention: () => single('getOrgDataRetention', '/organization/data_retention', [], org.governance?.dataRetention),
    getProjectSpendLimit: (id) => single('getProjectSpendLimit', '/organization/projects/{project_id}/spend_limit', [id], gov(id).spendLimit),
    listProjectSpendAlerts: (id) => paged('listProjectSpendAlerts', '/organization/projects/{project_id}/spend_alerts', [id], gov(id).spendAlerts ?? []),
    getProjectModelPermissions: (id) => single('getProjectModelPermissions', '/organization/projects/{project_id}/model_permissions', [id], gov(id).modelPermissions),
    getProjectHostedToolPermissions: (id) =>
      single('getProjectHostedToolPermissions', '/organization/projects/{project_id}/hosted_tool_permissions', [id], gov(id).hostedToolPermissions),
    getProjectDataRetention: (id) => single('getProjectDataRetention', '/organization/projects/{project_id}/data_retention', [id], gov(id).dataRetention),
    calls,
    requestStats: () => ({ ...stats, byRoute: { ...stats.byRoute } }),
    listUsers: () => paged('listUsers', '/organization/users', [], org.users),
    listInvites: () => paged('listInvites', '/organization/invites', [], org.invites ?? []),
    listRoles: () => paged('listRoles', '/organization/roles', [], org.roles ?? []),
    listUserRoles: (userId) =>
      paged('listUserRoles', '/organization/users/{user_id}/roles', [userId], org.userRoles?.[userId] ?? []),
    listGroups: () => paged('listGroups', '/organization/groups', [], (org.groups ?? []).map((g) => g.group)),
    listGroupUsers: (groupId) =>
      paged('listGroupUsers', '/organization/groups/{group_id}/users', [groupId], group(groupId).users),
    listGroupRoles: (groupId) =>
      paged('listGroupRoles', '/organization/groups/{group_id}/roles', [groupId], group(groupId).roles),
    listCertificates: () => paged('listCertificates', '/organization/certificates', [], org.certificates ?? []),
    getCertificate: (id, opts) => {
      calls.push(`getCertificate(${id},${String(opts?.includeContent)})`);
      stats.total += 1;
      const cert = org.certificates?.find((c) => c.id === id);
      return cert === undefined ? Promise.reject(new Error('404')) : Promise.resolve(cert);
    },
    listAdminApiKeys: () => paged('listAdminApiKeys', '/organization/admin_api_keys', [], org.adminKeys ?? []),
    listProjects: (query) =>
      paged(
        'listProjects',
        '/organization/projects',
        [String(query?.includeArchived)],
        org.projects.map((p) => p.project),
      ),
    listProjectUsers: (id) =>
      paged('listProjectUsers', '/organization/projects/{project_id}/users', [id], project(id).users ?? []),
    listProjectUserRoles: (id, userId) =>
      paged(
        'listProjectUserRoles',
        '/projects/{project_id}/users/{user_id}/roles',
        [id, userId],
        project(id).userRoles?.[userId] ?? [],
      ),
    listProjectGroups: (id) =>
      paged(
        'listProjectGroups',
        '/organization/projects/{project_id}/groups',
        [id],
        (project(id).groups ?? []).map((g) => g.group),
      ),
    listProjectGroupRoles: (id, groupId) =>
      paged(
        'listProjectGroupRoles',
        '/projects/{project_id}/groups/{group_id}/roles',
        [id, groupId],
        project(id).groups?.find((g) => g.group.group_id === groupId)?.roles ?? [],
      ),
    listProjectRoles: (id) => paged('listProjectRoles', '/projects/{project_id}/roles', [id], project(id).roles ?? []),
    listProjectServiceAccounts: (id) =>
      paged(
        'listProjectServiceAccounts',
        '/organization/projects/{project_id}/service_accounts',
        [id],
        project(id).serviceAccounts ?? [],
      ),
    listProjectRateLimits: (id) =>
      paged(
        'listProjectRateLimits',
        '/organization/projects/{project_id}/rate_limits',
        [id],
        project(id).rateLimits ?? [],
      ),
    listProjectCertificates: (id) =>
      paged(
        'listProjectCertificates',
        '/organization/projects/{project_id}/certificates',
        [id],
        project(id).certificates ?? [],
      ),
    listProjectApiKeys: (id) =>
      paged('listProjectApiKeys', '/organization/projects/{project_id}/api_keys', [id], project(id).apiKeys ?? []),
  };
  return api as FakeApi;
}

// Wire object builders with the fields the reader uses.

export function user(id: string, email: string, role = 'reader', extra: Partial<User> = {}): User {
  return { object: 'organization.user', id, email, name: id, role, added_at: 1, ...extra };
}

export function role(id: string, name: string, predefined = false, permissions: string[] = []): Role {
  return {
    object: 'role',
    id,
    name,
    description: null,
    permissions,
    resource_type: 'api.organization',
    predefined_role: predefined,
  };
}

export function assigned(id: string, name: string, predefined = false): AssignedRoleDetails {
  return {
    id,
    name,
    permissions: [],
    resource_type: 'api.project',
    predefined_role: predefined,
    description: null,
    created_at: null,
    updated_at: null,
    created_by: null,
    created_by_user_obj: null,
    metadata: null,
    assignment_sources: null,
  };
}

export function wireProject(id: string, name: string, status: 'active' | 'archived' = 'active'): Project {
  return {
    id,
    object: 'organization.project',
    name,
    created_at: 1,
    status,
    archived_at: status === 'archived' ? 2 : null,
  };
}

export function projectUser(id: string, email: string | null, projectRole = 'member'): ProjectUser {
  return { object: 'organization.project.user', id, email, name: id, role: projectRole, added_at: 1 };
}

export function rateLimit(id: string, model: string, rpm: number, tpm: number, extra: Partial<ProjectRateLimit> = {}): ProjectRateLimit {
  return { object: 'project.rate_limit', id, model, max_requests_per_1_minute: rpm, max_tokens_per_1_minute: tpm, ...extra };
}

export function certificate(id: string, name: string | null, active: boolean, content?: string): Certificate {
  return {
    object: 'certificate',
    id,
    name,
    created_at: 1,
    certificate_details: content === undefined ? {} : { content },
    active,
  };
}
