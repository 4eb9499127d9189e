// Organization-level diff: people (members and invites), groups, custom roles, certificates.
import type { Certificate, Group, Invite, Member, ProjectRole, Role } from '../model/types.js';
import { address } from './address.js';
import { addChange, pruneMessage, shouldPrune, sortedDifference, type ChangeInput, type DiffContext } from './context.js';
import type { FieldsOf } from './types.js';

/** Decides who joins (invite), who leaves (delete) and who changes role, before anything else. */
export function classifyPeople(ctx: DiffContext): void {
  for (const email of ctx.desired.org.members.keys()) {
    if (!ctx.live.org.members.has(email)) ctx.notMembers.add(email);
  }
  if (ctx.policy.prune.members !== 'delete') return;
  for (const [email, member] of ctx.live.org.members) {
    if (!ctx.desired.org.members.has(email) && member.scimManaged !== true) ctx.leaving.add(email);
  }
}

export function diffMembers(ctx: DiffContext): void {
  for (const email of [...ctx.desired.org.members.keys()].sort()) {
    const want = ctx.desired.org.members.get(email)!;
    const have = ctx.live.org.members.get(email);
    if (have === undefined) continue; // invites are planned by diffInvites
    // A live `role: null` (the spec allows it) is no role to keep: only a manifest asking for
    // owner changes it; reader is what such a user already has in effect, not a phantom change.
    if (have.role !== want.role && !(have.role === null && want.role === 'reader')) {
      if (have.scimManaged === true) {
        ctx.conflicts.push({
          address: address.member(email),
          owner: 'identity provider',
          reason: `organization role is ${have.role ?? 'unset'}, the manifest says ${want.role ?? 'unset'}; the user is managed by SCIM, change the role in the identity provider`,
          ...(want.source !== undefined ? { source: want.source } : {}),
        });
      } else {
        const downgrade = have.role === 'owner' && want.role === 'reader';
        addChange(ctx, {
          address: address.member(email),
          action: 'update',
          kind: 'org.member',
          target: { email, userId: have.id },
          before: { role: have.role },
          after: { role: want.role },
          reason: downgrade
            ? 'organization role owner → reader: loses owner rights'
            : `organization role ${have.role ?? 'unset'} → ${want.role ?? 'unset'}`,
          destructive: downgrade,
          source: want.source,
        });
      }
    }
    diffMemberRoles(ctx, want, have);
  }
  for (const email of [...ctx.live.org.members.keys()].sort()) {
    if (ctx.desired.org.members.has(email)) continue;
    const have = ctx.live.org.members.get(email)!;
    pruneMember(ctx, have);
  }
}

function diffMemberRoles(ctx: DiffContext, want: Member, have: Member): void {
  if (want.roles === undefined) return;
  const wanted = new Set(want.roles);
  const held = new Set(have.roles ?? []);
  for (const role of sortedDifference(wanted, held)) {
    addChange(ctx, {
      address: address.memberRole(want.email, role),
      action: 'assign',
      kind: 'org.member.role',
      target: { email: want.email, userId: have.id, role, roleScope: 'org', roleId: orgRoleId(ctx, role) },
      after: { role },
      reason: `assign organization role "${role}"`,
      dependsOn: [ctx.newOrgRoles.has(role) ? address.orgRole(role) : undefined],
      source: want.source,
    });
  }
  for (const role of sortedDifference(held, wanted)) {
    addChange(ctx, {
      address: address.memberRole(want.email, role),
      action: 'unassign',
      kind: 'org.member.role',
      target: { email: want.email, userId: have.id, role, roleScope: 'org', roleId: orgRoleId(ctx, role) },
      before: { role },
      reason: `organization role "${role}" is not in the manifest`,
      source: want.source,
    });
  }
}

export function orgRoleId(ctx: DiffContext, role: string): string | undefined {
  return ctx.live.org.roles?.get(role)?.id ?? ctx.live.predefinedRoles.org.get(role)?.id;
}

