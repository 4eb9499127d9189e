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
