// From audit events to the snapshot's reads they make stale. Two rules cover every event:
// a change to an existing thing makes stale every kept answer that holds its id (found by
// scanning the answers, which also catches cascades: a user removed leaves every project
// and group that listed them); a thing created makes stale the list it joins. An event
// that cannot be placed widens to the enclosing scope (every list of that kind), and one
// of a type orgplane does not know asks for a full read.
import type { AuditLog } from '../api/types.js';
import { ORG_EVENT_TYPES, TENANT_EVENT_TYPES } from '../drift/map-event.js';
import { parseReadKey } from './reads.js';
import type { CachedRead } from './types.js';

/**
 * Event types a refresh asks for: drift's (the managed kinds) plus those that change what a
 * read answers without being drift-worthy (SCIM flags, a project's external key, a deletion
 * the spec reports generically).
 */
export const SNAPSHOT_ORG_EVENT_TYPES: readonly string[] = [
  ...ORG_EVENT_TYPES,
  'scim.enabled',
  'scim.disabled',
  'external_key.registered',
  'external_key.removed',
  'resource.deleted',
];

export const SNAPSHOT_TENANT_EVENT_TYPES: readonly string[] = [
  ...new Set([
    ...TENANT_EVENT_TYPES,
    // Tenant-scoped, without a payload: a spend limit or a spend alert changed somewhere.
    'tenant.billing.overage_limit.updated',
    'tenant.billing.alerts.updated',
  ]),
];

export interface Invalidation {
  /** Read keys to do again. */
  keys: Set<string>;
  /**
   * Items of a kept list to fetch again one by one (list key → item ids): a user or a
   * project changed, and one GET is cheaper than paging the whole list again (100 pages of
   * users at 10,000 people). A 404 removes the item; an unknown id is appended.
   */
  refetch?: Map<string, Set<string>>;
  /** Set when an event cannot be mapped at all: the reason a full read is needed. */
  full?: string;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

/** Which kept answers mention which ids: built once per refresh. */
export class ReadIndex {
  private readonly byId = new Map<string, Set<string>>();

  constructor(private readonly reads: ReadonlyMap<string, CachedRead>) {
    for (const [key, read] of reads) {
      const ids = new Set<string>();
      collectStrings(read.items, ids);
      for (const id of ids) {
        // Predefined role ids come back project-scoped (`role-x__api-project__proj_1`, API-NOTES).
        const bare = id.split('__')[0] ?? id;
        for (const k of bare === id ? [id] : [id, bare]) {
          let keys = this.byId.get(k);
          if (keys === undefined) this.byId.set(k, (keys = new Set()));
          keys.add(key);
        }
      }
    }
  }

  /** Kept answers holding this id anywhere. */
  mentioning(id: string): string[] {
    return [...(this.byId.get(id) ?? [])];
  }

  /** Kept reads of a method whose arguments match (undefined matches any). */
  of(method: string, ...args: (string | undefined)[]): string[] {
    return [...this.reads.keys()].filter((key) => {
      const parsed = parseReadKey(key);
      return parsed.method === method && args.every((a, i) => a === undefined || parsed.args[i] === a);
    });
  }

  /** Kept reads whose arguments include this id (the children of a thing). */
  under(id: string): string[] {
    return [...this.reads.keys()].filter((key) => parseReadKey(key).args.includes(id));
  }

  all(): string[] {
    return [...this.reads.keys()];
  }

  items(key: string): unknown[] {
    return this.reads.get(key)?.items ?? [];
  }
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, into);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) collectStrings(v, into);
}

/**
 * Where an event happened. The spec: `project` is absent for actions not scoped to a
 * project, but actions by Admin API keys are "associated with the default project": on a
 * key's event the project may be only that default, so org-level reads go stale too.
 */
interface Place {
  org: boolean;
  project?: string;
}

function placeOf(event: AuditLog): Place {
  const project = str(event.project?.id);
  if (project === undefined) return { org: true };
  return { org: event.actor?.type !== 'session', project };
}

/**
 * A user event's role settles where a key's event happened: `member` exists only in projects,
 * `reader` only in the organization (spec: org roles owner|reader, project roles owner|member).
 */
