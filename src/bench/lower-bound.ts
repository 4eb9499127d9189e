// The arithmetic the benchmark compares orgplane against:
// - the fewest requests a read scope allows (the live helper's minimumRequests), from the
//   object counts of the live org;
// - the critical path: the longest chain of requests that must run one after another
//   (cursor pages of one list, then the lists that need an id from that list);
// - the time lower bound: max(requests beyond the burst / rate, critical path × latency).
import { MAX_PAGE_SIZE } from '../api/index.js';
import { projectScopeFor, selects, type ReadCounts, type ReadScope } from '../live/index.js';
import { KINDS } from '../kinds/index.js';
import type { Change } from '../plan/types.js';

function pages(route: string, objects: number): number {
  const size = MAX_PAGE_SIZE[route];
  if (size === undefined) throw new Error(`no page size known for ${route}`);
  return Math.max(1, Math.ceil(objects / size));
}

/**
 * Requests that must follow each other when reading `scope` with maximum pages and
 * unlimited concurrency. A child list needs its parent's ids, and pages of one list are
 * sequential (each carries the cursor of the one before).
 */
export function criticalPath(scope: ReadScope, counts: ReadCounts): number {
  const userPages = pages('/organization/users', counts.users);
  let longest = Math.max(userPages, pages('/organization/invites', counts.invites));
  if (scope.orgRoles) longest = Math.max(longest, pages('/organization/roles', counts.orgRoles));
  for (const [email, roles] of counts.userRoles) {
    if (selects(scope.userRoles, email)) longest = Math.max(longest, userPages + pages('/organization/users/{user_id}/roles', roles));
  }
  if (scope.groups) {
    const groupPages = pages('/organization/groups', counts.groups.length);
    longest = Math.max(longest, groupPages);
    for (const group of counts.groups) {
      if (selects(scope.groupMembers, group.name)) longest = Math.max(longest, groupPages + pages('/organization/groups/{group_id}/users', group.members));
      if (selects(scope.groupRoles, group.name)) longest = Math.max(longest, groupPages + pages('/organization/groups/{group_id}/roles', group.roles));
    }
  }
  const projectPages = pages('/organization/projects', counts.projects.length);
  longest = Math.max(longest, projectPages);
  for (const project of counts.projects) {
    if (project.archived) continue;
    const ps = projectScopeFor(scope, project);
    let below = 0;
    if (ps.members) {
      let users = pages('/organization/projects/{project_id}/users', project.members.length);
      if (project.members.some((m) => selects(ps.memberRoles, m.email))) users += 1;
      below = Math.max(below, users);
    }
    if (ps.groups) below = Math.max(below, pages('/organization/projects/{project_id}/groups', project.groups.length) + (project.groups.length > 0 ? 1 : 0));
    if (ps.roles) below = Math.max(below, pages('/projects/{project_id}/roles', project.roles));
    if (ps.serviceAccounts) below = Math.max(below, pages('/organization/projects/{project_id}/service_accounts', project.serviceAccounts));
    if (ps.rateLimits) below = Math.max(below, pages('/organization/projects/{project_id}/rate_limits', project.rateLimits));
    if (ps.certificates) below = Math.max(below, pages('/organization/projects/{project_id}/certificates', project.certificates));
    if (ps.apiKeys) below = Math.max(below, pages('/organization/projects/{project_id}/api_keys', project.apiKeys));
    // Kinds read through their descriptor (governance settings): at least one request each, after the project list.
    if ((ps.extensions?.size ?? 0) > 0) below = Math.max(below, 1);
    longest = Math.max(longest, projectPages + below);
  }
  return longest;
}

export interface RateModel {
  /** Server-side limit, requests per second. */
  rps: number;
  /** Requests the server lets through at once before pacing (the emulator's bucket holds one second). */
  burst: number;
  /** Added to every request, in milliseconds. */
  latencyMs: number;
}

export interface TimeBound {
  /** The bound: the larger of the two below. */
  ms: number;
  /** Time the rate limit forces: max(0, requests − burst) / rps. */
  rateMs: number;
  /** Time the dependent chain forces: critical path × latency. */
  pathMs: number;
  /** The brief's form without the burst allowance: max(requests / rps, path × latency). */
  noBurstMs: number;
}

export function timeLowerBound(requests: number, path: number, rate: RateModel): TimeBound {
  const rateMs = rate.rps > 0 ? (Math.max(0, requests - rate.burst) / rate.rps) * 1000 : 0;
  const pathMs = path * rate.latencyMs;
  const noBurstMs = Math.max(rate.rps > 0 ? (requests / rate.rps) * 1000 : 0, pathMs);
  return { ms: Math.max(rateMs, pathMs), rateMs, pathMs, noBurstMs };
}

export function ratio(actual: number, bound: number): number {
  return bound > 0 ? actual / bound : Number.POSITIVE_INFINITY;
}

