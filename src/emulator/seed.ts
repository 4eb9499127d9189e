// Loading a seed into the store, and dumping the store as a seed (same format).
import { badRequest } from './http-error.js';
import { newId, newSecret } from './ids.js';
import { PREDEFINED_ROLES, unscopeRoleId } from './roles-catalog.js';
import { createProjectRecord } from './routes/projects.js';
import { INVITE_TTL_SECONDS } from './routes/invites.js';
import type { EmulatorSeed, SeedProject, SeedSpendAlert, SeedSpendLimit } from './seed-types.js';
import { nested, type EmulatorStore } from './store.js';
import { HOSTED_TOOLS } from './types.js';
import type { GroupRec, HostedToolsRec, ProjectApiKeyRec, RateLimitRec, RoleRec, ServiceAccountRec, SpendAlertRec, SpendLimitRec, UserRec } from './types.js';

/** A made-up but well-formed certificate body for seeds that leave `content` out. */
const PLACEHOLDER_PEM = '-----BEGIN CERTIFICATE-----\nMIIBemulator\n-----END CERTIFICATE-----';
const YEAR = 365 * 24 * 3600;

/** Replaces the store's content with the seed. Throws a 400 error on a dangling reference. */
export function loadSeed(store: EmulatorStore, seed: EmulatorSeed, now: number): void {
  store.clear();
  store.org = { id: seed.organization?.id ?? newId('org'), name: seed.organization?.name ?? 'Emulated Org' };
  for (const role of PREDEFINED_ROLES) store.roles.set(role.id, { ...role, permissions: [...role.permissions] });

  for (const u of seed.users ?? []) {
    if (u.email !== undefined && store.userByEmail(u.email)) throw badRequest(`seed: duplicate user email '${u.email}'`);
    if (u.email === undefined && u.id === undefined) throw badRequest('seed: a user without an email needs an id');
    store.putUser({
      id: u.id ?? newId('user'),
      ...(u.email !== undefined ? { email: u.email } : {}),
      name: u.name ?? u.email?.split('@')[0] ?? u.id ?? '',
      role: u.role ?? 'reader',
      added_at: u.added_at ?? now,
      is_scim_managed: u.is_scim_managed ?? false,
    });
  }
  const findUser = (ref: string, where: string): UserRec => {
    const user = store.users.get(ref) ?? store.userByEmail(ref);
    if (!user) throw badRequest(`seed: ${where} refers to unknown user '${ref}'`);
    return user;
  };

  for (const c of seed.certificates ?? []) {
    const id = c.id ?? newId('cert');
    store.certificates.set(id, {
      id,
      name: c.name,
      content: c.content ?? PLACEHOLDER_PEM,
      created_at: c.created_at ?? now,
      valid_at: c.valid_at ?? c.created_at ?? now,
      expires_at: c.expires_at ?? (c.created_at ?? now) + YEAR,
      org_active: c.active ?? false,
    });
  }

  for (const g of seed.groups ?? []) {
    const group: GroupRec = { id: g.id ?? newId('group'), name: g.name, created_at: g.created_at ?? now, is_scim_managed: g.is_scim_managed ?? false };
    store.groups.set(group.id, group);
    for (const ref of g.users ?? []) store.putGroupMember(group.id, findUser(ref, `group '${g.name}'`).id, group.created_at);
  }
  const findGroup = (ref: string, where: string): GroupRec => {
    const group = store.groups.get(ref) ?? [...store.groups.values()].find((g) => g.name === ref);
    if (!group) throw badRequest(`seed: ${where} refers to unknown group '${ref}'`);
    return group;
  };

  for (const p of seed.projects ?? []) loadProject(store, p, now, findUser, findGroup);

  for (const r of seed.roles ?? []) {
    const projectId = r.project_id ?? null;
    if (projectId !== null && !store.projects.has(projectId)) throw badRequest(`seed: role '${r.name}' refers to unknown project '${projectId}'`);
    const role: RoleRec = {
      id: r.id ?? newId('role'),
      name: r.name,
      description: r.description ?? null,
      permissions: r.permissions ?? [],
      resource_type: r.resource_type ?? (projectId === null ? 'api.organization' : 'api.project'),
      predefined_role: false,
      project_id: projectId,
      created_at: r.created_at ?? now,
      updated_at: r.updated_at ?? r.created_at ?? now,
    };
    store.roles.set(role.id, role);
  }

  // Granting a group access to a project is a project role assignment of the group (as the API does).
  for (const [projectId, groups] of store.projectGroups) {
    for (const rec of groups.values()) {
      const ref = unscopeRoleId(rec.role);
      const role = [...store.roles.values()].find(
        (r) => r.resource_type === 'api.project' && (r.project_id === null || r.project_id === projectId) && (r.id === ref || r.name === ref),
      );
      if (!role) throw badRequest(`seed: project '${projectId}' grants group '${rec.group_id}' unknown role '${rec.role}'`);
      rec.role = role.id;
      const byGroup = nested(store.projectGroupRoles, projectId, () => new Map<string, Map<string, number>>());
      nested(byGroup, rec.group_id, () => new Map<string, number>()).set(role.id, rec.created_at);
    }
  }

  for (const a of seed.role_assignments ?? []) {
    const resourceType = a.project_id === undefined ? 'api.organization' : 'api.project';
    const role =
      store.roles.get(a.role) ??
      [...store.roles.values()].find(
        (r) => r.name === a.role && r.resource_type === resourceType && (r.project_id === null || r.project_id === a.project_id),
      );
    if (!role) throw badRequest(`seed: role assignment refers to unknown role '${a.role}'`);
    const principalId = a.principal_type === 'user' ? findUser(a.principal, 'role assignment').id : findGroup(a.principal, 'role assignment').id;
    const at = a.assigned_at ?? now;
    if (a.project_id === undefined) {
      nested(a.principal_type === 'user' ? store.userRoles : store.groupRoles, principalId, () => new Map()).set(role.id, at);
    } else {
      const byPrincipal = nested(
        a.principal_type === 'user' ? store.projectUserRoles : store.projectGroupRoles,
        a.project_id,
        () => new Map<string, Map<string, number>>(),
      );
      nested(byPrincipal, principalId, () => new Map<string, number>()).set(role.id, at);
    }
  }

  for (const i of seed.invites ?? []) {
    const created = i.created_at ?? now;
    const id = i.id ?? newId('invite');
    store.invites.set(id, {
      id,
      email: i.email,
      role: i.role ?? 'reader',
      status: i.status ?? 'pending',
      created_at: created,
      expires_at: i.expires_at ?? (i.status === 'expired' ? Math.min(now - 1, created + INVITE_TTL_SECONDS) : created + INVITE_TTL_SECONDS),
      accepted_at: i.accepted_at ?? (i.status === 'accepted' ? created : null),
      projects: i.projects ?? [],
    });
  }

  for (const k of seed.admin_keys ?? []) {
    const owner = k.owner === undefined ? [...store.users.values()].find((u) => u.role === 'owner') : findUser(k.owner, 'admin key');
    if (!owner) throw badRequest('seed: an admin key needs an owner (seed a user with role owner)');
    store.putAdminKey({
      id: k.id ?? newId('key'),
      name: k.name ?? 'Admin key',
      value: k.value,
      created_at: k.created_at ?? now,
      last_used_at: k.last_used_at ?? null,
      owner_user_id: owner.id,
    });
  }

  for (const event of seed.audit_logs ?? []) store.appendAudit(structuredClone(event));

  store.orgSpendLimit = seed.spend_limit == null ? null : spendLimitRec(seed.spend_limit);
  for (const a of seed.spend_alerts ?? []) {
    const alert = spendAlertRec(a);
    store.orgSpendAlerts.set(alert.id, alert);
  }
  store.orgDataRetention = seed.data_retention ?? null;
  store.unsetSettings = seed.unset_settings ?? '404';
}