function userPlace(place: Place, payload: Obj): Place {
  if (!place.org || place.project === undefined) return place;
  const role = str(obj(payload.data)?.role) ?? str(obj(payload.changes_requested)?.role);
  if (role === 'member') return { org: false, project: place.project };
  if (role === 'reader') return { org: true };
  return place;
}

/** The reads one event makes stale. */
export function invalidationFor(event: AuditLog, index: ReadIndex): Invalidation {
  const keys = new Set<string>();
  const add = (...list: string[][]): void => {
    for (const l of list) for (const k of l) keys.add(k);
  };
  const type = event.type as string;
  const payload = obj((event as unknown as Obj)[type]) ?? {};
  const id = str(payload.id);
  const place = placeOf(event);
  const needId = (): Invalidation => ({ keys, full: `a ${type} event (${event.id}) names no id` });
  const inProject = (method: string): string[] => index.of(method, place.project);

  switch (type) {
    case 'user.added':
    case 'user.updated':
    case 'user.deleted': {
      if (id === undefined) return needId();
      const where = userPlace(place, payload);
      // The spec calls user.updated's `id` "The project ID": an id naming a kept project reads as such.
      if (index.of('listProjectUsers', id).length > 0) add(index.of('listProjectUsers', id));
      const refetch = new Map<string, Set<string>>();
      if (where.org) {
        for (const users of index.of('listUsers')) refetch.set(users, new Set([id]));
        add(index.of('listUserRoles', id));
        if (type === 'user.deleted') add(index.mentioning(id).filter((k) => !refetch.has(k)), index.under(id));
      }
      if (where.project !== undefined) add(index.of('listProjectUsers', where.project), index.of('listProjectUserRoles', where.project, id));
      return { keys, refetch };
    }
    case 'invite.sent':
    case 'invite.deleted':
      add(index.of('listInvites'));
      return { keys };
    case 'invite.accepted': {
      add(index.of('listInvites'), index.of('listUsers'));
      // Accepting adds the invite's project memberships; an invite not kept could be any project's.
      const invite = index.items(index.of('listInvites')[0] ?? '').map(obj).find((i) => i !== undefined && i.id === id);
      const projects = Array.isArray(invite?.projects) ? invite.projects.flatMap((p) => str(obj(p)?.id) ?? []) : undefined;
      if (projects === undefined) add(index.of('listProjectUsers'));
      else for (const p of projects) add(index.of('listProjectUsers', p));
      return { keys };
    }
    case 'group.created':
      add(index.of('listGroups'));
      return { keys };
    case 'group.updated':
    case 'group.deleted':
      if (id === undefined) return needId();
      add(index.of('listGroups'), index.mentioning(id));
      if (type === 'group.deleted') add(index.under(id));
      return { keys };
    case 'tenant.group.member.added':
    case 'tenant.group.member.removed':
      // The spec gives these no payload: any group's members may have changed.
      add(index.of('listGroupUsers'));
      return { keys };
    // The spec gives these no payload; the event's project, when it names one, narrows them.
    case 'tenant.billing.overage_limit.updated':
      add(place.project === undefined ? index.of('getOrgSpendLimit') : [], inProject('getProjectSpendLimit'));
      return { keys };
    case 'tenant.billing.alerts.updated':
      add(place.project === undefined ? index.of('listOrgSpendAlerts') : [], inProject('listProjectSpendAlerts'));
      return { keys };
    case 'role.created': {
      const resourceType = str(payload.resource_type);
      const resourceId = str(payload.resource_id);
      if (resourceType === 'api.project' || resourceId?.startsWith('proj_') === true) {
        add(resourceId === undefined ? index.of('listProjectRoles') : index.of('listProjectRoles', resourceId));
      } else if (resourceType === 'api.organization') {
        add(index.of('listRoles'));
      } else {
        add(index.of('listRoles'), place.project === undefined ? index.of('listProjectRoles') : inProject('listProjectRoles'));
      }
      return { keys };
    }
    case 'role.updated':
    case 'role.deleted':
      if (id === undefined) return needId();
      add(index.mentioning(id));
      return { keys };
    case 'role.assignment.created':
    case 'role.assignment.deleted':
      return roleAssignment(payload, index, keys);
    case 'project.created':
    case 'project.updated':
    case 'project.archived':
    case 'project.deleted': {
      if (id === undefined) {
        add(index.of('listProjects'));
        return { keys };
      }
      if (type === 'project.archived' || type === 'project.deleted') add(index.under(id));
      return { keys, refetch: new Map(index.of('listProjects').map((k) => [k, new Set([id])])) };
    }
    case 'external_key.registered':
    case 'external_key.removed':
      add(index.of('listProjects'));
      return { keys };
    case 'service_account.created':
    case 'service_account.updated':
    case 'service_account.deleted':
      return projectChild('listProjectServiceAccounts', id, place, index, keys);
    case 'rate_limit.updated':
    case 'rate_limit.deleted':
      return projectChild('listProjectRateLimits', id, place, index, keys);
    case 'certificate.created':
      add(index.of('listCertificates'));
      return { keys };
    case 'certificate.updated':
    case 'certificate.deleted':
      if (id === undefined) return needId();
      add(index.of('listCertificates'), index.mentioning(id));
      return { keys };
    case 'certificates.activated':
    case 'certificates.deactivated': {
      if (place.org) add(index.of('listCertificates'));
      if (place.project !== undefined) add(inProject('listProjectCertificates'));
      return { keys };
    }
    case 'scim.enabled':
    case 'scim.disabled':
      add(index.of('listUsers'), index.of('listGroups'));
      return { keys };
    case 'resource.deleted':
      if (id === undefined) return needId();
      add(index.mentioning(id), index.under(id));
      return { keys };
    default:
      return { keys, full: `the audit log reports a ${type} event (${event.id}), which orgplane cannot map to what it changed` };
  }
}

