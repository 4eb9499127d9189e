// /organization/invites: the way people join; accepting happens out of band (/_emulator).
import { bodyObject, cursorPage, LIMITS, oneOf, requiredString, type RouteDef } from '../context.js';
import { badRequest, conflict, notFound } from '../http-error.js';
import { newId } from '../ids.js';
import { inviteStatus, renderInvite } from '../render.js';
import type { InviteRec, ProjectMemberRole } from '../types.js';
import { param, requireActiveProject } from './lookup.js';

/** Invites stay valid for 7 days (the reference's examples: expires_at = created_at + 604800). */
export const INVITE_TTL_SECONDS = 7 * 24 * 3600;

export const inviteRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/v1/organization/invites',
    handler: (ctx) =>
      cursorPage([...ctx.store.invites.values()], (i) => i.id, (i) => renderInvite(i, ctx.now()), ctx.query, LIMITS.standard),
  },
  {
    method: 'POST',
    path: '/v1/organization/invites',
    handler: (ctx) => {
      const body = bodyObject(ctx);
      const email = requiredString(body, 'email');
      const role = oneOf(requiredString(body, 'role'), ['owner', 'reader'] as const, 'role');
      const projects = readInviteProjects(body.projects);
      for (const p of projects) requireActiveProject(ctx, p.id);
      if (ctx.store.userByEmail(email)) throw conflict(`User with email '${email}' is already a member of the organization.`, 'email');
      const lower = email.toLowerCase();
      for (const invite of ctx.store.invites.values()) {
        if (invite.email.toLowerCase() === lower && inviteStatus(invite, ctx.now()) === 'pending') {
          throw conflict(`An invite for '${email}' is already pending.`, 'email');
        }
      }
      const now = ctx.now();
      const invite: InviteRec = {
        id: newId('invite'),
        email,
        role,
        status: 'pending',
        created_at: now,
        expires_at: now + INVITE_TTL_SECONDS,
        accepted_at: null,
        projects,
      };
      ctx.store.invites.set(invite.id, invite);
      ctx.audit('invite.sent', { id: invite.id, data: { email, role } });
      return renderInvite(invite, now);
    },
  },
  {
    method: 'GET',
    path: '/v1/organization/invites/{invite_id}',
    handler: (ctx) => {
      const id = param(ctx, 'invite_id');
      const invite = ctx.store.invites.get(id);
      if (!invite) throw notFound('invite', id);
      return renderInvite(invite, ctx.now());
    },
  },
  {
    method: 'DELETE',
    path: '/v1/organization/invites/{invite_id}',
    handler: (ctx) => {
      const id = param(ctx, 'invite_id');
      const invite = ctx.store.invites.get(id);
      if (!invite) throw notFound('invite', id);
      if (invite.status === 'accepted') throw badRequest(`Invite '${id}' has been accepted and cannot be deleted.`, 'invite_id');
      ctx.store.invites.delete(id);
      ctx.audit('invite.deleted', { id });
      return { object: 'organization.invite.deleted', id, deleted: true };
    },
  },
];

function readInviteProjects(value: unknown): { id: string; role: ProjectMemberRole }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("Invalid type for 'projects': expected an array.", 'projects');
  return value.map((entry: unknown, index) => {
    const item = (entry ?? {}) as Record<string, unknown>;
    if (typeof item.id !== 'string') throw badRequest(`Missing required parameter: 'projects[${index}].id'.`, `projects[${index}].id`);
    const role = oneOf(String(item.role), ['owner', 'member'] as const, `projects[${index}].role`);
    return { id: item.id, role };
  });
}
