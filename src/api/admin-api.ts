// The one narrow interface everything above src/api/ talks to. The HTTP client
// implements it; tests of live, plan, apply and drift may use the emulator or a fake.
// Lists are async iterables that page at each endpoint's maximum size until done.
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
  Invite,
  InviteRequest,
  ListedGroup,
  ModifyCertificateRequest,
  OrganizationDataRetention,
  OrganizationSpendAlert,
  OrganizationSpendLimitResource,
  Project,
  ProjectApiKey,
  ProjectCreateRequest,
  ProjectDataRetention,
  ProjectGroup,
  ProjectHostedToolPermissions,
  ProjectHostedToolPermissionsUpdateRequest,
  ProjectModelPermissions,
  ProjectModelPermissionsUpdateRequest,
  ProjectRateLimit,
  ProjectRateLimitUpdateRequest,
  ProjectServiceAccount,
  ProjectServiceAccountCreateRequest,
  ProjectServiceAccountCreateResponse,
  ProjectSpendAlert,
  ProjectSpendLimitResource,
  ProjectUpdateRequest,
  ProjectUser,
  ProjectUserCreateRequest,
  ProjectUserUpdateRequest,
  RequestStats,
  Role,
  RoleCreateRequest,
  RoleUpdateRequest,
  UpdateOrganizationDataRetentionBody,
  UpdateOrganizationSpendLimitBody,
  UpdateProjectDataRetentionBody,
  UpdateProjectSpendLimitBody,
  UploadCertificateRequest,
  UsageKind,
  UsageQuery,
  UsageResponse,
  User,
  UserRoleAssignment,
} from './types.js';

export interface AdminApi {
  // audit logs (newest first)
  listAuditLogs(query?: AuditLogQuery): AsyncIterable<AuditLog>;

  // admin API keys
  listAdminApiKeys(): AsyncIterable<AdminApiKey>;
  createAdminApiKey(body: { name: string }): Promise<AdminApiKey>;
  getAdminApiKey(keyId: string): Promise<AdminApiKey>;
  deleteAdminApiKey(keyId: string): Promise<void>;

  // invites
  listInvites(): AsyncIterable<Invite>;
  createInvite(body: InviteRequest): Promise<Invite>;
  getInvite(inviteId: string): Promise<Invite>;
  deleteInvite(inviteId: string): Promise<void>;

  // users
  listUsers(query?: { emails?: string[] }): AsyncIterable<User>;
  getUser(userId: string): Promise<User>;
  updateUser(userId: string, body: { role: 'owner' | 'reader' }): Promise<User>;
  deleteUser(userId: string): Promise<void>;
  listUserRoles(userId: string): AsyncIterable<AssignedRoleDetails>;
  assignUserRole(userId: string, roleId: string): Promise<UserRoleAssignment>;
  unassignUserRole(userId: string, roleId: string): Promise<void>;

  // groups
  /** The group endpoints answer the spec's `GroupResponse` (`is_scim_managed`), see `ListedGroup`. */
  listGroups(): AsyncIterable<ListedGroup>;
  createGroup(body: { name: string }): Promise<ListedGroup>;
  updateGroup(groupId: string, body: { name: string }): Promise<ListedGroup>;
  deleteGroup(groupId: string): Promise<void>;
  listGroupUsers(groupId: string): AsyncIterable<GroupUser>;
  addGroupUser(groupId: string, userId: string): Promise<GroupUserAssignment>;
  removeGroupUser(groupId: string, userId: string): Promise<void>;
  listGroupRoles(groupId: string): AsyncIterable<AssignedRoleDetails>;
  assignGroupRole(groupId: string, roleId: string): Promise<GroupRoleAssignment>;
  unassignGroupRole(groupId: string, roleId: string): Promise<void>;

  // organization roles (custom and predefined)
  listRoles(): AsyncIterable<Role>;
  createRole(body: RoleCreateRequest): Promise<Role>;
  updateRole(roleId: string, body: RoleUpdateRequest): Promise<Role>;
  deleteRole(roleId: string): Promise<void>;

