// Audit events name things by id; plan addresses name them by email or name. The index
// maps one to the other from live snapshots. It is merged across snapshots so an event
// about something deleted since (no longer in live state) still resolves.
import type { LiveState } from '../model/types.js';

export interface IdIndex {
  users: Map<string, string>;
  invites: Map<string, string>;
  groups: Map<string, string>;
  orgRoles: Map<string, string>;
  projectRoles: Map<string, { project: string; name: string }>;
  projects: Map<string, string>;
  serviceAccounts: Map<string, { project: string; name: string }>;
  rateLimits: Map<string, { project: string; model: string }>;
  certificates: Map<string, string>;
}

export function emptyIdIndex(): IdIndex {
  return {
    users: new Map(),
    invites: new Map(),
    groups: new Map(),
    orgRoles: new Map(),
    projectRoles: new Map(),
    projects: new Map(),
    serviceAccounts: new Map(),
    rateLimits: new Map(),
    certificates: new Map(),
  };
}

/** A new index holding `previous` overlaid with what `live` says. */
export function indexLiveState(live: LiveState, previous: IdIndex = emptyIdIndex()): IdIndex {
  const next: IdIndex = {
    users: new Map(previous.users),
    invites: new Map(previous.invites),
    groups: new Map(previous.groups),
    orgRoles: new Map(previous.orgRoles),
    projectRoles: new Map(previous.projectRoles),
    projects: new Map(previous.projects),
    serviceAccounts: new Map(previous.serviceAccounts),
    rateLimits: new Map(previous.rateLimits),
    certificates: new Map(previous.certificates),
  };
  const org = live.org;
  for (const m of org.members.values()) if (m.id) next.users.set(m.id, m.email);
  for (const i of org.invites.values()) next.invites.set(i.id, i.email.toLowerCase());
  for (const g of org.groups?.values() ?? []) if (g.id) next.groups.set(g.id, g.name);
  for (const r of org.roles?.values() ?? []) if (r.id) next.orgRoles.set(r.id, r.name);
  for (const r of live.predefinedRoles.org.values()) if (r.id) next.orgRoles.set(r.id, r.name);
  for (const c of org.certificates?.values() ?? []) if (c.id) next.certificates.set(c.id, c.name);
  for (const p of org.projects.values()) {
    if (!p.id) continue;
    next.projects.set(p.id, p.name);
    for (const m of p.members?.values() ?? []) if (m.userId) next.users.set(m.userId, m.email);
    for (const r of p.roles?.values() ?? []) if (r.id) next.projectRoles.set(r.id, { project: p.name, name: r.name });
    for (const r of live.predefinedRoles.project.get(p.id)?.values() ?? []) {
      if (r.id) next.projectRoles.set(r.id, { project: p.name, name: r.name });
    }
    for (const s of p.serviceAccounts?.values() ?? []) {
      if (s.id) next.serviceAccounts.set(s.id, { project: p.name, name: s.name });
    }
    for (const l of p.rateLimits?.values() ?? []) if (l.id) next.rateLimits.set(l.id, { project: p.name, model: l.model });
    for (const g of p.groups?.values() ?? []) if (g.groupId) next.groups.set(g.groupId, g.name);
  }
  return next;
}

/** Predefined role ids can come back scoped (`role-x__api-project__proj_1`, API-NOTES): try the bare id too. */
export function lookupRole<T>(map: ReadonlyMap<string, T>, roleId: string): T | undefined {
  return map.get(roleId) ?? map.get(roleId.split('__')[0] ?? roleId);
}
