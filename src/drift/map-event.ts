// Maps one audit event to the resources it touches, as plan addresses, and says whether
// the manifests manage each one (and from which line). Events about things orgplane never
// manages (logins, API keys, IP allowlists, SSO…) are irrelevant.
import type { AuditLog } from '../api/types.js';
import type { DesiredState, Project, SourceLocation } from '../model/types.js';
import type { ResourceKind } from '../plan/types.js';
import { addr } from './address.js';
import { lookupRole, type IdIndex } from './id-index.js';
import type { DriftTarget, EventMapping } from './types.js';

/**
 * The audit event types mapAuditEvent understands (all in the spec's AuditLogEventType),
 * sent as the poll's `event_types[]` filter: logins, API keys and the like are never
 * downloaded, which keeps the overlapping window to a page in a busy organization.
 */
export const MANAGED_EVENT_TYPES = [
  'user.added', 'user.updated', 'user.deleted',
  'invite.sent', 'invite.accepted', 'invite.deleted',
  'group.created', 'group.updated', 'group.deleted',
  'tenant.group.member.added', 'tenant.group.member.removed',
  'role.created', 'role.updated', 'role.deleted',
  'role.assignment.created', 'role.assignment.deleted',
  'project.created', 'project.updated', 'project.archived', 'project.deleted',
  'service_account.created', 'service_account.updated', 'service_account.deleted',
  'rate_limit.updated', 'rate_limit.deleted',
  'certificate.created', 'certificate.updated', 'certificate.deleted',
  'certificates.activated', 'certificates.deactivated',
] as const;

export interface MapContext {
  index: IdIndex;
  desired: DesiredState;
}