  // organization certificates
  listCertificates(): AsyncIterable<Certificate>;
  uploadCertificate(body: UploadCertificateRequest): Promise<Certificate>;
  getCertificate(certificateId: string, options?: { includeContent?: boolean }): Promise<Certificate>;
  updateCertificate(certificateId: string, body: ModifyCertificateRequest): Promise<Certificate>;
  deleteCertificate(certificateId: string): Promise<void>;
  /** At most 10 ids per call (reference); the client splits longer lists. */
  activateCertificates(certificateIds: string[]): Promise<void>;
  deactivateCertificates(certificateIds: string[]): Promise<void>;

  // projects
  listProjects(query?: { includeArchived?: boolean }): AsyncIterable<Project>;
  createProject(body: ProjectCreateRequest): Promise<Project>;
  getProject(projectId: string): Promise<Project>;
  updateProject(projectId: string, body: ProjectUpdateRequest): Promise<Project>;
  archiveProject(projectId: string): Promise<Project>;

  // project users and their project-role assignments
  listProjectUsers(projectId: string): AsyncIterable<ProjectUser>;
  addProjectUser(projectId: string, body: ProjectUserCreateRequest): Promise<ProjectUser>;
  getProjectUser(projectId: string, userId: string): Promise<ProjectUser>;
  updateProjectUser(projectId: string, userId: string, body: ProjectUserUpdateRequest): Promise<ProjectUser>;
  removeProjectUser(projectId: string, userId: string): Promise<void>;
  listProjectUserRoles(projectId: string, userId: string): AsyncIterable<AssignedRoleDetails>;
  assignProjectUserRole(projectId: string, userId: string, roleId: string): Promise<UserRoleAssignment>;
  unassignProjectUserRole(projectId: string, userId: string, roleId: string): Promise<void>;

  // project service accounts and API keys
  listProjectServiceAccounts(projectId: string): AsyncIterable<ProjectServiceAccount>;
  /** The answer carries the new key's value once: hand it straight to a secrets sink. */
  createProjectServiceAccount(
    projectId: string,
    body: ProjectServiceAccountCreateRequest,
  ): Promise<ProjectServiceAccountCreateResponse>;
  getProjectServiceAccount(projectId: string, serviceAccountId: string): Promise<ProjectServiceAccount>;
  deleteProjectServiceAccount(projectId: string, serviceAccountId: string): Promise<void>;
  /**
   * `ownerProjectAccess` defaults to `any`: without it the API "applies its existing
   * membership-based visibility rules, which may exclude some enabled keys" (spec).
   */
  listProjectApiKeys(projectId: string, query?: { ownerProjectAccess?: 'active' | 'inactive' | 'any' }): AsyncIterable<ProjectApiKey>;
  getProjectApiKey(projectId: string, keyId: string): Promise<ProjectApiKey>;
  deleteProjectApiKey(projectId: string, keyId: string): Promise<void>;

  // project rate limits (no create or delete: every project has its rows)
  listProjectRateLimits(projectId: string): AsyncIterable<ProjectRateLimit>;
  updateProjectRateLimit(
    projectId: string,
    rateLimitId: string,
    body: ProjectRateLimitUpdateRequest,
  ): Promise<ProjectRateLimit>;

  // project groups and their project-role assignments
  listProjectGroups(projectId: string): AsyncIterable<ProjectGroup>;
  addProjectGroup(projectId: string, body: { group_id: string; role: string }): Promise<ProjectGroup>;
  removeProjectGroup(projectId: string, groupId: string): Promise<void>;
  listProjectGroupRoles(projectId: string, groupId: string): AsyncIterable<AssignedRoleDetails>;
  assignProjectGroupRole(projectId: string, groupId: string, roleId: string): Promise<GroupRoleAssignment>;
  unassignProjectGroupRole(projectId: string, groupId: string, roleId: string): Promise<void>;

  // project roles (under /projects/{project_id}/roles, not /organization/…)
  listProjectRoles(projectId: string): AsyncIterable<Role>;
  createProjectRole(projectId: string, body: RoleCreateRequest): Promise<Role>;
  updateProjectRole(projectId: string, roleId: string, body: RoleUpdateRequest): Promise<Role>;
  deleteProjectRole(projectId: string, roleId: string): Promise<void>;

  // project certificates
  listProjectCertificates(projectId: string): AsyncIterable<Certificate>;
  activateProjectCertificates(projectId: string, certificateIds: string[]): Promise<void>;
  deactivateProjectCertificates(projectId: string, certificateIds: string[]): Promise<void>;

