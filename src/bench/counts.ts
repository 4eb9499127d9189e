// Object counts of the live org, taken from the emulator's store, for minimumRequests and
// the critical path. Counting from the server side keeps the bound independent of the reader.
import type { RunningEmulator } from '../emulator/index.js';
import type { ProjectCounts, ReadCounts } from '../live/index.js';

type Store = RunningEmulator['control']['store'];

export function countsFromStore(store: Store): ReadCounts {
  const roles = [...store.roles.values()];
  const userRoles = new Map<string, number>();
  for (const user of store.users.values()) userRoles.set((user.email ?? user.id).toLowerCase(), store.userRoles.get(user.id)?.size ?? 0);
  const groups = [...store.groups.values()].map((g) => ({
    name: g.name,
    members: store.groupMembers.get(g.id)?.size ?? 0,
    roles: store.groupRoles.get(g.id)?.size ?? 0,
  }));
  const groupName = new Map([...store.groups.values()].map((g) => [g.id, g.name]));
  const projects: ProjectCounts[] = [...store.projects.values()].map((p) => {
    const userRolesHere = store.projectUserRoles.get(p.id);
    const groupRolesHere = store.projectGroupRoles.get(p.id);
    return {
      name: p.name,
      id: p.id,
      archived: p.archived_at !== null,
      members: [...(store.projectMembers.get(p.id)?.values() ?? [])].map((m) => ({
        email: store.users.get(m.user_id)?.email?.toLowerCase() ?? m.user_id,
        roles: userRolesHere?.get(m.user_id)?.size ?? 0,
      })),
      groups: [...(store.projectGroups.get(p.id)?.values() ?? [])].map((g) => ({
        name: groupName.get(g.group_id) ?? g.group_id,
        roles: groupRolesHere?.get(g.group_id)?.size ?? 0,
      })),
      roles: roles.filter((r) => r.resource_type === 'api.project' && (r.predefined_role || r.project_id === p.id)).length,
      serviceAccounts: store.serviceAccounts.get(p.id)?.size ?? 0,
      rateLimits: store.rateLimits.get(p.id)?.size ?? 0,
      certificates: store.projectCertificates.get(p.id)?.size ?? 0,
      apiKeys: store.projectApiKeys.get(p.id)?.size ?? 0,
      extensions: new Map([['project.spend_alert', store.projectSpendAlerts.get(p.id)?.size ?? 0]]),
    };
  });
  return {
    users: store.users.size,
    invites: store.invites.size,
    orgRoles: roles.filter((r) => r.resource_type === 'api.organization').length,
    certificates: store.certificates.size,
    adminApiKeys: store.adminKeys.size,
    userRoles,
    groups,
    projects,
    extensions: new Map([['org.spend_alert', store.orgSpendAlerts.size]]),
  };
}