/** Longest chain of changes through dependsOn and same-address order (each link a request). */
export function dependencyDepth(changes: readonly Pick<Change, 'address' | 'dependsOn'>[]): number {
  const byAddress = new Map<string, number[]>();
  changes.forEach((c, i) => byAddress.set(c.address, [...(byAddress.get(c.address) ?? []), i]));
  const depth = new Map<number, number>();
  const visit = (i: number, seen: Set<number>): number => {
    const known = depth.get(i);
    if (known !== undefined) return known;
    if (seen.has(i)) return 0;
    seen.add(i);
    const change = changes[i];
    let deepest = 0;
    if (change !== undefined) {
      const before = [...change.dependsOn.flatMap((a) => byAddress.get(a) ?? []), ...(byAddress.get(change.address) ?? []).filter((j) => j < i)];
      for (const j of before) if (j !== i) deepest = Math.max(deepest, visit(j, seen));
    }
    depth.set(i, deepest + 1);
    return deepest + 1;
  };
  let longest = 0;
  for (let i = 0; i < changes.length; i += 1) longest = Math.max(longest, visit(i, new Set()));
  return longest;
}


/**
 * minimumRequests (src/live) per route, keyed as the emulator counts requests
 * (`GET /v1/organization/projects/{project_id}/users`): what the live profile's per-route
 * bound needs. The test checks the sum equals minimumRequests.
 */
export function minimumByRoute(scope: ReadScope, counts: ReadCounts): Record<string, number> {
  const byRoute: Record<string, number> = {};
  const add = (route: string, requests: number): void => {
    if (requests > 0) byRoute[`GET /v1${route}`] = (byRoute[`GET /v1${route}`] ?? 0) + requests;
  };
  const list = (route: string, objects: number): void => add(route, pages(route, objects));
  for (const descriptor of KINDS) {
    const { live } = descriptor;
    const routes = live.minimumByRoute?.(scope, counts) ?? { [live.routes[0] ?? descriptor.kind]: live.minimumRequests(scope, counts) };
    for (const [route, requests] of Object.entries(routes)) add(route, requests);
  }
  // Reads that are no kind's: the admin keys (self-lockout guard) and API keys (idle-key rule).
  if (scope.adminKeyOwner === true) list('/organization/admin_api_keys', counts.adminApiKeys);
  for (const project of counts.projects) {
    if (project.archived) continue;
    if (projectScopeFor(scope, project).apiKeys) list('/organization/projects/{project_id}/api_keys', project.apiKeys);
  }
  return byRoute;
}

/** The live profile's limits, in the benchmark's (scaled) time. */
export interface WindowModel {
  /** Requests per route template per window; 0: none. */
  routeLimit: number;
  /** Requests over all routes per window; 0: none. */
  orgLimit: number;
  windowMs: number;
}

export interface WindowBound {
  /** Windows the requests need: the most any route needs, or the org-wide limit's if more. */
  windows: number;
  /** The route that needs them (`org-wide` when the org limit is tighter). */
  route: string;
  /** windows × window length. */
  ms: number;
  /** ceil(requests / limit) per route. */
  windowsByRoute: Record<string, number>;
}

/**
 * The time the live profile forces: a route with n requests and a limit of N per window
 * needs ceil(n / N) windows, whatever the client does. A client that starts each window
 * as it opens finishes early in the last one, so (windows − 1) windows is the strict floor;
 * the bound counts the last window whole, as the issue defines it, and a ratio slightly
 * under 1 is possible.
 */
export function windowBound(requestsByRoute: Readonly<Record<string, number>>, model: WindowModel): WindowBound {
  const windowsByRoute: Record<string, number> = {};
  let windows = 0;
  let route = '-';
  for (const [key, requests] of Object.entries(requestsByRoute)) {
    if (model.routeLimit <= 0 || requests <= 0) continue;
    const needed = Math.ceil(requests / model.routeLimit);
    windowsByRoute[key] = needed;
    if (needed > windows) [windows, route] = [needed, key];
  }
  if (model.orgLimit > 0) {
    const total = Object.values(requestsByRoute).reduce((sum, n) => sum + n, 0);
    const needed = Math.ceil(total / model.orgLimit);
    if (needed > windows) [windows, route] = [needed, 'org-wide'];
  }
  return { windows, route, ms: windows * model.windowMs, windowsByRoute };
}

export interface WaveWindowBound {
  /** Sum over the waves of each wave's own per-route bound. */
  windows: number;
  /** windows × window length. */
  ms: number;
  /** Per wave, in order: its windows and the route that needs them. */
  byWave: { wave: number; windows: number; route: string }[];
}

/**
 * The live profile's bound for an apply whose waves are barriers (src/apply: a change
 * starts once every change of an earlier wave has ended): a wave cannot use the windows
 * of another wave's routes, so each wave needs its own per-route bound and the waves add
 * up. Same convention as windowBound (each wave's last window counted whole), so a ratio a
 * little under 1 is possible, more so with many waves.
 */
export function waveWindowBound(waves: readonly { wave: number; byRoute: Readonly<Record<string, number>> }[], model: WindowModel): WaveWindowBound {
  const byWave = waves.map((w) => {
    const bound = windowBound(w.byRoute, model);
    return { wave: w.wave, windows: bound.windows, route: bound.route };
  });
  const windows = byWave.reduce((sum, w) => sum + w.windows, 0);
  return { windows, ms: windows * model.windowMs, byWave };
}
