// Reads the live organization into the normalized model. Independent lists are read
// concurrently (the client's queue bounds concurrency), children start as soon as their
// parent list is in, and any failure aborts the whole read: unreadable never looks empty.
import type { AdminApi } from '../api/admin-api.js';
import type {
  AdminApiKey,
  AssignedRoleDetails,
  Certificate as WireCertificate,
  GroupUser,
  Invite as WireInvite,
  ListedGroup,
  Project as WireProject,
  ProjectApiKey,
  ProjectGroup as WireProjectGroup,
  ProjectRateLimit,
  ProjectServiceAccount,
  ProjectUser,
  RequestStats,
  Role as WireRole,
  User as WireUser,
} from '../api/types.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import type {
  Certificate,
  Group,
  Invite,
  LiveState,
  Member,
  Project,
  ProjectGroup,
  ProjectMember,
  RateLimit,
  Role,
  ServiceAccount,
} from '../model/types.js';
import { isStageReference, KINDS, type KindScope, type LiveReadHookView } from '../kinds/index.js';
import { LiveReadError } from './errors.js';
import {
  apiKeyFromWire,
  certificateName,
  inviteFromWire,
  isArchived,
  memberFromUser,
  projectName,
  projectRole,
  roleFromWire,
  serviceAccountFromWire,
  uniqueKey,
  nonEmptyEmail,
  userEmail,
} from './normalize.js';
import { rateLimitFromWire } from './rate-limits.js';
import { extraRoleNames, splitProjectGroupRoles } from './roles.js';
import { isEmptySelection, projectScopeFor, selects } from './scope.js';
import type { ProjectReadScope, ReadOptions, ReadPhase, ReadProgress, ReadScope } from './types.js';

interface RawGroup {
  group: ListedGroup;
  members?: GroupUser[];
  roles?: AssignedRoleDetails[];
}

interface RawProject {
  project: WireProject;
  users?: ProjectUser[];
  userRoles?: Map<string, AssignedRoleDetails[]>;
  groups?: { group: WireProjectGroup; roles: AssignedRoleDetails[] }[];
  roles?: WireRole[];
  serviceAccounts?: ProjectServiceAccount[];
  rateLimits?: ProjectRateLimit[];
  certificates?: WireCertificate[];
  apiKeys?: ProjectApiKey[];
  /** Values of kinds read through their descriptor (src/kinds/ `live.read`), by model field. */
  extensions?: Record<string, unknown>;
}

