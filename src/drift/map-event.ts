// Maps one audit event to the resources it touches, as plan addresses, and says whether
// the manifests manage each one (and from which line). Events about things orgplane never
// manages (logins, API keys, IP allowlists, SSO…) are irrelevant.
import type { AuditLog } from '../api/types.js';
import type { DesiredState, Project, SourceLocation } from '../model/types.js';
import { isStageReference, KINDS, type AnyKindDescriptor } from '../kinds/index.js';
import type { ResourceKind } from '../plan/types.js';
import { addr } from './address.js';
import { lookupRole, type IdIndex } from './id-index.js';
import type { DriftTarget, EventMapping } from './types.js';

/**
 * The audit event types mapAuditEvent understands (all in the spec's AuditLogEventType),
 * from the kinds' descriptors (src/kinds/), sent as the poll's `event_types[]` filter:
 * logins, API keys and the like are never downloaded, which keeps the overlapping window
 * to a page in a busy organization. The spec lists tenant-scoped types only under
 * `tenant_only=true`, which admits no other type: they are asked for in a query of their
 * own (audit-poll.ts).
 */
export const ORG_EVENT_TYPES: readonly string[] = KINDS.flatMap((d) => d.audit.orgEvents);

/** Tenant-scoped types drift maps (each kind says when it wants its own: tenantEventTypes). */
export const TENANT_EVENT_TYPES: readonly string[] = KINDS.flatMap((d) => d.audit.tenantEvents);

export const MANAGED_EVENT_TYPES: readonly string[] = [...ORG_EVENT_TYPES, ...TENANT_EVENT_TYPES];

/** The kind whose descriptor maps each managed event type. */
const EVENT_OWNER: ReadonlyMap<string, AnyKindDescriptor> = new Map(
  KINDS.flatMap((d) => [...d.audit.orgEvents, ...d.audit.tenantEvents].map((type) => [type, d] as const)),
);

/** The tenant-scoped types worth a query for these manifests: those of the kinds that want them. */
export function tenantEventTypes(desired: DesiredState): string[] {
  return KINDS.flatMap((d) => (d.audit.tenantEvents.length > 0 && (d.audit.tenantWanted?.(desired) ?? true) ? d.audit.tenantEvents : []));
}

export interface MapContext {
  index: IdIndex;
  desired: DesiredState;
}

type Obj = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

/** The event-type-keyed payload (`event["user.updated"]`), tolerant of its absence. */
function payloadOf(event: AuditLog): Obj {
  return obj((event as unknown as Obj)[event.type]) ?? {};
}

/** Unresolved ids still get an address, so the alert says *something* changed. */
const unknownId = (id: string | undefined): string => `id:${id ?? 'unknown'}`;

/**
 * Where an event happened. The spec: `project` is "absent for actions not scoped to
 * projects", but "admin actions taken via Admin API keys are associated with the default
 * project". So a project on a session's event scopes it; on a key's event (or an event with
 * no actor) it may be only the default project, and the event may be org-wide: `either`.
 */
type Scope = { kind: 'org' } | { kind: 'project' | 'either'; project: string };

function scopeOf(event: AuditLog, index: IdIndex): Scope {
  const id = str(event.project?.id);
  const name = str(event.project?.name);
  if (id === undefined && name === undefined) return { kind: 'org' };
  const project = (id === undefined ? undefined : index.projects.get(id)) ?? name ?? unknownId(id);
  return { kind: event.actor?.type === 'session' ? 'project' : 'either', project };
}

/** Targets for an event that is org-wide or project-scoped, as the scope says. */
function scoped(scope: Scope, org: () => DriftTarget, project: (p: string) => DriftTarget): DriftTarget[] {
  if (scope.kind === 'org') return [org()];
  if (scope.kind === 'project') return [project(scope.project)];
  return [org(), project(scope.project)];
}

/** Role resource scope, from the spec's `resource_type` (`api.organization` | `api.project`) and `resource_id`. */
function onProjectResource(resourceType: string | undefined, resourceId: string | undefined): boolean | undefined {
  if (resourceType === 'api.project') return true;
  if (resourceType === 'api.organization') return false;
  if (resourceId?.startsWith('proj_') === true) return true;
  return undefined;
}

/** The person an event is by, when it is a dashboard session: who accepts an invite is the invitee. */
function sessionUser(event: AuditLog): { id?: string; email?: string } {
  if (event.actor?.type !== 'session') return {};
  const user = event.actor.session?.user;
  const email = str(user?.email)?.toLowerCase();
  const id = str(user?.id);
  return { ...(id ? { id } : {}), ...(email ? { email } : {}) };
}