/** A child of a project (service account, rate limit): the kept answers holding it, else its project's list. */
function projectChild(method: string, id: string | undefined, place: Place, index: ReadIndex, keys: Set<string>): Invalidation {
  const holding = id === undefined ? [] : index.mentioning(id).filter((k) => parseReadKey(k).method === method);
  const project = place.project === undefined ? [] : index.of(method, place.project);
  // Not placed anywhere: every project's list of that kind (the enclosing scope).
  const lists = holding.length + project.length > 0 ? [...holding, ...project] : id === undefined || place.project === undefined ? index.of(method) : [];
  for (const k of lists) keys.add(k);
  return { keys };
}

/**
 * role.assignment.* carry the assignment's id, principal and resource, not the role. A
 * project group's access is itself a role assignment (adding a group to a project logs
 * role.assignment.created), so the project's group list goes stale with it.
 */
function roleAssignment(payload: Obj, index: ReadIndex, keys: Set<string>): Invalidation {
  const principal = str(payload.principal_id);
  const principalType = str(payload.principal_type);
  const resourceType = str(payload.resource_type);
  const resource = str(payload.resource_id);
  const onProject = resourceType === 'api.project' || (resourceType === undefined && resource?.startsWith('proj_') === true);
  const user = principalType !== 'group';
  const group = principalType !== 'user';
  const add = (list: string[]): void => {
    for (const k of list) keys.add(k);
  };
  if (onProject) {
    if (user) add([...index.of('listProjectUserRoles', resource, principal), ...index.of('listProjectUsers', resource)]);
    if (group) add([...index.of('listProjectGroups', resource), ...index.of('listProjectGroupRoles', resource, principal)]);
  } else {
    if (user) add(index.of('listUserRoles', principal));
    if (group) add(index.of('listGroupRoles', principal));
  }
  return { keys };
}

/** Every stale read for a batch of events; `full` is the first reason a full read is needed. */
export function invalidationsFor(events: readonly AuditLog[], reads: ReadonlyMap<string, CachedRead>): Invalidation {
  const index = new ReadIndex(reads);
  const keys = new Set<string>();
  const refetch = new Map<string, Set<string>>();
  for (const event of events) {
    const one = invalidationFor(event, index);
    for (const k of one.keys) keys.add(k);
    for (const [list, ids] of one.refetch ?? []) {
      const held = refetch.get(list) ?? new Set<string>();
      for (const id of ids) held.add(id);
      refetch.set(list, held);
    }
    if (one.full !== undefined) return { keys, full: one.full };
  }
  // A list read again whole needs no item fetched on its own.
  for (const list of keys) refetch.delete(list);
  return { keys, refetch };
}
