// Wire objects (snake_case, as the API answers) → the normalized model. Pure functions:
// they read the fields they use and fail clearly when one they need is missing.
import type {
  Invite as WireInvite,
  Project as WireProject,
  ProjectApiKey as WireApiKey,
  ProjectServiceAccount as WireServiceAccount,
  Role as WireRole,
  User as WireUser,
} from '../api/types.js';
import type { ApiKey, Invite, InviteStatus, Member, OrgRole, ProjectRole, Role, ServiceAccount } from '../model/types.js';

export class MalformedObjectError extends Error {}

export function userEmail(user: WireUser): string | undefined {
  const email = user.email ?? user.user?.email ?? undefined;
  return email === undefined || email === null || email === '' ? undefined : email.toLowerCase();
}

export function orgRole(role: string | null | undefined): OrgRole {
  return role === 'owner' ? 'owner' : 'reader';
}

export function projectRole(role: string | null | undefined): ProjectRole {
  return role === 'owner' ? 'owner' : 'member';
}

export function memberFromUser(user: WireUser): Member {
  const email = userEmail(user);
  if (email === undefined) throw new MalformedObjectError(`user ${user.id} has no email`);
  const member: { -readonly [K in keyof Member]: Member[K] } = {
    email,
    role: orgRole(user.role),
    id: user.id,
    scimManaged: user.is_scim_managed === true,
  };
  const name = user.name ?? user.user?.name;
  if (typeof name === 'string' && name !== '') member.name = name;
  return member;
}

const INVITE_STATUSES: readonly InviteStatus[] = ['pending', 'accepted', 'expired'];

export function inviteFromWire(invite: WireInvite): Invite {
  if (typeof invite.email !== 'string') throw new MalformedObjectError(`invite ${invite.id} has no email`);
  return {
    id: invite.id,
    email: invite.email.toLowerCase(),
    role: orgRole(invite.role),
    status: INVITE_STATUSES.includes(invite.status) ? invite.status : 'pending',
    expiresAt: invite.expires_at ?? null,
    projects: (invite.projects ?? []).map((p) => ({ projectId: p.id, role: projectRole(p.role) })),
  };
}

export function roleFromWire(role: WireRole): Role {
  return {
    name: role.name,
    description: role.description ?? null,
    permissions: [...(role.permissions ?? [])].sort(),
    id: role.id,
    predefined: role.predefined_role === true,
  };
}

export function certificateName(cert: { id: string; name?: string | null }): string {
  return cert.name === undefined || cert.name === null || cert.name === '' ? cert.id : cert.name;
}

export function projectName(project: WireProject): string {
  return project.name === undefined || project.name === null || project.name === '' ? project.id : project.name;
}

export function isArchived(project: WireProject): boolean {
  return project.status === 'archived' || (project.archived_at !== undefined && project.archived_at !== null);
}

export function serviceAccountFromWire(account: WireServiceAccount): ServiceAccount {
  return { name: account.name, id: account.id, role: account.role, createdAt: account.created_at };
}

export function apiKeyFromWire(key: WireApiKey): ApiKey {
  const owner = key.owner ?? {};
  const ownerType = owner.type === 'service_account' ? 'service_account' : 'user';
  const who: { id?: string; name?: string; email?: string } =
    (ownerType === 'service_account' ? owner.service_account : owner.user) ?? {};
  const result: ApiKey['owner'] = { type: ownerType, id: who.id ?? '' };
  if (who.name !== undefined) result.name = who.name;
  if (who.email !== undefined) result.email = who.email.toLowerCase();
  return {
    id: key.id,
    name: key.name ?? null,
    redactedValue: key.redacted_value,
    createdAt: key.created_at,
    lastUsedAt: key.last_used_at ?? null,
    owner: result,
  };
}

/** Key of an object in a map keyed by name: the name, or `name#id` when the name is taken. */
export function uniqueKey(taken: ReadonlyMap<string, unknown>, name: string, id: string): string {
  return taken.has(name) ? `${name}#${id}` : name;
}
