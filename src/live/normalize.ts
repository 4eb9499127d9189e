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

/** A wire email, lower-cased; missing, null or empty is no email (the spec allows all three). */
export function nonEmptyEmail(email: string | null | undefined): string | undefined {
  return typeof email === 'string' && email !== '' ? email.toLowerCase() : undefined;
}

export function userEmail(user: WireUser): string | undefined {
  return nonEmptyEmail(user.email) ?? nonEmptyEmail(user.user?.email);
}

export function orgRole(role: string | null | undefined): OrgRole {
  return role === 'owner' ? 'owner' : 'reader';
}

/** A user's org role; null stays null (spec `User.role`: string or null), never a guessed `reader`. */
export function userOrgRole(role: string | null | undefined): OrgRole | null {
  return role === null || role === undefined ? null : orgRole(role);
}

export function projectRole(role: string | null | undefined): ProjectRole {
  return role === 'owner' ? 'owner' : 'member';
}

/** The member a user stands for; undefined when the user has no email (nothing to key it by). */
export function memberFromUser(user: WireUser): Member | undefined {
  const email = userEmail(user);
  if (email === undefined) return undefined;
  const member: { -readonly [K in keyof Member]: Member[K] } = {
    email,
    role: userOrgRole(user.role),
    id: user.id,
    scimManaged: user.is_scim_managed === true,
  };
  const name = [user.name, user.user?.name].find((n) => typeof n === 'string' && n !== '');
  if (typeof name === 'string') member.name = name;
  return member;
}

const INVITE_STATUSES: readonly InviteStatus[] = ['pending', 'accepted', 'expired'];

export function inviteFromWire(invite: WireInvite): Invite {
  const email = nonEmptyEmail(invite.email);
  if (email === undefined) throw new MalformedObjectError(`invite ${invite.id} has no email`);
  return {
    id: invite.id,
    email,
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
  const result: { -readonly [K in keyof ServiceAccount]: ServiceAccount[K] } = { name: account.name, id: account.id };
  // Read tolerantly: a server leaving these out must not produce `role: undefined` fields.
  const role: unknown = account.role;
  if (typeof role === 'string') result.role = role;
  const createdAt: unknown = account.created_at;
  if (typeof createdAt === 'number') result.createdAt = createdAt;
  return result;
}

export function apiKeyFromWire(key: WireApiKey): ApiKey {
  const owner = key.owner ?? {};
  const ownerType = owner.type === 'service_account' ? 'service_account' : 'user';
  const who: { id?: string | null; name?: string | null; email?: string | null } =
    (ownerType === 'service_account' ? owner.service_account : owner.user) ?? {};
  const result: ApiKey['owner'] = { type: ownerType, id: who.id ?? '' };
  if (typeof who.name === 'string') result.name = who.name;
  const email = nonEmptyEmail(who.email);
  if (email !== undefined) result.email = email;
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