/** Reads what `scope` asks for. Rejects with a LiveReadError naming what could not be read. */
export async function readLiveState(api: AdminApi, scope: ReadScope, options: ReadOptions = {}): Promise<LiveState> {
  const logger = options.logger ?? silentLogger();
  const before = api.requestStats();
  const reader = new ListReader(options.onProgress);

  const usersP = reader.list('organization users', 'organization', () => api.listUsers());
  const invitesP = reader.list('organization invites', 'organization', () => api.listInvites());
  const projectsP = reader.list('projects', 'organization', () => api.listProjects({ includeArchived: true }));
  const rolesP = scope.orgRoles ? reader.list('organization roles', 'organization', () => api.listRoles()) : undefined;
  const groupsP = scope.groups ? reader.list('groups', 'organization', () => api.listGroups()) : undefined;
  const certificatesP = scope.certificates
    ? reader.list('organization certificates', 'organization', () => api.listCertificates())
    : undefined;
  const adminKeysP = scope.adminKeyOwner
    ? reader.list('admin API keys', 'organization', () => api.listAdminApiKeys())
    : undefined;

  const userRolesP = isEmptySelection(scope.userRoles)
    ? undefined
    : usersP.then((users) => readUserRoles(api, reader, scope, users));
  const rawGroupsP = groupsP?.then((groups) => readGroupDetails(api, reader, scope, groups));
  const certificateContentP =
    scope.certificateContent && certificatesP !== undefined
      ? certificatesP.then((certs) =>
          Promise.all(
            certs.map((c) =>
              reader.get(`certificate ${certificateName(c)}`, 'details', () =>
                api.getCertificate(c.id, { includeContent: true }),
              ),
            ),
          ),
        )
      : undefined;
  const orgExtensionsP = readExtensions(api, reader, 'org', scope.extensions, undefined, 'organization');
  const rawProjectsP = projectsP.then((projects) =>
    Promise.all(projects.map((p) => readProject(api, reader, projectScopeFor(scope, { id: p.id, name: projectName(p) }), p, usersP))),
  );

  try {
    const [users, invites, rawProjects, roles, rawGroups, certificates, adminKeys, userRoles, contents, orgExtensions] =
      await Promise.all([
        usersP,
        invitesP,
        rawProjectsP,
        rolesP,
        rawGroupsP,
        certificatesP,
        adminKeysP,
        userRolesP,
        certificateContentP,
        orgExtensionsP,
      ]);
    const live = assemble({
      users,
      invites,
      rawProjects,
      roles,
      rawGroups,
      certificates: certificates === undefined ? undefined : withContent(certificates, contents),
      userRoles,
      adminKeyOwnerId: adminKeysP === undefined ? undefined : adminKeyOwner(adminKeys ?? [], options.isOwnAdminKey),
      stats: statsDelta(before, api.requestStats(), reader.objects),
    }, logger);
    Object.assign(live.org, orgExtensions);
    logger.debug({ objects: live.stats.objects, requests: live.stats.requests }, 'live state read');
    return live;
  } catch (error) {
    reader.abort();
    throw error instanceof LiveReadError ? error : new LiveReadError('the live organization', error);
  }
}

/** Gathers lists, counts objects, reports progress, and stops paging once anything failed. */
class ListReader {
  objects = 0;
  private aborted = false;
  private readonly counts = new Map<ReadPhase, { done: number; total: number }>();

  constructor(private readonly onProgress: ((p: ReadProgress) => void) | undefined) {}

  abort(): void {
    this.aborted = true;
  }

  async list<T>(what: string, phase: ReadPhase, open: () => AsyncIterable<T>): Promise<T[]> {
    this.started(phase);
    const items: T[] = [];
    try {
      this.stopIfAborted();
      for await (const item of open()) {
        // Leaving the loop ends the client's paging: no request is spent after a failure.
        this.stopIfAborted();
        items.push(item);
      }
    } catch (error) {
      this.aborted = true;
      throw new LiveReadError(what, error);
    }
    this.objects += items.length;
    this.finished(phase);
    return items;
  }

  /** One value read through a descriptor: counts as `count(value)` objects. */
  async value<T>(what: string, phase: ReadPhase, fetch: () => Promise<T>, count: (value: T) => number): Promise<T> {
    const value = await this.get(what, phase, fetch);
    this.objects += count(value) - 1;
    return value;
  }

  async get<T>(what: string, phase: ReadPhase, fetch: () => Promise<T>): Promise<T> {
    this.started(phase);
    let item: T;
    try {
      this.stopIfAborted();
      item = await fetch();
    } catch (error) {
      this.aborted = true;
      throw new LiveReadError(what, error);
    }
    this.objects += 1;
    this.finished(phase);
    return item;
  }

  private stopIfAborted(): void {
    if (this.aborted) throw new Error('not read: another part of the read failed');
  }

  private started(phase: ReadPhase): void {
    const count = this.counts.get(phase) ?? { done: 0, total: 0 };
    count.total += 1;
    this.counts.set(phase, count);
    this.onProgress?.({ phase, ...count });
  }

  private finished(phase: ReadPhase): void {
    const count = this.counts.get(phase) ?? { done: 0, total: 1 };
    count.done += 1;
    this.onProgress?.({ phase, ...count });
  }
}

