// Role names in the manifests must name a declared custom role or a predefined one.
// Roles are compared by name (API-NOTES: predefined role ids can come back scoped).
import type { Project, Role, SourceLocation } from '../model/types.js';
import type { DiffContext } from './context.js';
import { problemAt } from './errors.js';
import { unknownNameMessage } from './suggest.js';

export function knownOrgRoles(ctx: DiffContext): Set<string> {
  const names = new Set<string>(ctx.live.predefinedRoles.org.keys());
  for (const [name, role] of ctx.live.org.roles ?? new Map<string, Role>()) {
    // A live custom role stays usable only while the manifests leave roles unmanaged.
    if (role.predefined === true || ctx.desired.org.roles === undefined) names.add(name);
  }
  for (const name of ctx.desired.org.roles?.keys() ?? []) names.add(name);
  return names;
}

export function knownProjectRoles(ctx: DiffContext, projectName: string, desired: Project): Set<string> {
  const live = ctx.liveProjects.get(projectName);
  const names = new Set<string>();
  const predefined =
    live?.id !== undefined ? ctx.live.predefinedRoles.project.get(live.id) : undefined;
  if (predefined !== undefined) {
    for (const name of predefined.keys()) names.add(name);
  } else {
    // A project created by this plan gets the same predefined roles as every other.
    for (const roles of ctx.live.predefinedRoles.project.values()) for (const name of roles.keys()) names.add(name);
  }
  for (const [name, role] of live?.roles ?? new Map<string, Role>()) {
    if (role.predefined === true || desired.roles === undefined) names.add(name);
  }
  for (const name of desired.roles?.keys() ?? []) names.add(name);
  return names;
}

/** Records a problem for every role name that resolves to nothing. */
export function checkRoleNames(
  ctx: DiffContext,
  roles: readonly string[] | undefined,
  known: ReadonlySet<string>,
  source: SourceLocation | undefined,
): void {
  for (const role of roles ?? []) {
    if (!known.has(role)) ctx.problems.push(problemAt(source, 'unknown-role', unknownNameMessage('role', role, known), role));
  }
}

export function checkAllRoleNames(ctx: DiffContext): void {
  const org = knownOrgRoles(ctx);
  for (const member of ctx.desired.org.members.values()) checkRoleNames(ctx, member.roles, org, member.source);
  for (const group of ctx.desired.org.groups?.values() ?? []) checkRoleNames(ctx, group.roles, org, group.source);
  for (const [name, project] of ctx.desired.org.projects) {
    if (project.status === 'archived') continue;
    const known = knownProjectRoles(ctx, name, project);
    for (const member of project.members?.values() ?? []) checkRoleNames(ctx, member.roles, known, member.source);
    for (const group of project.groups?.values() ?? []) checkRoleNames(ctx, group.roles, known, group.source);
  }
}