/**
 * A person joining the organization through an invite the manifests declare: the lifecycle
 * orgplane started by inviting them, not drift. The follow-ups (org roles, groups) are
 * ordinary planned changes. Undefined when the event is anything else.
 */
function declaredJoin(event: AuditLog, payloadId: string | undefined, ctx: MapContext): EventMapping | undefined {
  const joiner = sessionUser(event);
  let email: string | undefined;
  if (event.type === 'invite.accepted') {
    email = ctx.index.invites.get(payloadId ?? '') ?? joiner.email;
  } else if (event.type === 'user.added' && payloadId !== undefined && joiner.id === payloadId) {
    // Nobody adds themselves to an organization except by accepting an invite.
    email = ctx.index.users.get(payloadId) ?? joiner.email;
  }
  if (email === undefined || !ctx.desired.org.members.has(email)) return undefined;
  return { relevant: false, reason: `${email} joined through an invite the manifests declare`, followUp: true };
}

/** An event that is not drift but moved live state the way the manifests asked: the next plan follows it up. */
export function isFollowUp(mapping: EventMapping): boolean {
  return !mapping.relevant && mapping.followUp === true;
}

/** The managed types whose spec payload has `data` (what the create asked for). */
const WITH_DATA: ReadonlySet<string> = new Set(['user.added', 'invite.sent', 'group.created', 'project.created', 'service_account.created']);
/** The managed types whose spec payload has `changes_requested`. */
const WITH_CHANGES: ReadonlySet<string> = new Set([
  'user.updated', 'group.updated', 'role.updated', 'project.updated', 'service_account.updated', 'rate_limit.updated',
]);

/**
 * Each case reads only the fields the spec's AuditLog schema gives that event type
 * (reference/openapi-admin.yaml); anything else a server sends is ignored.
 */