async function readUserRoles(
  api: AdminApi,
  reader: ListReader,
  scope: ReadScope,
  users: readonly WireUser[],
): Promise<Map<string, AssignedRoleDetails[]>> {
  const wanted = users.filter((u) => u.is_service_account !== true).flatMap((u) => {
    const email = userEmail(u);
    return email !== undefined && selects(scope.userRoles, email) ? [{ id: u.id, email }] : [];
  });
  const lists = await Promise.all(
    wanted.map((u) => reader.list(`organization roles of ${u.email}`, 'details', () => api.listUserRoles(u.id))),
  );
  return new Map(wanted.map((u, i) => [u.email, lists[i] ?? []]));
}

async function readGroupDetails(
  api: AdminApi,
  reader: ListReader,
  scope: ReadScope,
  groups: readonly ListedGroup[],
): Promise<RawGroup[]> {
  return Promise.all(
    groups.map(async (group) => {
      const [members, roles] = await Promise.all([
        selects(scope.groupMembers, group.name)
          ? reader.list(`members of group ${group.name}`, 'details', () => api.listGroupUsers(group.id))
          : undefined,
        selects(scope.groupRoles, group.name)
          ? reader.list(`roles of group ${group.name}`, 'details', () => api.listGroupRoles(group.id))
          : undefined,
      ]);
      const raw: RawGroup = { group };
      if (members !== undefined) raw.members = members;
      if (roles !== undefined) raw.roles = roles;
      return raw;
    }),
  );
}

async function readProject(
  api: AdminApi,
  reader: ListReader,
  scope: ProjectReadScope,
  project: WireProject,
  orgUsersP: Promise<WireUser[]>,
): Promise<RawProject> {
  const raw: RawProject = { project };
  // An archived project cannot change; only its status matters.
  if (isArchived(project)) return raw;
  const id = project.id;
  const label = `project ${projectName(project)}`;
  const list = <T>(what: string, open: () => AsyncIterable<T>): Promise<T[]> =>
    reader.list(`${what} of ${label}`, 'projects', open);

  const usersP = scope.members ? list('users', () => api.listProjectUsers(id)) : undefined;
  const userRolesP =
    usersP === undefined || isEmptySelection(scope.memberRoles)
      ? undefined
      : usersP.then(async (users) => {
          // Project users normally carry their email; only those without wait for the org users.
          const emailOf = async (u: ProjectUser): Promise<string | undefined> => {
            if (typeof u.email === 'string' && u.email !== '') return u.email.toLowerCase();
            const orgUser = (await orgUsersP).find((o) => o.id === u.id);
            return orgUser === undefined ? undefined : userEmail(orgUser);
          };
          const lists = await Promise.all(
            users.map(async (u) => {
              const email = await emailOf(u);
              if (email === undefined || !selects(scope.memberRoles, email)) return undefined;
              const roles = await list(`project roles of ${email}`, () => api.listProjectUserRoles(id, u.id));
              return [u.id, roles] as const;
            }),
          );
          return new Map(lists.filter((entry) => entry !== undefined));
        });
  const groupsP = scope.groups
    ? list('groups', () => api.listProjectGroups(id)).then((groups) =>
        Promise.all(
          groups.map(async (group) => ({
            group,
            roles: await list(`project roles of group ${group.group_name}`, () =>
              api.listProjectGroupRoles(id, group.group_id),
            ),
          })),
        ),
      )
    : undefined;
  const extensionsP = readExtensions(api, reader, 'project', scope.extensions, id, label);
  const [users, userRoles, groups, roles, serviceAccounts, rateLimits, certificates, apiKeys, extensions] = await Promise.all([
    usersP,
    userRolesP,
    groupsP,
    scope.roles ? list('roles', () => api.listProjectRoles(id)) : undefined,
    scope.serviceAccounts ? list('service accounts', () => api.listProjectServiceAccounts(id)) : undefined,
    scope.rateLimits ? list('rate limits', () => api.listProjectRateLimits(id)) : undefined,
    scope.certificates ? list('certificates', () => api.listProjectCertificates(id)) : undefined,
    scope.apiKeys ? list('API keys', () => api.listProjectApiKeys(id)) : undefined,
    extensionsP,
  ]);
  if (Object.keys(extensions).length > 0) raw.extensions = extensions;
  if (users !== undefined) raw.users = users;
  if (userRoles !== undefined) raw.userRoles = userRoles;
  if (groups !== undefined) raw.groups = groups;
  if (roles !== undefined) raw.roles = roles;
  if (serviceAccounts !== undefined) raw.serviceAccounts = serviceAccounts;
  if (rateLimits !== undefined) raw.rateLimits = rateLimits;
  if (certificates !== undefined) raw.certificates = certificates;
  if (apiKeys !== undefined) raw.apiKeys = apiKeys;
  return raw;
}