  // governance settings: spend limits, spend alerts, model and hosted-tool permissions, data retention.
  // Singleton getters: the spec documents only 200 for reading a setting, but a server may answer
  // 404 for one that was never set. The getters return `null` for a 404 ("unset"); every other
  // error throws as usual. A 404 cannot tell an unset setting from an unknown project: callers
  // read the setting of projects they have just listed.
  // Setters POST the whole setting (create or replace) and answer it as stored.

  /** GET /organization/spend_limit; `null` when the server answers 404 (no hard limit set). */
  getOrgSpendLimit(): Promise<OrganizationSpendLimitResource | null>;
  /** POST /organization/spend_limit: create or replace the hard limit (`threshold_amount` in cents, `USD`, `month`). */
  setOrgSpendLimit(body: UpdateOrganizationSpendLimitBody): Promise<OrganizationSpendLimitResource>;
  deleteOrgSpendLimit(): Promise<void>;
  /** GET /organization/projects/{project_id}/spend_limit; `null` on 404 (no hard limit set). */
  getProjectSpendLimit(projectId: string): Promise<ProjectSpendLimitResource | null>;
  setProjectSpendLimit(projectId: string, body: UpdateProjectSpendLimitBody): Promise<ProjectSpendLimitResource>;
  deleteProjectSpendLimit(projectId: string): Promise<void>;

  listOrgSpendAlerts(): AsyncIterable<OrganizationSpendAlert>;
  createOrgSpendAlert(body: CreateSpendAlertBody): Promise<OrganizationSpendAlert>;
  /** Throws (NotFound) for an unknown alert id: alerts are not singletons. */
  getOrgSpendAlert(alertId: string): Promise<OrganizationSpendAlert>;
  /** POST /organization/spend_alerts/{alert_id} with the full body (the spec's `CreateSpendAlertBody`). */
  updateOrgSpendAlert(alertId: string, body: CreateSpendAlertBody): Promise<OrganizationSpendAlert>;
  deleteOrgSpendAlert(alertId: string): Promise<void>;
  listProjectSpendAlerts(projectId: string): AsyncIterable<ProjectSpendAlert>;
  createProjectSpendAlert(projectId: string, body: CreateSpendAlertBody): Promise<ProjectSpendAlert>;
  getProjectSpendAlert(projectId: string, alertId: string): Promise<ProjectSpendAlert>;
  updateProjectSpendAlert(projectId: string, alertId: string, body: CreateSpendAlertBody): Promise<ProjectSpendAlert>;
  deleteProjectSpendAlert(projectId: string, alertId: string): Promise<void>;

  /** GET …/model_permissions; `null` on 404 (no allow or deny list: every model allowed). */
  getProjectModelPermissions(projectId: string): Promise<ProjectModelPermissions | null>;
  setProjectModelPermissions(
    projectId: string,
    body: ProjectModelPermissionsUpdateRequest,
  ): Promise<ProjectModelPermissions>;
  deleteProjectModelPermissions(projectId: string): Promise<void>;
  /** GET …/hosted_tool_permissions; `null` on 404 (never set). No delete in the spec. */
  getProjectHostedToolPermissions(projectId: string): Promise<ProjectHostedToolPermissions | null>;
  /** POST …/hosted_tool_permissions: tools left out of the body keep their setting. */
  setProjectHostedToolPermissions(
    projectId: string,
    body: ProjectHostedToolPermissionsUpdateRequest,
  ): Promise<ProjectHostedToolPermissions>;

  /** GET /organization/data_retention; `null` on 404 (never set). No delete in the spec. */
  getOrgDataRetention(): Promise<OrganizationDataRetention | null>;
  setOrgDataRetention(body: UpdateOrganizationDataRetentionBody): Promise<OrganizationDataRetention>;
  /** GET …/data_retention; `null` on 404 (never set). */
  getProjectDataRetention(projectId: string): Promise<ProjectDataRetention | null>;
  setProjectDataRetention(projectId: string, body: UpdateProjectDataRetentionBody): Promise<ProjectDataRetention>;

  // usage and costs (read only)
  getUsage(kind: UsageKind, query: UsageQuery): Promise<UsageResponse>;
  getCosts(query: UsageQuery): Promise<UsageResponse>;

  /** Requests made so far, by route template. */
  requestStats(): RequestStats;
}