function spendLimitRec(limit: SeedSpendLimit): SpendLimitRec {
  return {
    threshold_amount: limit.threshold_amount,
    currency: limit.currency ?? 'USD',
    interval: limit.interval ?? 'month',
    enforcement_status: limit.enforcement_status ?? 'enforcing',
  };
}

function spendAlertRec(alert: SeedSpendAlert): SpendAlertRec {
  return {
    id: alert.id ?? newId('spend_alert'),
    threshold_amount: alert.threshold_amount,
    currency: alert.currency ?? 'USD',
    interval: alert.interval ?? 'month',
    recipients: [...alert.notification_channel.recipients],
    subject_prefix: alert.notification_channel.subject_prefix ?? null,
  };
}

function dumpSpendLimit(limit: SpendLimitRec): SeedSpendLimit {
  return { ...limit };
}

function dumpSpendAlert(alert: SpendAlertRec): SeedSpendAlert {
  return {
    id: alert.id,
    threshold_amount: alert.threshold_amount,
    currency: alert.currency,
    interval: alert.interval,
    notification_channel: { type: 'email', recipients: [...alert.recipients], subject_prefix: alert.subject_prefix },
  };
}

function loadProject(
  store: EmulatorStore,
  p: SeedProject,
  now: number,
  findUser: (ref: string, where: string) => UserRec,
  findGroup: (ref: string, where: string) => GroupRec,
): void {
  const id = p.id ?? newId('project');
  const archivedAt = p.archived_at ?? null;
  createProjectRecord(store, { id, name: p.name, created_at: p.created_at ?? now, archived_at: archivedAt, external_key_id: p.external_key_id ?? null });
  const where = `project '${p.name}'`;
  // Archived projects have no users.
  if (archivedAt === null) {
    for (const m of p.users ?? []) store.putProjectMember(id, { user_id: findUser(m.user, where).id, role: m.role, added_at: m.added_at ?? now });
  }
  for (const g of p.groups ?? []) store.putProjectGroup(id, { group_id: findGroup(g.group, where).id, role: g.role, created_at: g.created_at ?? now });
  const accounts = nested(store.serviceAccounts, id, () => new Map<string, ServiceAccountRec>());
  const keys = nested(store.projectApiKeys, id, () => new Map<string, ProjectApiKeyRec>());
  for (const s of p.service_accounts ?? []) {
    const account = { id: s.id ?? newId('service_account'), name: s.name, role: s.role ?? 'member', created_at: s.created_at ?? now };
    accounts.set(account.id, account);
    if (s.api_key !== null) {
      const keyId = s.api_key?.id ?? newId('key');
      keys.set(keyId, {
        id: keyId,
        name: s.api_key?.name ?? 'Secret Key',
        value: s.api_key?.value ?? newSecret('svcacct'),
        created_at: s.api_key?.created_at ?? account.created_at,
        last_used_at: s.api_key?.last_used_at ?? null,
        owner: { type: 'service_account', service_account_id: account.id },
      });
    }
  }
  for (const k of p.api_keys ?? []) {
    const keyId = k.id ?? newId('key');
    keys.set(keyId, {
      id: keyId,
      name: k.name,
      value: k.value ?? newSecret('proj'),
      created_at: k.created_at ?? now,
      last_used_at: k.last_used_at ?? null,
      owner: { type: 'user', user_id: findUser(k.owner, where).id },
    });
  }
  const rows = store.rateLimits.get(id) ?? new Map<string, RateLimitRec>();
  for (const override of p.rate_limits ?? []) {
    const existing = [...rows.values()].find((r) => r.model === override.model);
    if (existing) {
      rows.delete(existing.id);
      rows.set(override.id ?? existing.id, { ...existing, ...override, id: override.id ?? existing.id });
    } else {
      const rowId = override.id ?? newId('rate_limit');
      rows.set(rowId, { max_requests_per_1_minute: 0, max_tokens_per_1_minute: 0, ...override, id: rowId });
    }
  }
  for (const certId of p.certificates ?? []) {
    if (!store.certificates.has(certId)) throw badRequest(`seed: ${where} refers to unknown certificate '${certId}'`);
    nested(store.projectCertificates, id, () => new Set()).add(certId);
  }
  if (p.spend_limit != null) store.projectSpendLimits.set(id, spendLimitRec(p.spend_limit));
  if (p.spend_alerts !== undefined) {
    const alerts = nested(store.projectSpendAlerts, id, () => new Map<string, SpendAlertRec>());
    for (const a of p.spend_alerts) {
      const alert = spendAlertRec(a);
      alerts.set(alert.id, alert);
    }
  }
  if (p.model_permissions != null) {
    store.projectModelPermissions.set(id, { mode: p.model_permissions.mode, model_ids: [...new Set(p.model_permissions.model_ids)] });
  }
  if (p.hosted_tool_permissions != null) {
    const tools = {} as HostedToolsRec;
    for (const tool of HOSTED_TOOLS) tools[tool] = p.hosted_tool_permissions[tool]?.enabled ?? true;
    store.projectHostedTools.set(id, tools);
  }
  if (p.data_retention != null) store.projectDataRetention.set(id, p.data_retention);
}

