// The one narrow interface everything above src/api/ talks to. The HTTP client
// implements it; tests of live, plan, apply and drift may use the emulator or a fake.
// Lists are async iterables that page at each endpoint's maximum size until done.
import type {
  AdminApiKey,
  AssignedRoleDetails,
  AuditLog,
  AuditLogQuery,
  Certificate,
  GroupRoleAssignment,
  GroupUser,
  GroupUserAssignment,
  Invite,
  InviteRequest,
  ListedGroup,
  ModifyCertificateRequest,
  Project,
  ProjectApiKey,
  ProjectCreateRequest,
  ProjectGroup,
  ProjectRateLimit,
  ProjectRateLimitUpdateRequest,
  ProjectServiceAccount,
  ProjectServiceAccountCreateRequest,
  ProjectServiceAccountCreateResponse,
  ProjectUpdateRequest,
  ProjectUser,
  ProjectUserCreateRequest,
  ProjectUserUpdateRequest,
  RequestStats,
  Role,
  RoleCreateRequest,
  RoleUpdateRequest,
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

  // usage and costs (read only)
  getUsage(kind: UsageKind, query: UsageQuery): Promise<UsageResponse>;
  getCosts(query: UsageQuery): Promise<UsageResponse>;

  /** Requests made so far, by route template. */
  requestStats(): RequestStats;
}
