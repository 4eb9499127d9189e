// A small in-memory AdminApi for apply tests: records every call, lets a test inject
// failures (plain, 409, or "ambiguous": applied on the server but the answer lost)
// and hold calls at a gate to observe concurrency.
import type { AdminApi } from '../../../src/api/admin-api.js';

export class FakeApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
    readonly ambiguous = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Call {
  method: string;
  args: unknown[];
}

type Fault = { mode: 'before' | 'after'; error: Error; times: number };

interface Row {
  id: string;
  name: string;
}

let counter = 0;
const nextId = (prefix: string): string => `${prefix}_${(counter += 1)}`;

export class FakeAdminApi {
  readonly calls: Call[] = [];
  users: { id: string; email: string; role: 'owner' | 'reader' }[] = [];
  invites: { id: string; email: string; role: string; status: 'pending'; projects: { id: string; role: string }[] }[] = [];
  groups: Row[] = [];
  groupUsers = new Map<string, Set<string>>();
  groupRoles = new Map<string, Set<string>>();
  userRoles = new Map<string, Set<string>>();
  roles: (Row & { permissions: string[]; predefined: boolean })[] = [];
  projects: (Row & { status: 'active' | 'archived' })[] = [];
  projectUsers = new Map<string, Map<string, string>>();
  projectUserRoles = new Map<string, Set<string>>();
  projectGroups = new Map<string, Map<string, string>>();
  projectGroupRoles = new Map<string, Set<string>>();
  projectRoles = new Map<string, (Row & { predefined?: boolean })[]>();
  serviceAccounts = new Map<string, (Row & { createdAt: number })[]>();
  rateLimits = new Map<string, { id: string; model: string; values: Record<string, number> }[]>();
  certificates: (Row & { active: boolean })[] = [];
  /** Keys handed out by createProjectServiceAccount, for leak checks. */
  readonly issuedKeys: string[] = [];
  private readonly faults = new Map<string, Fault[]>();
  private readonly gates = new Map<string, Promise<void>>();

  /** The next `times` calls of `method` fail: `before` (nothing happens) or `after` (it happens, answer lost). */
  fail(method: string, error: Error, options: { mode?: 'before' | 'after'; times?: number } = {}): void {
    const list = this.faults.get(method) ?? [];
    list.push({ mode: options.mode ?? 'before', error, times: options.times ?? 1 });
    this.faults.set(method, list);
  }

  /** Calls of `method` wait until the returned function is called. */
  gate(method: string): () => void {
    let open!: () => void;
    this.gates.set(method, new Promise<void>((resolve) => (open = resolve)));
    return () => {
      this.gates.delete(method);
      open();
    };
  }

  mutations(): Call[] {
    return this.calls.filter((c) => !/^(list|get)/.test(c.method));
  }

  callsOf(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  addUser(email: string, role: 'owner' | 'reader' = 'reader'): string {
    const id = nextId('user');
    this.users.push({ id, email, role });
    return id;
  }

  addProject(name: string): string {
    const id = nextId('proj');
    this.projects.push({ id, name, status: 'active' });
    this.projectRoles.set(id, [
      // Predefined project roles come back with scoped ids (API-NOTES).
      { id: `role-api-project-owner__api-project__${id}`, name: 'Owner', predefined: true },
      { id: `role-api-project-member__api-project__${id}`, name: 'Member', predefined: true },
    ]);
    this.rateLimits.set(id, [{ id: `rl-gpt-4o-${id}`, model: 'gpt-4o', values: {} }]);
    return id;
  }

  addRole(name: string, predefined = false): string {
    const id = predefined ? `role-${name.toLowerCase().replace(/\s+/g, '-')}` : nextId('role');
    this.roles.push({ id, name, permissions: [], predefined });
    return id;
  }

  private async call<T>(method: string, args: unknown[], run: () => T): Promise<T> {
    this.calls.push({ method, args });
    const gate = this.gates.get(method);
    if (gate !== undefined) await gate;
    await Promise.resolve();
    const list = this.faults.get(method);
    const fault = list?.[0];
    if (fault !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) list!.shift();
      if (fault.mode === 'before') throw fault.error;
      run();
      throw fault.error;
    }
    return run();
  }

  private async *iterate<T>(method: string, args: unknown[], items: () => T[]): AsyncIterable<T> {
    const list = await this.call(method, args, () => [...items()]);
    yield* list;
  }