/** The whole state as a seed: ids, timestamps, secrets (demo-only) and audit events included. */
export function dumpSeed(store: EmulatorStore): EmulatorSeed {
  const roleAssignments: NonNullable<EmulatorSeed['role_assignments']> = [];
  for (const [userId, roles] of store.userRoles) for (const [role, at] of roles) roleAssignments.push({ principal_type: 'user', principal: userId, role, assigned_at: at });
  for (const [groupId, roles] of store.groupRoles) for (const [role, at] of roles) roleAssignments.push({ principal_type: 'group', principal: groupId, role, assigned_at: at });
  for (const [kind, map] of [['user', store.projectUserRoles], ['group', store.projectGroupRoles]] as const) {
    for (const [projectId, byPrincipal] of map) {
      for (const [principal, roles] of byPrincipal) {
        for (const [role, at] of roles) roleAssignments.push({ principal_type: kind, principal, role, project_id: projectId, assigned_at: at });
      }
    }
  }
  return {
    organization: { ...store.org },
    admin_keys: [...store.adminKeys.values()].map((k) => ({ id: k.id, name: k.name, value: k.value, owner: k.owner_user_id, created_at: k.created_at, last_used_at: k.last_used_at })),
    users: [...store.users.values()].map((u) => ({ ...u })),
    invites: [...store.invites.values()].map((i) => ({ ...i, projects: i.projects.map((p) => ({ ...p })) })),
    groups: [...store.groups.values()].map((g) => ({ ...g, users: [...(store.groupMembers.get(g.id)?.keys() ?? [])] })),
    roles: [...store.roles.values()].filter((r) => !r.predefined_role).map((r) => ({ ...r, permissions: [...r.permissions] })),
    role_assignments: roleAssignments,
    projects: [...store.projects.values()].map((p) => dumpProject(store, p.id)),
    certificates: [...store.certificates.values()].map((c) => ({ id: c.id, name: c.name, content: c.content, created_at: c.created_at, valid_at: c.valid_at, expires_at: c.expires_at, active: c.org_active })),
    audit_logs: store.auditLogs.map((e) => structuredClone(e)),
    spend_limit: store.orgSpendLimit === null ? null : dumpSpendLimit(store.orgSpendLimit),
    spend_alerts: [...store.orgSpendAlerts.values()].map(dumpSpendAlert),
    data_retention: store.orgDataRetention,
    unset_settings: store.unsetSettings,
  };
}