/**
 * Reads the kinds whose descriptor reads them (`live.read` hooks) that `kinds` selects,
 * one value each, by model field. Each read counts as its descriptor's `count` objects.
 */
async function readExtensions(
  api: AdminApi,
  reader: ListReader,
  scope: KindScope,
  kinds: ReadonlySet<string> | undefined,
  projectId: string | undefined,
  label: string,
): Promise<Record<string, unknown>> {
  if (kinds === undefined || kinds.size === 0) return {};
  const hooks = KINDS.flatMap((d) => {
    const hook = d.live.read as LiveReadHookView | { by: string };
    return kinds.has(d.kind) && !isStageReference(hook) && hook.scope === scope ? [{ kind: d.kind, hook }] : [];
  });
  const values = await Promise.all(
    hooks.map(({ kind, hook }) =>
      reader.value(`${kind} of ${label}`, scope === 'org' ? 'organization' : 'projects', () => hook.read(api, projectId), (v) => hook.count(v as never)),
    ),
  );
  return Object.fromEntries(hooks.map(({ hook }, i) => [hook.key, values[i]]));
}

function adminKeyOwner(
  keys: readonly AdminApiKey[],
  isOwnAdminKey: ((key: AdminApiKey) => boolean) | undefined,
): string | undefined {
  const own = isOwnAdminKey === undefined ? (keys.length === 1 ? keys : []) : keys.filter(isOwnAdminKey);
  // Two candidate keys means we cannot tell: better unknown than a wrong owner.
  return own.length === 1 ? own[0]?.owner.id : undefined;
}

function statsDelta(before: RequestStats, after: RequestStats, objects: number): LiveState['stats'] {
  const byRoute: Record<string, number> = {};
  for (const [route, count] of Object.entries(after.byRoute)) {
    const delta = count - (before.byRoute[route] ?? 0);
    if (delta > 0) byRoute[route] = delta;
  }
  return { objects, requests: after.total - before.total, byRoute };
}

/**
 * The list item is the certificate; the single GET only adds its content. (`active` is
 * optional on that GET and the spec's example leaves it out: never take it from there.)
 */
function withContent(listed: readonly WireCertificate[], fetched: readonly WireCertificate[] | undefined): WireCertificate[] {
  if (fetched === undefined) return [...listed];
  const contentById = new Map(fetched.map((c) => [c.id, c.certificate_details?.content]));
  return listed.map((c) => {
    const content = contentById.get(c.id);
    return typeof content === 'string' ? { ...c, certificate_details: { ...c.certificate_details, content } } : c;
  });
}

interface RawLive {
  users: WireUser[];
  invites: WireInvite[];
  rawProjects: RawProject[];
  roles: WireRole[] | undefined;
  rawGroups: RawGroup[] | undefined;
  certificates: WireCertificate[] | undefined;
  userRoles: Map<string, AssignedRoleDetails[]> | undefined;
  adminKeyOwnerId: string | undefined;
  stats: LiveState['stats'];
}

function wrap<T>(what: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw new LiveReadError(what, error);
  }
}

/**
 * The email a listed member (group user, project user) is keyed by: its own, else its org
 * user's. Undefined for a user known to have no email (skipped like the org user); a user
 * unknown to the org fails the read.
 */