type Payload = Record<string, unknown> & {
  id?: string;
  data?: Record<string, unknown>;
  changes_requested?: Record<string, unknown>;
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The event-type-keyed payload (`event["user.updated"]`), tolerant of its absence. */
function payloadOf(event: AuditLog): Payload {
  const value = (event as unknown as Record<string, unknown>)[event.type];
  return typeof value === 'object' && value !== null ? (value as Payload) : {};
}

/** Unresolved ids still get an address, so the alert says *something* changed. */
const unknownId = (id: string | undefined): string => `id:${id ?? 'unknown'}`;

export function mapAuditEvent(event: AuditLog, ctx: MapContext): EventMapping {
  const payload = payloadOf(event);
  const type = event.type as string;
  const projectId = event.project?.id;
  const projectName =
    (projectId === undefined ? undefined : ctx.index.projects.get(projectId)) ?? str(event.project?.name);
  const t = new Targets(ctx.desired);
  const after = payload.changes_requested ?? payload.data;
  const withChange = (targets: DriftTarget[]): EventMapping => ({
    relevant: true,
    targets,
    ...(after === undefined ? {} : { after }),
  });

  switch (type) {
    case 'user.added':
    case 'user.updated':
    case 'user.deleted': {
      const email = ctx.index.users.get(payload.id ?? '') ?? str(payload.data?.email) ?? unknownId(payload.id);
      if (projectId !== undefined) return withChange([t.projectMember(projectName ?? unknownId(projectId), email)]);
      return withChange([t.member(email)]);
    }
    case 'invite.sent':
    case 'invite.accepted':
    case 'invite.deleted': {
      const email =
        str(payload.data?.email)?.toLowerCase() ?? ctx.index.invites.get(payload.id ?? '') ?? unknownId(payload.id);
      return withChange([t.invite(email)]);
    }
    case 'group.created':
    case 'group.updated':
    case 'group.deleted': {
      const name =
        ctx.index.groups.get(payload.id ?? '') ??
        str(payload.data?.group_name) ??
        str(payload.changes_requested?.group_name) ??
        unknownId(payload.id);
      return withChange([t.group(name)]);
    }
    case 'role.created':
    case 'role.updated':
    case 'role.deleted': {
      const resourceType = str((payload as Record<string, unknown>).resource_type);
      const resourceId = str((payload as Record<string, unknown>).resource_id);
      const projectRole = lookupRole(ctx.index.projectRoles, payload.id ?? '');
      if (projectRole) return withChange([t.projectRole(projectRole.project, projectRole.name)]);
      const name =
        lookupRole(ctx.index.orgRoles, payload.id ?? '') ??
        str((payload as Record<string, unknown>).role_name) ??
        str(payload.changes_requested?.role_name) ??
        unknownId(payload.id);
      if (resourceType === 'api.project' || (resourceId?.startsWith('proj_') ?? false)) {
        const p = ctx.index.projects.get(resourceId ?? '') ?? projectName ?? unknownId(resourceId);
        return withChange([t.projectRole(p, name)]);
      }
      return withChange([t.role(name)]);
    }
    case 'role.assignment.created':
    case 'role.assignment.deleted':
      return mapRoleAssignment(payload, ctx, t, projectName);
    case 'project.created':
    case 'project.updated':
    case 'project.archived':
    case 'project.deleted': {
      const name = ctx.index.projects.get(payload.id ?? '') ?? str(payload.data?.name) ?? projectName ?? unknownId(payload.id);
      return withChange([t.project(name)]);
    }
    case 'service_account.created':
    case 'service_account.updated':
    case 'service_account.deleted': {
      const known = ctx.index.serviceAccounts.get(payload.id ?? '');
      const project = known?.project ?? projectName ?? unknownId(projectId);
      return withChange([t.serviceAccount(project, known?.name ?? unknownId(payload.id))]);
    }
    case 'rate_limit.updated':
    case 'rate_limit.deleted': {
      const known = ctx.index.rateLimits.get(payload.id ?? '');
      const project = known?.project ?? projectName ?? unknownId(projectId);
      return withChange([t.rateLimit(project, known?.model ?? unknownId(payload.id))]);
    }
    case 'certificate.created':
    case 'certificate.updated':
    case 'certificate.deleted': {
      const name = ctx.index.certificates.get(payload.id ?? '') ?? str((payload as Record<string, unknown>).name);
      return withChange([t.certificate(name ?? unknownId(payload.id))]);
    }
    case 'certificates.activated':
    case 'certificates.deactivated': {
      const certs = Array.isArray((payload as Record<string, unknown>).certificates)
        ? ((payload as Record<string, unknown>).certificates as { id?: string; name?: string }[])
        : [];
      const names = certs.map((c) => ctx.index.certificates.get(c.id ?? '') ?? str(c.name) ?? unknownId(c.id));
      const targets =
        projectId === undefined
          ? names.map((n) => t.certificate(n))
          : names.map((n) => t.projectCertificate(projectName ?? unknownId(projectId), n));
      return { relevant: true, targets, after: { active: type === 'certificates.activated' } };
    }
    case 'tenant.group.member.added':
    case 'tenant.group.member.removed':
    case 'group.user.added':
    case 'group.user.removed': {
      const groupId = str((payload as Record<string, unknown>).group_id) ?? payload.id;
      const userId = str((payload as Record<string, unknown>).user_id);
      const group = ctx.index.groups.get(groupId ?? '') ?? unknownId(groupId);
      const email = ctx.index.users.get(userId ?? '') ?? unknownId(userId);
      return withChange([t.groupMember(group, email)]);
    }
    default:
      return { relevant: false, reason: `orgplane does not manage what ${type} changes` };
  }
}

function mapRoleAssignment(payload: Payload, ctx: MapContext, t: Targets, projectName?: string): EventMapping {
  const p = payload as Record<string, unknown>;
  const principalType = str(p.principal_type);
  const principalId = str(p.principal_id);
  const resourceId = str(p.resource_id);
  const resourceType = str(p.resource_type);
  const roleId = str(p.role_id) ?? payload.id ?? '';
  const onProject = resourceType === 'api.project' || (resourceId?.startsWith('proj_') ?? false);
  const isGroup = principalType === 'group' || (principalId?.startsWith('group') ?? false);
  const principal = isGroup
    ? (ctx.index.groups.get(principalId ?? '') ?? unknownId(principalId))
    : (ctx.index.users.get(principalId ?? '') ?? unknownId(principalId));
  if (onProject) {
    const project = ctx.index.projects.get(resourceId ?? '') ?? projectName ?? unknownId(resourceId);
    const role = lookupRole(ctx.index.projectRoles, roleId)?.name ?? unknownId(roleId);
    return {
      relevant: true,
      targets: [isGroup ? t.projectGroupRole(project, principal, role) : t.projectMemberRole(project, principal, role)],
    };
  }
  const role = lookupRole(ctx.index.orgRoles, roleId) ?? unknownId(roleId);
  return { relevant: true, targets: [isGroup ? t.groupRole(principal, role) : t.memberRole(principal, role)] };
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
  memberRole(email: string, role: string): DriftTarget {
    const m = this.desired.org.members.get(email);
    return this.target(addr.memberRole(email, role), 'org.member.role', m?.roles === undefined ? undefined : m);
  }
  invite(email: string): DriftTarget {
    return this.target(addr.invite(email), 'org.invite', this.desired.org.members.get(email), 'invites');
  }
  group(name: string): DriftTarget {
    const groups = this.desired.org.groups;
    return this.target(addr.group(name), 'org.group', groups?.get(name), groups ? 'groups' : undefined);
  }
  groupMember(name: string, email: string): DriftTarget {
    const g = this.desired.org.groups?.get(name);
    return this.target(addr.groupMember(name, email), 'org.group.member', g?.members === undefined ? undefined : g);
  }
  groupRole(name: string, role: string): DriftTarget {
    const g = this.desired.org.groups?.get(name);
    return this.target(addr.groupRole(name, role), 'org.group.role', g?.roles === undefined ? undefined : g);
  }
  role(name: string): DriftTarget {
    const roles = this.desired.org.roles;
    return this.target(addr.role(name), 'org.role', roles?.get(name), roles ? 'roles' : undefined);
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
  projectMemberRole(p: string, email: string, role: string): DriftTarget {
    const m = this.declaredProject(p)?.members?.get(email);
    return this.target(addr.projectMemberRole(p, email, role), 'project.member.role', m?.roles === undefined ? undefined : m);
  }
  projectGroupRole(p: string, group: string, role: string): DriftTarget {
    const g = this.declaredProject(p)?.groups?.get(group);
    return this.target(addr.projectGroupRole(p, group, role), 'project.group.role', g?.roles === undefined ? undefined : g);
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
