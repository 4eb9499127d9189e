// The emulator's in-memory state. Collections are Maps in creation order (lists page
// over them), with reverse indexes so cascades (removing a user from every project and
// group) and membership lookups stay O(1) per relation.
import type {
  AdminKeyRec,
  AuditEvent,
  CertificateRec,
  GroupRec,
  HostedToolsRec,
  InviteRec,
  ModelPermissionsRec,
  OrgRetentionType,
  ProjectApiKeyRec,
  ProjectGroupRec,
  ProjectMemberRec,
  ProjectRec,
  ProjectRetentionType,
  RateLimitRec,
  RoleRec,
  ServiceAccountRec,
  SpendAlertRec,
  SpendLimitRec,
  UnsetSettingsMode,
  UserRec,
} from './types.js';

export function nested<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

export class EmulatorStore {
  org = { id: '', name: '' };
  readonly users = new Map<string, UserRec>();
  readonly usersByEmail = new Map<string, string>();
  readonly invites = new Map<string, InviteRec>();
  readonly projects = new Map<string, ProjectRec>();
  readonly projectMembers = new Map<string, Map<string, ProjectMemberRec>>();
  readonly userProjects = new Map<string, Set<string>>();
  readonly groups = new Map<string, GroupRec>();
  readonly groupMembers = new Map<string, Map<string, number>>();
  readonly userGroups = new Map<string, Set<string>>();
  readonly roles = new Map<string, RoleRec>();
  /** Organization role assignments: principal id → role id → assigned_at. */
  readonly userRoles = new Map<string, Map<string, number>>();
  readonly groupRoles = new Map<string, Map<string, number>>();
  /** Project role assignments: project id → principal id → role id → assigned_at. */
  readonly projectUserRoles = new Map<string, Map<string, Map<string, number>>>();
  readonly projectGroupRoles = new Map<string, Map<string, Map<string, number>>>();
  readonly projectGroups = new Map<string, Map<string, ProjectGroupRec>>();
  readonly groupProjects = new Map<string, Set<string>>();
  readonly serviceAccounts = new Map<string, Map<string, ServiceAccountRec>>();
  readonly projectApiKeys = new Map<string, Map<string, ProjectApiKeyRec>>();
  readonly rateLimits = new Map<string, Map<string, RateLimitRec>>();
  readonly certificates = new Map<string, CertificateRec>();
  readonly projectCertificates = new Map<string, Set<string>>();
  readonly adminKeys = new Map<string, AdminKeyRec>();
  readonly adminKeysByValue = new Map<string, string>();
  /** Oldest first; the list endpoint answers newest first. */
  readonly auditLogs: AuditEvent[] = [];
  readonly auditIndex = new Map<string, number>();
  // Governance settings: absent (null / no entry) means never set, or deleted.
  orgSpendLimit: SpendLimitRec | null = null;
  readonly orgSpendAlerts = new Map<string, SpendAlertRec>();
  orgDataRetention: OrgRetentionType | null = null;
  readonly projectSpendLimits = new Map<string, SpendLimitRec>();
  readonly projectSpendAlerts = new Map<string, Map<string, SpendAlertRec>>();
  readonly projectModelPermissions = new Map<string, ModelPermissionsRec>();
  readonly projectHostedTools = new Map<string, HostedToolsRec>();
  readonly projectDataRetention = new Map<string, ProjectRetentionType>();
  /** How GETs answer a setting never set (seed `unset_settings`, POST /_emulator/unset-settings). */
  unsetSettings: UnsetSettingsMode = '404';
  /**
   * Role-assignment ids (the `id` of role.assignment.* audit events), keyed by
   * `resource id|principal type|principal id|role id`. Made on assignment, dropped on removal.
   */
  readonly roleAssignmentIds = new Map<string, string>();

  /** The id of an assignment, made on first use (seeded assignments get one lazily). */
  roleAssignmentId(key: string, create: () => string): string {
    return nested(this.roleAssignmentIds, key, create);
  }

  clear(): void {
    this.org = { id: '', name: '' };
    this.orgSpendLimit = null;
    this.orgDataRetention = null;
    this.unsetSettings = '404';
    for (const value of Object.values(this)) {
      if (value instanceof Map) value.clear();
    }
    this.auditLogs.length = 0;
  }

  // --- users -------------------------------------------------------------------

  putUser(user: UserRec): void {
    this.users.set(user.id, user);
    if (user.email !== undefined) this.usersByEmail.set(user.email.toLowerCase(), user.id);
  }