function memberEmail(
  what: string,
  user: { id: string; email?: string | null },
  emails: UserEmails,
): string | undefined {
  const email = nonEmptyEmail(user.email) ?? emails.byId.get(user.id);
  if (email === undefined && !emails.without.has(user.id)) {
    throw new LiveReadError(what, new Error(`user ${user.id} has no email`));
  }
  return email;
}

interface UserEmails {
  byId: ReadonlyMap<string, string>;
  /** Ids of org users without an email. */
  without: ReadonlySet<string>;
}

function assemble(raw: RawLive, logger: Logger): LiveState {
  const members = new Map<string, Member>();
  const emailById = new Map<string, string>();
  const withoutEmail = new Set<string>();
  for (const user of raw.users) {
    // Service-account "users" are not people; they live under their project.
    if (user.is_service_account === true) continue;
    const member = memberFromUser(user);
    // The spec allows a user without an email; nothing can manage them by email. They
    // still count among the objects read.
    if (member === undefined) {
      withoutEmail.add(user.id);
      continue;
    }
    const assigned = raw.userRoles?.get(member.email);
    members.set(
      member.email,
      assigned === undefined ? member : { ...member, roles: extraRoleNames(assigned, 'org', member.role).sort() },
    );
    emailById.set(user.id, member.email);
  }
  if (withoutEmail.size > 0) {
    logger.warn({ count: withoutEmail.size, userIds: [...withoutEmail].sort() }, 'users without an email skipped');
  }
  const emails: UserEmails = { byId: emailById, without: withoutEmail };

  const invites = new Map<string, Invite>();
  for (const wire of raw.invites) {
    const invite = wrap('organization invites', () => inviteFromWire(wire));
    // Accepted invites are history: the person is a member now (or was removed since).
    if (invite.status === 'accepted') continue;
    const held = invites.get(invite.email);
    if (held === undefined || (held.status !== 'pending' && invite.status === 'pending')) {
      invites.set(invite.email, invite);
    }
  }

  const orgRoles = new Map<string, Role>();
  const predefinedOrg = new Map<string, Role>();
  for (const wire of raw.roles ?? []) {
    const role = roleFromWire(wire);
    (role.predefined === true ? predefinedOrg : orgRoles).set(role.name, role);
  }

  let groups: Map<string, Group> | undefined;
  if (raw.rawGroups !== undefined) {
    groups = new Map();
    for (const { group, members: groupUsers, roles } of raw.rawGroups) {
      const entry: { -readonly [K in keyof Group]: Group[K] } = {
        name: group.name,
        id: group.id,
        scimManaged: group.is_scim_managed === true,
      };
      if (groupUsers !== undefined) {
        entry.members = groupUsers
          .flatMap((u) => memberEmail(`members of group ${group.name}`, u, emails) ?? [])
          .sort();
      }
      if (roles !== undefined) entry.roles = roles.map((r) => r.name).sort();
      groups.set(uniqueKey(groups, group.name, group.id), entry);
    }
  }

  let certificates: Map<string, Certificate> | undefined;
  if (raw.certificates !== undefined) {
    certificates = new Map();
    for (const wire of raw.certificates) {
      const cert: { -readonly [K in keyof Certificate]: Certificate[K] } = {
        name: certificateName(wire),
        active: wire.active === true,
        id: wire.id,
      };
      const content = wire.certificate_details?.content;
      if (typeof content === 'string' && content !== '') cert.content = content;
      certificates.set(uniqueKey(certificates, cert.name, wire.id), cert);
    }
  }
  const certificateNameById = new Map<string, string>();
  for (const cert of certificates?.values() ?? []) if (cert.id !== undefined) certificateNameById.set(cert.id, cert.name);

  const projects = new Map<string, Project>();
  const predefinedProject = new Map<string, ReadonlyMap<string, Role>>();
  // Active projects claim their names first, so an archived namesake never shadows one.
  const ordered = [...raw.rawProjects].sort(
    (a, b) => Number(isArchived(a.project)) - Number(isArchived(b.project)),
  );
  for (const rawProject of ordered) {
    const { project, predefined } = assembleProject(rawProject, emails, certificateNameById);
    projects.set(uniqueKey(projects, project.name, rawProject.project.id), project);
    if (predefined !== undefined) predefinedProject.set(rawProject.project.id, predefined);
  }

  const org: LiveState['org'] = {
    members,
    invites,
    projects,
    ...(groups === undefined ? {} : { groups }),
    ...(raw.roles === undefined ? {} : { roles: orgRoles }),
    ...(certificates === undefined ? {} : { certificates }),
  };
  return {
    org,
    predefinedRoles: { org: predefinedOrg, project: predefinedProject },
    ...(raw.adminKeyOwnerId === undefined ? {} : { adminKeyOwnerId: raw.adminKeyOwnerId }),
    stats: raw.stats,
  };
}

