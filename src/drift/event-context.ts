// What mapping an audit event to its targets needs, shared by src/drift/map-event.ts and
// the kinds' own `audit.map` functions (src/kinds/): the event's payload and scope, id
// helpers, and Targets, which builds drift targets and looks each up in the desired state.
// Imports no descriptor (the registry imports the kind modules).
import type { AuditLog } from '../api/types.js';
import type { DesiredState, Project, SourceLocation } from '../model/types.js';
import type { ResourceKind } from '../plan/types.js';
import { addr } from './address.js';
import type { IdIndex } from './id-index.js';
import type { DriftTarget } from './types.js';

export interface MapContext {
  index: IdIndex;
  desired: DesiredState;
}

export type Obj = Record<string, unknown>;

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
export const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

/** The event-type-keyed payload (`event["user.updated"]`), tolerant of its absence. */
export function payloadOf(event: AuditLog): Obj {
  return obj((event as unknown as Obj)[event.type]) ?? {};
}

/** Unresolved ids still get an address, so the alert says *something* changed. */
export const unknownId = (id: string | undefined): string => `id:${id ?? 'unknown'}`;

/**
 * Where an event happened. The spec: `project` is "absent for actions not scoped to
 * projects", but "admin actions taken via Admin API keys are associated with the default
 * project". So a project on a session's event scopes it; on a key's event (or an event with
 * no actor) it may be only the default project, and the event may be org-wide: `either`.
 */
export type EventScope = { kind: 'org' } | { kind: 'project' | 'either'; project: string };

export function scopeOf(event: AuditLog, index: IdIndex): EventScope {
  const id = str(event.project?.id);
  const name = str(event.project?.name);
  if (id === undefined && name === undefined) return { kind: 'org' };
  const project = (id === undefined ? undefined : index.projects.get(id)) ?? name ?? unknownId(id);
  return { kind: event.actor?.type === 'session' ? 'project' : 'either', project };
}

/** Targets for an event that is org-wide or project-scoped, as the scope says. */
export function scoped(scope: EventScope, org: () => DriftTarget, project: (p: string) => DriftTarget): DriftTarget[] {
  if (scope.kind === 'org') return [org()];
  if (scope.kind === 'project') return [project(scope.project)];
  return [org(), project(scope.project)];
}

/** Role resource scope, from the spec's `resource_type` (`api.organization` | `api.project`) and `resource_id`. */
export function onProjectResource(resourceType: string | undefined, resourceId: string | undefined): boolean | undefined {
  if (resourceType === 'api.project') return true;
  if (resourceType === 'api.organization') return false;
  if (resourceId?.startsWith('proj_') === true) return true;
  return undefined;
}

/** What a kind's `audit.map` is given besides the event. */
export interface KindEventContext extends MapContext {
  /** The event's type-keyed payload (`event["rate_limit.updated"]`); `{}` when absent and for tenant-scoped types (the spec gives them none). */
  payload: Obj;
  /** The payload's `id`, when it has one. */
  id: string | undefined;
  /** Where the event happened (org, a project, or either). */
  scope: EventScope;
  /** Builds targets for the desired state. */
  targets: Targets;
}

/** Builds targets and looks each one up in the desired state. */
export class Targets {
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