export function mapAuditEvent(event: AuditLog, ctx: MapContext): EventMapping {
  const type = event.type as string;
  const owner = EVENT_OWNER.get(type);
  if (owner === undefined) return { relevant: false, reason: `orgplane does not manage what ${type} changes` };
  if (!isStageReference(owner.audit.map)) return { relevant: true, targets: owner.audit.map(event, ctx) };
  // The kinds that predate descriptors are mapped below (their descriptors say so).
  // In the spec's event types, but the AuditLog schema gives these no payload at all:
  // nothing is read, the alert names group membership as drifted and the re-plan says which.
  if (type === 'tenant.group.member.added' || type === 'tenant.group.member.removed') {
    return { relevant: true, targets: [new Targets(ctx.desired).anyGroupMember()] };
  }
  const payload = payloadOf(event);
  const id = type.startsWith('certificates.') ? undefined : str(payload.id);
  const joined = declaredJoin(event, id, ctx);
  if (joined !== undefined) return joined;
  const scope = scopeOf(event, ctx.index);
  const t = new Targets(ctx.desired);
  const data = WITH_DATA.has(type) ? obj(payload.data) : undefined;
  const changes = WITH_CHANGES.has(type) ? obj(payload.changes_requested) : undefined;
  const after = changes ?? data;
  const withChange = (targets: DriftTarget[]): EventMapping => ({
    relevant: true,
    targets,
    ...(after === undefined ? {} : { after }),
  });

  switch (type) {
    // user.added {id: user id, data.role}, user.updated {id, changes_requested.role},
    // user.deleted {id}. The spec describes user.updated's `id` as "The project ID": an id
    // that names a known project is read as such (some member of it changed).
    case 'user.added':
    case 'user.updated':
    case 'user.deleted': {
      const asProject = id === undefined ? undefined : ctx.index.projects.get(id);
      if (asProject !== undefined && !ctx.index.users.has(id ?? '')) return withChange([t.projectMembers(asProject)]);
      const email = ctx.index.users.get(id ?? '') ?? unknownId(id);
      return withChange(scoped(scope, () => t.member(email), (p) => t.projectMember(p, email)));
    }
    // invite.sent {id, data.email, data.role}; invite.accepted / invite.deleted {id}.
    case 'invite.sent':
    case 'invite.accepted':
    case 'invite.deleted': {
      const sent = type === 'invite.sent' ? str(data?.email)?.toLowerCase() : undefined;
      const email = sent ?? ctx.index.invites.get(id ?? '') ?? unknownId(id);
      return withChange([t.invite(email)]);
    }
    // group.created {id, data.group_name}; group.updated {id, changes_requested.group_name}; group.deleted {id}.
    case 'group.created':
    case 'group.updated':
    case 'group.deleted': {
      const named =
        type === 'group.created' ? str(data?.group_name) : type === 'group.updated' ? str(changes?.group_name) : undefined;
      return withChange([t.group(ctx.index.groups.get(id ?? '') ?? named ?? unknownId(id))]);
    }
    // role.created {id, role_name, permissions, resource_type, resource_id};
    // role.updated {id, changes_requested.{role_name, resource_type, resource_id, permissions_added, …}}; role.deleted {id}.
    case 'role.created':
    case 'role.updated':
    case 'role.deleted': {
      const fields = type === 'role.created' ? payload : type === 'role.updated' ? (changes ?? {}) : {};
      const resourceType = str(fields.resource_type);
      const resourceId = str(fields.resource_id);
      const projectRole = lookupRole(ctx.index.projectRoles, id ?? '');
      if (projectRole) return withChange([t.projectRole(projectRole.project, projectRole.name)]);
      const name = lookupRole(ctx.index.orgRoles, id ?? '') ?? str(fields.role_name) ?? unknownId(id);
      const onProject = onProjectResource(resourceType, resourceId);
      if (onProject === true) {
        const p = ctx.index.projects.get(resourceId ?? '') ?? (scope.kind === 'org' ? unknownId(resourceId) : scope.project);
        return withChange([t.projectRole(p, name)]);
      }
      if (onProject === false || scope.kind === 'org') return withChange([t.role(name)]);
      return withChange(scoped(scope, () => t.role(name), (p) => t.projectRole(p, name)));
    }
    case 'role.assignment.created':
    case 'role.assignment.deleted':
      return mapRoleAssignment(payload, ctx, t, event.project);
    // project.created {id, data.name, data.title}; project.updated {id, changes_requested.title};
    // project.archived / project.deleted {id}.
    case 'project.created':
    case 'project.updated':
    case 'project.archived':
    case 'project.deleted': {
      const named = type === 'project.created' ? str(data?.name) : undefined;
      return withChange([t.project(ctx.index.projects.get(id ?? '') ?? named ?? unknownId(id))]);
    }
    // service_account.created {id, data.role}; .updated {id, changes_requested.role}; .deleted {id}.
    case 'service_account.created':
    case 'service_account.updated':
    case 'service_account.deleted': {
      const known = ctx.index.serviceAccounts.get(id ?? '');
      const project = known?.project ?? (scope.kind === 'org' ? unknownId(undefined) : scope.project);
      return withChange([t.serviceAccount(project, known?.name ?? unknownId(id))]);
    }
    // rate_limit.updated {id, changes_requested.{max_*}}; rate_limit.deleted {id}.
    case 'rate_limit.updated':
    case 'rate_limit.deleted': {
      const known = ctx.index.rateLimits.get(id ?? '');
      const project = known?.project ?? (scope.kind === 'org' ? unknownId(undefined) : scope.project);
      return withChange([t.rateLimit(project, known?.model ?? unknownId(id))]);
    }
    // certificate.created / .updated {id, name}; certificate.deleted {id, name, certificate}.
    case 'certificate.created':
    case 'certificate.updated':
    case 'certificate.deleted': {
      const name = ctx.index.certificates.get(id ?? '') ?? str(payload.name) ?? unknownId(id);
      return withChange([t.certificate(name)]);
    }
    // certificates.activated / .deactivated {certificates: [{id, name}]}.
    case 'certificates.activated':
    case 'certificates.deactivated': {
      const certs = Array.isArray(payload.certificates) ? payload.certificates.map((c) => obj(c) ?? {}) : [];
      const names = certs.map((c) => ctx.index.certificates.get(str(c.id) ?? '') ?? str(c.name) ?? unknownId(str(c.id)));
      const targets = names.flatMap((n) => scoped(scope, () => t.certificate(n), (p) => t.projectCertificate(p, n)));
      return { relevant: true, targets, after: { active: type === 'certificates.activated' } };
    }
    default:
      return { relevant: false, reason: `orgplane does not manage what ${type} changes` };
  }
}

/**
 * role.assignment.created / .deleted carry {id: the ASSIGNMENT's id, principal_id,
 * principal_type, resource_id, resource_type} and no role. The target is the principal's
 * whole role set at that scope (`org.member["a"].role[*]`); the re-plan names the role.
 */
function mapRoleAssignment(payload: Obj, ctx: MapContext, t: Targets, eventProject: AuditLog['project']): EventMapping {
  const principalType = str(payload.principal_type);
  const principalId = str(payload.principal_id);
  const resourceId = str(payload.resource_id);
  const isGroup = principalType === 'group' || (principalType === undefined && ctx.index.groups.has(principalId ?? ''));
  const principal = isGroup
    ? (ctx.index.groups.get(principalId ?? '') ?? unknownId(principalId))
    : (ctx.index.users.get(principalId ?? '') ?? unknownId(principalId));
  if (onProjectResource(str(payload.resource_type), resourceId) === true) {
    const named = eventProject?.id !== undefined && eventProject.id === resourceId ? str(eventProject.name) : undefined;
    const project = ctx.index.projects.get(resourceId ?? '') ?? named ?? unknownId(resourceId);
    return { relevant: true, targets: [isGroup ? t.projectGroupRoles(project, principal) : t.projectMemberRoles(project, principal)] };
  }
  return { relevant: true, targets: [isGroup ? t.groupRoles(principal) : t.memberRoles(principal)] };
}