  userByEmail(email: string): UserRec | undefined {
    const id = this.usersByEmail.get(email.toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  /** Removing an org user removes them from every project and group, and their role assignments. */
  removeUser(userId: string): void {
    const user = this.users.get(userId);
    if (!user) return;
    for (const projectId of [...(this.userProjects.get(userId) ?? [])]) this.removeProjectMember(projectId, userId);
    for (const groupId of [...(this.userGroups.get(userId) ?? [])]) this.removeGroupMember(groupId, userId);
    this.userRoles.delete(userId);
    this.userProjects.delete(userId);
    this.userGroups.delete(userId);
    if (user.email !== undefined) this.usersByEmail.delete(user.email.toLowerCase());
    this.users.delete(userId);
  }

  // --- projects ----------------------------------------------------------------

  putProjectMember(projectId: string, member: ProjectMemberRec): void {
    nested(this.projectMembers, projectId, () => new Map()).set(member.user_id, member);
    nested(this.userProjects, member.user_id, () => new Set()).add(projectId);
  }

  removeProjectMember(projectId: string, userId: string): void {
    this.projectMembers.get(projectId)?.delete(userId);
    this.userProjects.get(userId)?.delete(projectId);
    this.projectUserRoles.get(projectId)?.delete(userId);
  }

  /** Archived projects have no users. */
  archiveProject(projectId: string, at: number): void {
    const project = this.projects.get(projectId);
    if (!project) return;
    project.archived_at = at;
    for (const userId of [...(this.projectMembers.get(projectId)?.keys() ?? [])]) {
      this.removeProjectMember(projectId, userId);
    }
  }

  // --- groups ------------------------------------------------------------------

  putGroupMember(groupId: string, userId: string, addedAt: number): void {
    nested(this.groupMembers, groupId, () => new Map()).set(userId, addedAt);
    nested(this.userGroups, userId, () => new Set()).add(groupId);
  }

  removeGroupMember(groupId: string, userId: string): void {
    this.groupMembers.get(groupId)?.delete(userId);
    this.userGroups.get(userId)?.delete(groupId);
  }

  putProjectGroup(projectId: string, rec: ProjectGroupRec): void {
    nested(this.projectGroups, projectId, () => new Map()).set(rec.group_id, rec);
    nested(this.groupProjects, rec.group_id, () => new Set()).add(projectId);
  }

  removeProjectGroup(projectId: string, groupId: string): void {
    this.projectGroups.get(projectId)?.delete(groupId);
    this.groupProjects.get(groupId)?.delete(projectId);
    this.projectGroupRoles.get(projectId)?.delete(groupId);
  }

  removeGroup(groupId: string): void {
    for (const userId of [...(this.groupMembers.get(groupId)?.keys() ?? [])]) this.removeGroupMember(groupId, userId);
    for (const projectId of [...(this.groupProjects.get(groupId) ?? [])]) this.removeProjectGroup(projectId, groupId);
    this.groupMembers.delete(groupId);
    this.groupProjects.delete(groupId);
    this.groupRoles.delete(groupId);
    this.groups.delete(groupId);
  }

  // --- roles -------------------------------------------------------------------

  removeRole(roleId: string): void {
    for (const assigned of this.userRoles.values()) assigned.delete(roleId);
    for (const assigned of this.groupRoles.values()) assigned.delete(roleId);
    for (const byPrincipal of [...this.projectUserRoles.values(), ...this.projectGroupRoles.values()]) {
      for (const assigned of byPrincipal.values()) assigned.delete(roleId);
    }
    this.roles.delete(roleId);
  }

  // --- keys --------------------------------------------------------------------

  putAdminKey(key: AdminKeyRec): void {
    this.adminKeys.set(key.id, key);
    this.adminKeysByValue.set(key.value, key.id);
  }

  removeAdminKey(keyId: string): void {
    const key = this.adminKeys.get(keyId);
    if (!key) return;
    this.adminKeysByValue.delete(key.value);
    this.adminKeys.delete(keyId);
  }

  adminKeyByValue(value: string): AdminKeyRec | undefined {
    const id = this.adminKeysByValue.get(value);
    return id === undefined ? undefined : this.adminKeys.get(id);
  }

  // --- audit -------------------------------------------------------------------

  appendAudit(event: AuditEvent): void {
    this.auditIndex.set(event.id, this.auditLogs.length);
    this.auditLogs.push(event);
  }
}