  api(): AdminApi {
    const notUsed = (name: string) => () => {
      throw new Error(`FakeAdminApi: ${name} is not faked`);
    };
    const keySet = (map: Map<string, Set<string>>, key: string): Set<string> => {
      let set = map.get(key);
      if (set === undefined) map.set(key, (set = new Set()));
      return set;
    };
    const roleRow = (id: string) => this.roles.find((r) => r.id === id) ?? { id, name: id, permissions: [], predefined: false };
    const assigned = (ids: Set<string>, lookup: (id: string) => Row) =>
      [...ids].map((id) => ({ id, name: lookup(id).name, permissions: [], resource_type: 'x', predefined_role: false }) as never);
    const projectRoleRow = (projectId: string, id: string): Row =>
      this.projectRoles.get(projectId)?.find((r) => r.id === id) ?? { id, name: id };
    const api: Partial<AdminApi> = {
      listUsers: (query) =>
        this.iterate('listUsers', [query], () =>
          this.users
            .filter((u) => query?.emails === undefined || query.emails.map((e) => e.toLowerCase()).includes(u.email))
            .map((u) => ({ object: 'organization.user', id: u.id, email: u.email, role: u.role, added_at: 0 }) as never),
        ),
      updateUser: (userId, body) =>
        this.call('updateUser', [userId, body], () => {
          const user = this.users.find((u) => u.id === userId);
          if (user === undefined) throw new FakeApiError('user not found', 404);
          user.role = body.role;
          return { id: userId } as never;
        }),
      deleteUser: (userId) =>
        this.call('deleteUser', [userId], () => {
          if (!this.users.some((u) => u.id === userId)) throw new FakeApiError('user not found', 404);
          this.users = this.users.filter((u) => u.id !== userId);
        }),
      listUserRoles: (userId) => this.iterate('listUserRoles', [userId], () => assigned(keySet(this.userRoles, userId), roleRow)),
      assignUserRole: (userId, roleId) =>
        this.call('assignUserRole', [userId, roleId], () => {
          const set = keySet(this.userRoles, userId);
          if (set.has(roleId)) throw new FakeApiError('role already assigned', 409);
          set.add(roleId);
          return {} as never;
        }),
      unassignUserRole: (userId, roleId) =>
        this.call('unassignUserRole', [userId, roleId], () => void keySet(this.userRoles, userId).delete(roleId)),
      listInvites: () => this.iterate('listInvites', [], () => this.invites as never[]),
      createInvite: (body) =>
        this.call('createInvite', [body], () => {
          if (this.invites.some((i) => i.email === body.email)) throw new FakeApiError('invite already exists', 409);
          const invite = { id: nextId('invite'), email: body.email, role: body.role, status: 'pending' as const, projects: body.projects ?? [] };
          this.invites.push(invite);
          return invite as never;
        }),
      deleteInvite: (inviteId) =>
        this.call('deleteInvite', [inviteId], () => {
          this.invites = this.invites.filter((i) => i.id !== inviteId);
        }),
      listGroups: () => this.iterate('listGroups', [], () => this.groups as never[]),
      createGroup: (body) =>
        this.call('createGroup', [body], () => {
          const group = { id: nextId('group'), name: body.name };
          this.groups.push(group);
          return group as never;
        }),
      deleteGroup: (groupId) =>
        this.call('deleteGroup', [groupId], () => {
          this.groups = this.groups.filter((g) => g.id !== groupId);
        }),
      listGroupUsers: (groupId) =>
        this.iterate('listGroupUsers', [groupId], () => [...keySet(this.groupUsers, groupId)].map((id) => ({ id, name: id, email: null }))),
      addGroupUser: (groupId, userId) =>
        this.call('addGroupUser', [groupId, userId], () => {
          const set = keySet(this.groupUsers, groupId);
          if (set.has(userId)) throw new FakeApiError('already a member', 409);
          set.add(userId);
          return {} as never;
        }),
      removeGroupUser: (groupId, userId) =>
        this.call('removeGroupUser', [groupId, userId], () => void keySet(this.groupUsers, groupId).delete(userId)),
      listGroupRoles: (groupId) => this.iterate('listGroupRoles', [groupId], () => assigned(keySet(this.groupRoles, groupId), roleRow)),
      assignGroupRole: (groupId, roleId) =>
        this.call('assignGroupRole', [groupId, roleId], () => {
          keySet(this.groupRoles, groupId).add(roleId);
          return {} as never;
        }),
      unassignGroupRole: (groupId, roleId) =>
        this.call('unassignGroupRole', [groupId, roleId], () => void keySet(this.groupRoles, groupId).delete(roleId)),
      listRoles: () =>
        this.iterate('listRoles', [], () =>
          this.roles.map((r) => ({ id: r.id, name: r.name, permissions: r.permissions, predefined_role: r.predefined }) as never),
        ),
      createRole: (body) =>
        this.call('createRole', [body], () => {
          const role = { id: nextId('role'), name: body.role_name, permissions: body.permissions, predefined: false };
          this.roles.push(role);
          return { id: role.id, name: role.name } as never;
        }),
      updateRole: (roleId, body) => this.call('updateRole', [roleId, body], () => ({ id: roleId }) as never),
      deleteRole: (roleId) =>
        this.call('deleteRole', [roleId], () => {
          this.roles = this.roles.filter((r) => r.id !== roleId);
        }),
      listCertificates: () => this.iterate('listCertificates', [], () => this.certificates as never[]),
      uploadCertificate: (body) =>
        this.call('uploadCertificate', [body], () => {
          const certificate = { id: nextId('cert'), name: body.name ?? '', active: false };
          this.certificates.push(certificate);
          return certificate as never;
        }),
      activateCertificates: (ids) =>
        this.call('activateCertificates', [ids], () => {
          for (const c of this.certificates) if (ids.includes(c.id)) c.active = true;
        }),
      deactivateCertificates: (ids) =>
        this.call('deactivateCertificates', [ids], () => {
          for (const c of this.certificates) if (ids.includes(c.id)) c.active = false;
        }),
      deleteCertificate: (id) => this.call('deleteCertificate', [id], () => undefined),
      listProjects: (query) =>
        this.iterate('listProjects', [query], () =>
          this.projects.filter((p) => query?.includeArchived === true || p.status === 'active') as never[],
        ),
      createProject: (body) =>
        this.call('createProject', [body], () => {
          const id = this.addProject(body.name);
          return { id, name: body.name, status: 'active' } as never;
        }),
      updateProject: (projectId, body) => this.call('updateProject', [projectId, body], () => ({ id: projectId }) as never),
      archiveProject: (projectId) =>
        this.call('archiveProject', [projectId], () => {
          const project = this.projects.find((p) => p.id === projectId);
          if (project) project.status = 'archived';
          return { id: projectId } as never;
        }),
      listProjectUsers: (projectId) =>
        this.iterate('listProjectUsers', [projectId], () =>
          [...(this.projectUsers.get(projectId) ?? new Map<string, string>())].map(([id, role]) => ({ id, role }) as never),
        ),
      addProjectUser: (projectId, body) =>
        this.call('addProjectUser', [projectId, body], () => {
          const users = this.projectUsers.get(projectId) ?? new Map<string, string>();
          this.projectUsers.set(projectId, users);
          if (users.has(body.user_id!)) throw new FakeApiError('already in project', 409);
          users.set(body.user_id!, body.role);
          return { id: body.user_id } as never;
        }),
      updateProjectUser: (projectId, userId, body) =>
        this.call('updateProjectUser', [projectId, userId, body], () => {
          this.projectUsers.get(projectId)?.set(userId, body.role!);
          return { id: userId } as never;
        }),
      removeProjectUser: (projectId, userId) =>
        this.call('removeProjectUser', [projectId, userId], () => void this.projectUsers.get(projectId)?.delete(userId)),
      listProjectUserRoles: (projectId, userId) =>
        this.iterate('listProjectUserRoles', [projectId, userId], () =>
          assigned(keySet(this.projectUserRoles, `${projectId}/${userId}`), (id) => projectRoleRow(projectId, id)),
        ),
      assignProjectUserRole: (projectId, userId, roleId) =>
        this.call('assignProjectUserRole', [projectId, userId, roleId], () => {
          keySet(this.projectUserRoles, `${projectId}/${userId}`).add(roleId);
          return {} as never;
        }),
      unassignProjectUserRole: (projectId, userId, roleId) =>
        this.call('unassignProjectUserRole', [projectId, userId, roleId], () => void keySet(this.projectUserRoles, `${projectId}/${userId}`).delete(roleId)),
      listProjectGroups: (projectId) =>
        this.iterate('listProjectGroups', [projectId], () =>
          [...(this.projectGroups.get(projectId) ?? new Map<string, string>())].map(([group_id]) => ({ group_id, project_id: projectId }) as never),
        ),
      addProjectGroup: (projectId, body) =>
        this.call('addProjectGroup', [projectId, body], () => {
          const groups = this.projectGroups.get(projectId) ?? new Map<string, string>();
          this.projectGroups.set(projectId, groups);
          groups.set(body.group_id, body.role);
          return {} as never;
        }),
      removeProjectGroup: (projectId, groupId) =>
        this.call('removeProjectGroup', [projectId, groupId], () => void this.projectGroups.get(projectId)?.delete(groupId)),
      listProjectGroupRoles: (projectId, groupId) =>
        this.iterate('listProjectGroupRoles', [projectId, groupId], () =>
          assigned(keySet(this.projectGroupRoles, `${projectId}/${groupId}`), (id) => projectRoleRow(projectId, id)),
        ),
      assignProjectGroupRole: (projectId, groupId, roleId) =>
        this.call('assignProjectGroupRole', [projectId, groupId, roleId], () => {
          keySet(this.projectGroupRoles, `${projectId}/${groupId}`).add(roleId);
          return {} as never;
        }),
      unassignProjectGroupRole: (projectId, groupId, roleId) =>
        this.call('unassignProjectGroupRole', [projectId, groupId, roleId], () => void keySet(this.projectGroupRoles, `${projectId}/${groupId}`).delete(roleId)),
      listProjectRoles: (projectId) =>
        this.iterate('listProjectRoles', [projectId], () =>
          (this.projectRoles.get(projectId) ?? []).map((r) => ({ id: r.id, name: r.name, predefined_role: r.predefined === true }) as never),
        ),
      createProjectRole: (projectId, body) =>
        this.call('createProjectRole', [projectId, body], () => {
          const role = { id: nextId('prole'), name: body.role_name };
          this.projectRoles.set(projectId, [...(this.projectRoles.get(projectId) ?? []), role]);
          return role as never;
        }),
      updateProjectRole: (projectId, roleId, body) => this.call('updateProjectRole', [projectId, roleId, body], () => ({ id: roleId }) as never),
      deleteProjectRole: (projectId, roleId) =>
        this.call('deleteProjectRole', [projectId, roleId], () => {
          this.projectRoles.set(projectId, (this.projectRoles.get(projectId) ?? []).filter((r) => r.id !== roleId));
        }),
      listProjectServiceAccounts: (projectId) =>
        this.iterate('listProjectServiceAccounts', [projectId], () =>
          (this.serviceAccounts.get(projectId) ?? []).map((a) => ({ id: a.id, name: a.name, role: 'member', created_at: a.createdAt }) as never),
        ),
      createProjectServiceAccount: (projectId, body) =>
        this.call('createProjectServiceAccount', [projectId, body], () => {
          const account = { id: nextId('svc_acct'), name: body.name, createdAt: 1_700_000_000 };
          this.serviceAccounts.set(projectId, [...(this.serviceAccounts.get(projectId) ?? []), account]);
          const value = `sk-svcacct-${account.id}-${'Z'.repeat(24)}`;
          this.issuedKeys.push(value);
          return {
            object: 'organization.project.service_account',
            id: account.id,
            name: account.name,
            role: 'member',
            created_at: account.createdAt,
            api_key: { object: 'organization.project.service_account.api_key', value, name: 'Secret Key', created_at: account.createdAt, id: `key_${account.id}` },
          };
        }),
      deleteProjectServiceAccount: (projectId, id) =>
        this.call('deleteProjectServiceAccount', [projectId, id], () => {
          this.serviceAccounts.set(projectId, (this.serviceAccounts.get(projectId) ?? []).filter((a) => a.id !== id));
        }),
      listProjectRateLimits: (projectId) =>
        this.iterate('listProjectRateLimits', [projectId], () =>
          (this.rateLimits.get(projectId) ?? []).map((r) => ({ id: r.id, model: r.model }) as never),
        ),
      updateProjectRateLimit: (projectId, rateLimitId, body) =>
        this.call('updateProjectRateLimit', [projectId, rateLimitId, body], () => {
          const row = this.rateLimits.get(projectId)?.find((r) => r.id === rateLimitId);
          if (row === undefined) throw new FakeApiError('rate limit not found', 404);
          Object.assign(row.values, body);
          return { id: rateLimitId } as never;
        }),
      activateProjectCertificates: (projectId, ids) => this.call('activateProjectCertificates', [projectId, ids], () => undefined),
      deactivateProjectCertificates: (projectId, ids) => this.call('deactivateProjectCertificates', [projectId, ids], () => undefined),
      requestStats: () => ({ total: this.calls.length, retries: 0, byRoute: {} }),
    };
    const table = api as Record<string, unknown>;
    return new Proxy(api as AdminApi, {
      get: (_target, name: string) => (name in table ? table[name] : notUsed(name)),
    });
  }
}