/** Builds targets and looks each one up in the desired state. */
class Targets {
  constructor(private readonly desired: DesiredState) {}

  private target(address: string, kind: ResourceKind, found: { source?: SourceLocation } | undefined, prune?: DriftTarget['prune']): DriftTarget {
    if (found) return { address, kind, managed: true, ...(found.source ? { source: found.source } : {}) };
    return { address, kind, managed: false, ...(prune ? { prune } : {}) };
  }

  private declaredProject(name: string): Project | undefined {
    return this.desired.org.projects.get(name);
  }

  member(email: string): DriftTarget {
    return this.target(addr.member(email), 'org.member', this.desired.org.members.get(email), 'members');
  }
  memberRoles(email: string): DriftTarget {
    const m = this.desired.org.members.get(email);
    return this.target(addr.memberRoles(email), 'org.member.role', m?.roles === undefined ? undefined : m);
  }
  invite(email: string): DriftTarget {
    return this.target(addr.invite(email), 'org.invite', this.desired.org.members.get(email), 'invites');
  }
  group(name: string): DriftTarget {
    const groups = this.desired.org.groups;
    return this.target(addr.group(name), 'org.group', groups?.get(name), groups ? 'groups' : undefined);
  }
  /** Some group's members (the event does not say which group): managed when any declared group lists members. */
  anyGroupMember(): DriftTarget {
    const managed = [...(this.desired.org.groups?.values() ?? [])].some((g) => g.members !== undefined);
    return this.target(addr.anyGroupMember(), 'org.group.member', managed ? {} : undefined);
  }
  groupRoles(name: string): DriftTarget {
    const g = this.desired.org.groups?.get(name);
    return this.target(addr.groupRoles(name), 'org.group.role', g?.roles === undefined ? undefined : g);
  }
  role(name: string): DriftTarget {
    const roles = this.desired.org.roles;
    return this.target(addr.orgRole(name), 'org.role', roles?.get(name), roles ? 'roles' : undefined);
  }
  certificate(name: string): DriftTarget {
    return this.target(addr.certificate(name), 'org.certificate', this.desired.org.certificates?.get(name));
  }
  project(name: string): DriftTarget {
    return this.target(addr.project(name), 'project', this.declaredProject(name), 'projects');
  }
  projectMember(p: string, email: string): DriftTarget {
    const members = this.declaredProject(p)?.members;
    return this.target(addr.projectMember(p, email), 'project.member', members?.get(email), members ? 'projectMembers' : undefined);
  }
  /** Some member of the project (the event does not say who). */
  projectMembers(p: string): DriftTarget {
    const project = this.declaredProject(p);
    const members = project?.members;
    return this.target(addr.projectMembers(p), 'project.member', members ? project : undefined, members ? undefined : 'projectMembers');
  }
  projectMemberRoles(p: string, email: string): DriftTarget {
    const m = this.declaredProject(p)?.members?.get(email);
    return this.target(addr.projectMemberRoles(p, email), 'project.member.role', m?.roles === undefined ? undefined : m);
  }
  projectGroupRoles(p: string, group: string): DriftTarget {
    const g = this.declaredProject(p)?.groups?.get(group);
    return this.target(addr.projectGroupRoles(p, group), 'project.group.role', g?.roles === undefined ? undefined : g);
  }
  projectRole(p: string, role: string): DriftTarget {
    const roles = this.declaredProject(p)?.roles;
    return this.target(addr.projectRole(p, role), 'project.role', roles?.get(role), roles ? 'roles' : undefined);
  }
  serviceAccount(p: string, name: string): DriftTarget {
    const accounts = this.declaredProject(p)?.serviceAccounts;
    return this.target(addr.serviceAccount(p, name), 'project.service_account', accounts?.get(name), accounts ? 'serviceAccounts' : undefined);
  }
  rateLimit(p: string, model: string): DriftTarget {
    return this.target(addr.rateLimit(p, model), 'project.rate_limit', this.declaredProject(p)?.rateLimits?.get(model));
  }
  projectCertificate(p: string, name: string): DriftTarget {
    const project = this.declaredProject(p);
    const declared = project?.certificates?.includes(name) ? project : undefined;
    return this.target(addr.projectCertificate(p, name), 'project.certificate', declared);
  }
}
