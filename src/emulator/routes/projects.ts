// /organization/projects and their users. Projects are never deleted, only archived;
// an archived project rejects changes and has no users.
import {
  bodyObject,
  cursorPage,
  LIMITS,
  oneOf,
  optionalString,
  requiredString,
  type HandlerContext,
  type RouteDef,
} from '../context.js';
import { badRequest, conflict, notFound } from '../http-error.js';
import { newId } from '../ids.js';
import { renderProject, renderProjectUser } from '../render.js';
import type { EmulatorStore } from '../store.js';
import type { ProjectMemberRec, ProjectRec, RateLimitRec } from '../types.js';
import { param, requireActiveProject, requireProject, requireUser } from './lookup.js';

/** Every project has one rate-limit row per model of this fixed set, with these defaults. */
export const RATE_LIMIT_DEFAULTS: readonly Omit<RateLimitRec, 'id'>[] = [
  { model: 'gpt-4o', max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 30_000_000, batch_1_day_max_input_tokens: 5_000_000_000 },
  { model: 'gpt-4o-mini', max_requests_per_1_minute: 30_000, max_tokens_per_1_minute: 150_000_000, batch_1_day_max_input_tokens: 15_000_000_000 },
  { model: 'o3', max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 30_000_000, batch_1_day_max_input_tokens: 5_000_000_000 },
  { model: 'text-embedding-3-small', max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 10_000_000, batch_1_day_max_input_tokens: 4_000_000_000 },
  { model: 'dall-e-3', max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 0, max_images_per_1_minute: 100 },
  { model: 'whisper-1', max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 0, max_audio_megabytes_per_1_minute: 1_000 },
];

export function createProjectRecord(store: EmulatorStore, project: ProjectRec): void {
  store.projects.set(project.id, project);
  const rows = new Map<string, RateLimitRec>();
  for (const defaults of RATE_LIMIT_DEFAULTS) {
    const id = newId('rate_limit');
    rows.set(id, { id, ...defaults });
  }
  store.rateLimits.set(project.id, rows);
}

function projectMembers(ctx: HandlerContext, projectId: string): ReadonlyMap<string, ProjectMemberRec> {
  return ctx.store.projectMembers.get(projectId) ?? new Map<string, ProjectMemberRec>();
}

export const projectRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/v1/organization/projects',
    handler: (ctx) => {
      const includeArchived = ctx.query.get('include_archived') === 'true';
      const projects = [...ctx.store.projects.values()].filter((p) => includeArchived || p.archived_at === null);
      return cursorPage(projects, (p) => p.id, renderProject, ctx.query, LIMITS.standard);
    },
  },
  {
    method: 'POST',
    path: '/v1/organization/projects',
    handler: (ctx) => {
      const body = bodyObject(ctx);
      const name = requiredString(body, 'name');
      const project: ProjectRec = {
        id: newId('project'),
        name,
        created_at: ctx.now(),
        archived_at: null,
        external_key_id: optionalString(body, 'external_key_id') ?? null,
      };
      // The value was checked against the spec's PublicProjectResidency enum before the handler ran.
      const residency = optionalString(body, 'residency');
      if (residency !== undefined) project.residency = residency;
      createProjectRecord(ctx.store, project);
      ctx.audit('project.created', { id: project.id, data: { name, title: name } }, project.id);
      return renderProject(project);
    },
  },
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}',
    handler: (ctx) => renderProject(requireProject(ctx)),
  },
  {
    method: 'POST',
    path: '/v1/organization/projects/{project_id}',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      // Spec ProjectUpdateRequest: `name` and `external_key_id` are both optional (and nullable).
      const body = bodyObject(ctx);
      const name = optionalString(body, 'name');
      if (name !== undefined) {
        if (name === '') throw badRequest("Invalid 'name': must not be empty.", 'name');
        project.name = name;
      }
      if ('external_key_id' in body) project.external_key_id = optionalString(body, 'external_key_id') ?? null;
      // The spec's project.updated changes_requested has only `title`.
      ctx.audit('project.updated', { id: project.id, changes_requested: name === undefined ? {} : { title: name } }, project.id);
      return renderProject(project);
    },
  },
  {
    method: 'POST',
    path: '/v1/organization/projects/{project_id}/archive',
    handler: (ctx) => {
      const project = requireProject(ctx);
      if (project.archived_at === null) {
        ctx.store.archiveProject(project.id, ctx.now());
        ctx.audit('project.archived', { id: project.id }, project.id);
      }
      return renderProject(project);
    },
  },
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}/users',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const members = [...projectMembers(ctx, project.id).values()];
      return cursorPage(members, (m) => m.user_id, (m) => renderProjectUser(ctx.store, m), ctx.query, LIMITS.standard);
    },
  },
  {
    method: 'POST',
    path: '/v1/organization/projects/{project_id}/users',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      const body = bodyObject(ctx);
      const role = oneOf(requiredString(body, 'role'), ['owner', 'member'] as const, 'role');
      const userId = optionalString(body, 'user_id');
      const email = optionalString(body, 'email');
      if (userId === undefined && email === undefined) throw badRequest("Missing required parameter: 'user_id'.", 'user_id');
      // A project user must already be a member of the organization.
      const user = userId !== undefined ? ctx.store.users.get(userId) : ctx.store.userByEmail(email ?? '');
      if (!user) {
        throw badRequest(`User '${userId ?? email ?? ''}' is not a member of the organization; invite them first.`, userId !== undefined ? 'user_id' : 'email');
      }
      if (projectMembers(ctx, project.id).has(user.id)) {
        throw conflict(`User '${user.id}' is already a member of project '${project.id}'.`, 'user_id');
      }
      const member = { user_id: user.id, role, added_at: ctx.now() };
      ctx.store.putProjectMember(project.id, member);
      ctx.audit('user.added', { id: user.id, data: { role } }, project.id);
      return renderProjectUser(ctx.store, member);
    },
  },
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}/users/{user_id}',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const id = param(ctx, 'user_id');
      const member = projectMembers(ctx, project.id).get(id);
      if (!member) throw notFound('project user', id);
      return renderProjectUser(ctx.store, member);
    },
  },
  {
    method: 'POST',
    path: '/v1/organization/projects/{project_id}/users/{user_id}',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      const id = param(ctx, 'user_id');
      const member = projectMembers(ctx, project.id).get(id);
      if (!member) throw notFound('project user', id);
      member.role = oneOf(requiredString(bodyObject(ctx), 'role'), ['owner', 'member'] as const, 'role');
      ctx.audit('user.updated', { id, changes_requested: { role: member.role } }, project.id);
      return renderProjectUser(ctx.store, member);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/organization/projects/{project_id}/users/{user_id}',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      const id = param(ctx, 'user_id');
      if (!projectMembers(ctx, project.id).has(id)) {
        requireUser(ctx, id);
        throw notFound('project user', id);
      }
      ctx.store.removeProjectMember(project.id, id);
      ctx.audit('user.deleted', { id }, project.id);
      return { object: 'organization.project.user.deleted', id, deleted: true };
    },
  },
];
