// Finding things by path parameter, answering 404 (and 400 for archived projects) as the API does.
import type { HandlerContext } from '../context.js';
import { badRequest, notFound } from '../http-error.js';
import type { GroupRec, ProjectRec, UserRec } from '../types.js';

export function param(ctx: HandlerContext, name: string): string {
  return ctx.params[name] ?? '';
}

export function requireUser(ctx: HandlerContext, id = param(ctx, 'user_id')): UserRec {
  const user = ctx.store.users.get(id);
  if (!user) throw notFound('user', id);
  return user;
}

export function requireProject(ctx: HandlerContext, id = param(ctx, 'project_id')): ProjectRec {
  const project = ctx.store.projects.get(id);
  if (!project) throw notFound('project', id);
  return project;
}

/** Archived projects reject changes. */
export function requireActiveProject(ctx: HandlerContext, id = param(ctx, 'project_id')): ProjectRec {
  const project = requireProject(ctx, id);
  if (project.archived_at !== null) throw badRequest(`Project '${id}' is archived and cannot be modified.`, 'project_id');
  return project;
}

export function requireGroup(ctx: HandlerContext, id = param(ctx, 'group_id')): GroupRec {
  const group = ctx.store.groups.get(id);
  if (!group) throw notFound('group', id);
  return group;
}

/**
 * The reference: a SCIM-managed group is "managed through SCIM and controlled by your
 * identity provider", and so is a SCIM-managed user. Neither it nor the spec gives the
 * answer to a change; the emulator refuses with a 400 naming the identity provider.
 */
export function refuseScimManaged(what: 'user' | 'group', thing: { id: string; is_scim_managed: boolean }): void {
  if (thing.is_scim_managed) {
    throw badRequest(`The ${what} '${thing.id}' is managed through SCIM and controlled by your identity provider: change it there.`, `${what}_id`);
  }
}