function dumpProject(store: EmulatorStore, id: string): SeedProject {
  const p = store.projects.get(id);
  if (!p) throw new Error(`unknown project ${id}`);
  const keys = [...(store.projectApiKeys.get(id)?.values() ?? [])];
  const limit = store.projectSpendLimits.get(id);
  const models = store.projectModelPermissions.get(id);
  const tools = store.projectHostedTools.get(id);
  return {
    id: p.id,
    name: p.name,
    created_at: p.created_at,
    archived_at: p.archived_at,
    external_key_id: p.external_key_id,
    users: [...(store.projectMembers.get(id)?.values() ?? [])].map((m) => ({ user: m.user_id, role: m.role, added_at: m.added_at })),
    groups: [...(store.projectGroups.get(id)?.values() ?? [])].map((g) => ({ group: g.group_id, role: g.role, created_at: g.created_at })),
    service_accounts: [...(store.serviceAccounts.get(id)?.values() ?? [])].map((s) => {
      const key = keys.find((k) => k.owner.type === 'service_account' && k.owner.service_account_id === s.id);
      return {
        ...s,
        api_key: key ? { id: key.id, name: key.name, value: key.value, created_at: key.created_at, last_used_at: key.last_used_at } : null,
      };
    }),
    api_keys: keys.flatMap((k) =>
      k.owner.type === 'user' ? [{ id: k.id, name: k.name, value: k.value, owner: k.owner.user_id, created_at: k.created_at, last_used_at: k.last_used_at }] : [],
    ),
    rate_limits: [...(store.rateLimits.get(id)?.values() ?? [])].map((r) => ({ ...r })),
    certificates: [...(store.projectCertificates.get(id) ?? [])],
    spend_limit: limit === undefined ? null : dumpSpendLimit(limit),
    spend_alerts: [...(store.projectSpendAlerts.get(id)?.values() ?? [])].map(dumpSpendAlert),
    model_permissions: models === undefined ? null : { mode: models.mode, model_ids: [...models.model_ids] },
    hosted_tool_permissions:
      tools === undefined ? null : Object.fromEntries(HOSTED_TOOLS.map((tool) => [tool, { enabled: tools[tool] }])),
    data_retention: store.projectDataRetention.get(id) ?? null,
  };
}