function assembleProject(
  raw: RawProject,
  emails: UserEmails,
  certificateNameById: ReadonlyMap<string, string>,
): { project: Project; predefined?: Map<string, Role> } {
  const wire = raw.project;
  const project: { -readonly [K in keyof Project]: Project[K] } = {
    name: projectName(wire),
    status: isArchived(wire) ? 'archived' : 'active',
    id: wire.id,
    externalKeyId: wire.external_key_id ?? null,
    // A project without `residency` (optional in the spec's Project) says nothing about it: unknown, not a change.
    ...(wire.residency == null ? {} : { geography: wire.residency }),
  };
  const label = `project ${project.name}`;

  if (raw.users !== undefined) {
    const members = new Map<string, ProjectMember>();
    for (const user of raw.users) {
      const email = memberEmail(`users of ${label}`, user, emails);
      if (email === undefined) continue;
      const role = projectRole(user.role);
      const assigned = raw.userRoles?.get(user.id);
      const member: ProjectMember = { email, role, userId: user.id };
      members.set(
        email,
        assigned === undefined ? member : { ...member, roles: extraRoleNames(assigned, 'project', role).sort() },
      );
    }
    project.members = members;
  }

  if (raw.groups !== undefined) {
    const groups = new Map<string, ProjectGroup>();
    for (const { group, roles } of raw.groups) {
      const split = splitProjectGroupRoles(roles);
      groups.set(uniqueKey(groups, group.group_name, group.group_id), {
        name: group.group_name,
        role: split.role,
        roles: split.roles.sort(),
        groupId: group.group_id,
      });
    }
    project.groups = groups;
  }

  let predefined: Map<string, Role> | undefined;
  if (raw.roles !== undefined) {
    const custom = new Map<string, Role>();
    predefined = new Map();
    for (const wireRole of raw.roles) {
      const role = roleFromWire(wireRole);
      (role.predefined === true ? predefined : custom).set(role.name, role);
    }
    project.roles = custom;
  }

  if (raw.serviceAccounts !== undefined) {
    const accounts = new Map<string, ServiceAccount>();
    for (const account of raw.serviceAccounts) {
      accounts.set(uniqueKey(accounts, account.name, account.id), serviceAccountFromWire(account));
    }
    project.serviceAccounts = accounts;
  }

  if (raw.rateLimits !== undefined) {
    const limits = new Map<string, RateLimit>();
    for (const limit of raw.rateLimits) limits.set(limit.model, rateLimitFromWire(limit));
    project.rateLimits = limits;
  }

  if (raw.certificates !== undefined) {
    project.certificates = raw.certificates
      .filter((c) => c.active === true)
      .map((c) => certificateNameById.get(c.id) ?? certificateName(c))
      .sort();
  }

  if (raw.apiKeys !== undefined) project.apiKeys = raw.apiKeys.map(apiKeyFromWire);
  if (raw.extensions !== undefined) Object.assign(project, raw.extensions);

  return predefined === undefined ? { project } : { project, predefined };
}
