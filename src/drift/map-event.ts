// Maps one audit event to the resources it touches, as plan addresses, and says whether
// the manifests manage each one (and from which line). Events about things orgplane never
// manages (logins, API keys, IP allowlists, SSO…) are irrelevant.
import type { AuditLog } from '../api/types.js';
import { isStageReference, KINDS, type AnyKindDescriptor } from '../kinds/index.js';
import type { DesiredState } from '../model/types.js';
import { obj, onProjectResource, payloadOf, scopeOf, scoped, str, Targets, unknownId, type MapContext, type Obj } from './event-context.js';
import { lookupRole } from './id-index.js';
import type { DriftTarget, EventMapping } from './types.js';

export type { MapContext } from './event-context.js';

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
  // The AuditLog schema gives tenant-scoped types no payload at all: none is read.
  const payload = owner.audit.tenantEvents.includes(type) ? {} : payloadOf(event);
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
  if (!isStageReference(owner.audit.map)) return withChange(owner.audit.map(event, { ...ctx, payload, id, scope, targets: t }));

  // The kinds whose events name other kinds too are mapped here (their descriptors say so).
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