function pruneMember(ctx: DiffContext, have: Member): void {
  const mode = ctx.policy.prune.members;
  const at = address.member(have.email);
  if (!shouldPrune(ctx, 'members', at, 'org.member')) return;
  if (have.scimManaged === true) {
    ctx.conflicts.push({
      address: at,
      owner: 'identity provider',
      reason: 'not declared in any manifest (prune.members: delete), but the user is managed by SCIM; remove them in the identity provider',
    });
    return;
  }
  const projects = [...ctx.live.org.projects.values()].filter((p) => p.members?.has(have.email) === true).length;
  const groups = [...(ctx.live.org.groups?.values() ?? [])].filter((g) => g.members?.includes(have.email) === true).length;
  const implied = projects + groups > 0 ? `; this also removes them from ${plural(projects, 'project')} and ${plural(groups, 'group')}` : '';
  addChange(ctx, {
    address: at,
    action: 'delete',
    kind: 'org.member',
    target: { email: have.email, userId: have.id },
    before: { role: have.role },
    reason: `${pruneMessage(mode, 'members')}: leaves the organization${implied}`,
  });
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

interface InviteProject {
  project: string;
  projectId?: string;
  role: ProjectRole;
}

/** The project memberships a desired person should hold, by project name (active projects only). */
function desiredProjectsOf(ctx: DiffContext, email: string): InviteProject[] {
  const out: InviteProject[] = [];
  for (const [name, project] of [...ctx.desired.org.projects].sort(([a], [b]) => a.localeCompare(b))) {
    if (project.status === 'archived') continue;
    const member = project.members?.get(email);
    if (member === undefined) continue;
    const id = ctx.liveProjects.get(name)?.id ?? project.id;
    out.push(id !== undefined ? { project: name, projectId: id, role: member.role } : { project: name, role: member.role });
  }
  return out;
}

function inviteExpired(invite: Invite, now: Date): boolean {
  return invite.status === 'expired' || (invite.expiresAt !== null && invite.expiresAt * 1000 <= now.getTime());
}

function describeProjects(projects: readonly InviteProject[]): string {
  return projects.length === 0 ? 'no projects' : projects.map((p) => `${p.project} (${p.role})`).join(', ');
}

/** Why a pending invite does not match what the manifest wants, or undefined when it does. */
function inviteMismatch(ctx: DiffContext, invite: Invite, role: string, projects: readonly InviteProject[]): string | undefined {
  if (inviteExpired(invite, ctx.now)) {
    const when = invite.expiresAt !== null ? ` on ${new Date(invite.expiresAt * 1000).toISOString().slice(0, 10)}` : '';
    return `the pending invite expired${when}`;
  }
  if (invite.role !== role) return `the pending invite grants ${invite.role}, the manifest says ${role}`;
  const managed = managedProjectIds(ctx);
  const want = new Set(projects.map((p) => `${p.projectId ?? `new:${p.project}`}:${p.role}`));
  const have = new Set(invite.projects.filter((p) => managed.has(p.projectId)).map((p) => `${p.projectId}:${p.role}`));
  if (want.size !== have.size || [...want].some((x) => !have.has(x))) {
    const names = new Map([...ctx.live.org.projects.values()].map((p) => [p.id, p.name]));
    const had = invite.projects.map((p) => ({ project: names.get(p.projectId) ?? p.projectId, role: p.role }));
    return `the pending invite grants ${describeProjects(had)}, the manifest says ${describeProjects(projects)}`;
  }
  return undefined;
}

/** Live ids of projects whose membership the manifests manage (active, `members` stated). */
function managedProjectIds(ctx: DiffContext): Set<string> {
  const ids = new Set<string>();
  for (const [name, project] of ctx.desired.org.projects) {
    const id = ctx.liveProjects.get(name)?.id;
    if (id !== undefined && project.status === 'active' && project.members !== undefined) ids.add(id);
  }
  return ids;
}

/** Grants of a pending invite to projects the manifests do not manage: a replacement keeps them. */
function unmanagedGrants(ctx: DiffContext, invite: Invite | undefined): InviteProject[] {
  if (invite === undefined) return [];
  const managed = managedProjectIds(ctx);
  const names = new Map([...ctx.live.org.projects.values()].map((p) => [p.id, p.name]));
  return invite.projects
    .filter((p) => !managed.has(p.projectId))
    .map((p) => ({ project: names.get(p.projectId) ?? p.projectId, projectId: p.projectId, role: p.role }));
}

function inviteBefore(ctx: DiffContext, invite: Invite): Record<string, unknown> {
  const names = new Map([...ctx.live.org.projects.values()].map((p) => [p.id, p.name]));
  return {
    role: invite.role,
    projects: invite.projects.map((p) => ({ project: names.get(p.projectId) ?? p.projectId, projectId: p.projectId, role: p.role })),
    status: inviteExpired(invite, ctx.now) ? 'expired' : invite.status,
  };
}

/** Live invites by lower-cased email, ignoring accepted ones (they are members now). */
function openInvites(ctx: DiffContext): Map<string, Invite> {
  const out = new Map<string, Invite>();
  for (const invite of ctx.live.org.invites.values()) {
    if (invite.status !== 'accepted') out.set(invite.email.toLowerCase(), invite);
  }
  return out;
}

export function diffInvites(ctx: DiffContext): void {
  const invites = openInvites(ctx);
  for (const email of [...ctx.notMembers].sort()) {
    const want = ctx.desired.org.members.get(email)!;
    const pending = invites.get(email);
    const declared = desiredProjectsOf(ctx, email);
    const projects = [...declared, ...unmanagedGrants(ctx, pending)].sort((a, b) => a.project.localeCompare(b.project));
    let why = 'not a member of the organization yet';
    const dependsOn = projects.filter((p) => ctx.newProjects.has(p.project)).map((p) => address.project(p.project));
    if (pending !== undefined) {
      // Desired members always have a role (the schema requires it); null is live only.
      const mismatch = inviteMismatch(ctx, pending, want.role ?? 'reader', declared);
      if (mismatch === undefined) continue;
      why = `${mismatch}; it is replaced`;
      addChange(ctx, {
        address: address.invite(email),
        action: 'delete',
        kind: 'org.invite',
        target: { email, inviteId: pending.id },
        before: inviteBefore(ctx, pending),
        reason: `${mismatch}; it is deleted and sent again`,
        source: want.source,
      });
    }
    const later = laterAccess(ctx, email, want);
    addChange(ctx, {
      address: address.invite(email),
      action: 'invite',
      kind: 'org.invite',
      target: { email },
      after: { role: want.role, projects },
      reason: `${why}: invited as ${want.role}${projects.length > 0 ? ` with access to ${describeProjects(projects)} on acceptance` : ''}${later}`,
      dependsOn,
      source: want.source,
    });
  }
  for (const [email, invite] of [...invites].sort(([a], [b]) => a.localeCompare(b))) {
    if (ctx.notMembers.has(email)) continue;
    const mode = ctx.policy.prune.invites;
    const at = address.invite(email);
    const reason = ctx.desired.org.members.has(email)
      ? `already a member of the organization; the invite is stale (prune.invites: ${mode})`
      : pruneMessage(mode, 'invites');
    if (!shouldPrune(ctx, 'invites', at, 'org.invite', reason)) continue;
    addChange(ctx, {
      address: at,
      action: 'delete',
      kind: 'org.invite',
      target: { email, inviteId: invite.id },
      before: inviteBefore(ctx, invite),
      reason,
    });
  }
}

/** Access an invite cannot carry (roles, groups): planned once the person has accepted. */
function laterAccess(ctx: DiffContext, email: string, want: Member): string {
  const parts: string[] = [];
  if (want.roles !== undefined && want.roles.length > 0) parts.push(`roles ${want.roles.join(', ')}`);
  const groups = [...(ctx.desired.org.groups?.values() ?? [])].filter((g) => g.members?.includes(email) === true);
  if (groups.length > 0) parts.push(`group${groups.length > 1 ? 's' : ''} ${groups.map((g) => g.name).join(', ')}`);
  return parts.length > 0 ? `; ${parts.join(' and ')} follow once they accept (next plan)` : '';
}

export function diffOrgRoles(ctx: DiffContext): void {
  const desired = ctx.desired.org.roles;
  if (desired === undefined) return;
  const live = ctx.live.org.roles ?? new Map<string, Role>();
  for (const name of [...desired.keys()].sort()) {
    const want = desired.get(name)!;
    const have = live.get(name);
    if (have === undefined || have.predefined === true) {
      if (have?.predefined === true || ctx.live.predefinedRoles.org.has(name)) {
        ctx.warnings.push({ address: address.orgRole(name), message: `"${name}" is a predefined role; it cannot be declared as a custom role`, ...(want.source ? { source: want.source } : {}) });
        continue;
      }
      ctx.newOrgRoles.add(name);
      addChange(ctx, {
        address: address.orgRole(name),
        action: 'create',
        kind: 'org.role',
        target: { role: name, roleScope: 'org' },
        after: { name, description: want.description ?? null, permissions: [...want.permissions].sort() },
        reason: 'declared in the manifest, missing in the organization',
        source: want.source,
      });
      continue;
    }
    const diff = roleDiff(want, have);
    if (diff !== undefined) {
      addChange(ctx, {
        address: address.orgRole(name),
        action: 'update',
        kind: 'org.role',
        target: { role: name, roleId: have.id, roleScope: 'org' },
        ...diff,
        source: want.source,
      });
    }
  }
  for (const [name, have] of [...live].sort(([a], [b]) => a.localeCompare(b))) {
    if (desired.has(name) || have.predefined === true) continue;
    pruneRole(ctx, address.orgRole(name), 'org.role', { role: name, roleId: have.id, roleScope: 'org' });
  }
}

export function roleDiff(
  want: { description?: string | null; permissions: readonly string[] },
  have: { description?: string | null; permissions: readonly string[] },
): { before: Record<string, unknown>; after: Record<string, unknown>; reason: string; destructive: boolean } | undefined {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  if (want.description !== undefined && (want.description ?? null) !== (have.description ?? null)) {
    before.description = have.description ?? null;
    after.description = want.description;
  }
  const wanted = new Set(want.permissions);
  const held = new Set(have.permissions);
  const added = sortedDifference(wanted, held);
  const removed = sortedDifference(held, wanted);
  if (added.length + removed.length > 0) {
    before.permissions = [...held].sort();
    after.permissions = [...wanted].sort();
  }
  if (Object.keys(after).length === 0) return undefined;
  const parts = [
    added.length > 0 ? `grants ${added.join(', ')}` : '',
    removed.length > 0 ? `revokes ${removed.join(', ')}` : '',
    'description' in after ? 'new description' : '',
  ].filter(Boolean);
  return { before, after, reason: `role differs: ${parts.join('; ')}`, destructive: removed.length > 0 };
}

export function pruneRole<K extends 'org.role' | 'project.role'>(ctx: DiffContext, at: string, kind: K, target: ChangeInput<K>['target']): void {
  const mode = ctx.policy.prune.roles;
  if (!shouldPrune(ctx, 'roles', at, kind)) return;
  // Both role kinds hold RoleFields (TS cannot see it through K).
  const before = { name: target.role } as Partial<FieldsOf<K>>;
  addChange(ctx, { address: at, action: 'delete', kind, target, before, reason: pruneMessage(mode, 'roles') });
}

export function diffGroups(ctx: DiffContext): void {
  const desired = ctx.desired.org.groups;
  if (desired === undefined) return;
  const live = ctx.live.org.groups ?? new Map<string, Group>();
  for (const name of [...desired.keys()].sort()) {
    const want = desired.get(name)!;
    const have = live.get(name);
    const groupAt = address.group(name);
    if (have === undefined) {
      ctx.newGroups.add(name);
      addChange(ctx, {
        address: groupAt,
        action: 'create',
        kind: 'org.group',
        target: { group: name },
        after: { name },
        reason: 'declared in the manifest, missing in the organization',
        source: want.source,
      });
    }
    const created = have === undefined ? groupAt : undefined;
    if (want.members !== undefined) {
      const wanted = new Set(want.members.filter((e) => !ctx.notMembers.has(e)));
      const held = new Set((have?.members ?? []).filter((e) => !ctx.leaving.has(e)));
      const add = sortedDifference(wanted, held);
      const remove = sortedDifference(held, wanted);
      if (have?.scimManaged === true) {
        if (add.length + remove.length > 0) {
          const parts = [add.length > 0 ? `adds ${add.join(', ')}` : '', remove.length > 0 ? `removes ${remove.join(', ')}` : ''].filter(Boolean);
          ctx.conflicts.push({
            address: groupAt,
            owner: 'identity provider',
            reason: `the manifest ${parts.join(' and ')}, but the group is managed by SCIM; change its members in the identity provider`,
            ...(want.source !== undefined ? { source: want.source } : {}),
          });
        }
      } else {
        for (const email of add) {
          const user = ctx.live.org.members.get(email);
          if (user === undefined) continue; // neither member nor invited: the loader reports it
          addChange(ctx, {
            address: address.groupMember(name, email),
            action: 'assign',
            kind: 'org.group.member',
            target: { group: name, groupId: have?.id, email, userId: user.id },
            after: { member: email },
            reason: `joins group ${name}`,
            dependsOn: [created],
            source: want.source,
          });
        }
        for (const email of remove) {
          addChange(ctx, {
            address: address.groupMember(name, email),
            action: 'unassign',
            kind: 'org.group.member',
            target: { group: name, groupId: have?.id, email, userId: ctx.live.org.members.get(email)?.id },
            before: { member: email },
            reason: `leaves group ${name}: not listed in the manifest`,
            source: want.source,
          });
        }
      }
    }
    if (want.roles !== undefined) {
      const wanted = new Set(want.roles);
      const held = new Set(have?.roles ?? []);
      for (const role of sortedDifference(wanted, held)) {
        addChange(ctx, {
          address: address.groupRole(name, role),
          action: 'assign',
          kind: 'org.group.role',
          target: { group: name, groupId: have?.id, role, roleId: orgRoleId(ctx, role), roleScope: 'org' },
          after: { role },
          reason: `assign organization role "${role}" to group ${name}`,
          dependsOn: [created, ctx.newOrgRoles.has(role) ? address.orgRole(role) : undefined],
          source: want.source,
        });
      }
      for (const role of sortedDifference(held, wanted)) {
        addChange(ctx, {
          address: address.groupRole(name, role),
          action: 'unassign',
          kind: 'org.group.role',
          target: { group: name, groupId: have?.id, role, roleId: orgRoleId(ctx, role), roleScope: 'org' },
          before: { role },
          reason: `organization role "${role}" of group ${name} is not in the manifest`,
          source: want.source,
        });
      }
    }
  }
  for (const [name, have] of [...live].sort(([a], [b]) => a.localeCompare(b))) {
    if (desired.has(name)) continue;
    const mode = ctx.policy.prune.groups;
    const at = address.group(name);
    if (!shouldPrune(ctx, 'groups', at, 'org.group')) continue;
    if (have.scimManaged === true) {
      ctx.conflicts.push({
        address: at,
        owner: 'identity provider',
        reason: 'not declared in any manifest (prune.groups: delete), but the group is managed by SCIM; remove it in the identity provider',
      });
    } else {
      addChange(ctx, {
        address: at,
        action: 'delete',
        kind: 'org.group',
        target: { group: name, groupId: have.id },
        before: { name, members: have.members?.length ?? 0 },
        reason: pruneMessage(mode, 'groups'),
      });
    }
  }
}

export function diffCertificates(ctx: DiffContext): void {
  const desired = ctx.desired.org.certificates;
  if (desired === undefined) return;
  const live = ctx.live.org.certificates ?? new Map<string, Certificate>();
  for (const name of [...desired.keys()].sort()) {
    const want = desired.get(name)!;
    const have = live.get(name);
    if (have === undefined) {
      ctx.newCertificates.add(name);
      // A certificate is public material (no private key), so the plan may carry it for apply.
      addChange(ctx, {
        address: address.certificate(name),
        action: 'create',
        kind: 'org.certificate',
        target: { certificate: name },
        after: { name, active: want.active, ...(want.file !== undefined ? { file: want.file } : {}), ...(want.content !== undefined ? { content: want.content } : {}) },
        reason: 'declared in the manifest, missing in the organization',
        source: want.source,
      });
      continue;
    }
    if (have.content !== undefined && want.content !== undefined && normalizePem(have.content) !== normalizePem(want.content)) {
      ctx.warnings.push({
        address: address.certificate(name),
        message: 'the certificate content differs from the file; certificates cannot be changed in place: delete it or give the new one another name',
        ...(want.source !== undefined ? { source: want.source } : {}),
      });
    }
    if (have.active !== want.active) {
      addChange(ctx, {
        address: address.certificate(name),
        action: 'update',
        kind: 'org.certificate',
        target: { certificate: name, certificateId: have.id },
        before: { active: have.active },
        after: { active: want.active },
        reason: want.active ? 'activate at organization level' : 'deactivate at organization level: mTLS clients using it stop working',
        destructive: !want.active,
        source: want.source,
      });
    }
  }
  for (const name of [...live.keys()].sort()) {
    if (desired.has(name)) continue;
    // The Policy has no prune key for certificates: report them, never delete.
    ctx.unmanaged.push({ address: address.certificate(name), kind: 'org.certificate', reason: 'not declared in any manifest' });
  }
}

function normalizePem(pem: string): string {
  return pem.replace(/\s+/g, '');
}
