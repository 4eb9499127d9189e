// Project-level diff: the project itself, then its members, groups, roles, service
// accounts, rate limits and certificates. Archived projects are not looked into.
import type { Project, ProjectGroup, ProjectMember, Role } from '../model/types.js';
import { address } from './address.js';
import { addChange, pruneMessage, shouldPrune, sortedDifference, type ChangeInput, type DiffContext } from './context.js';
import { pruneRole, roleDiff } from './diff-org.js';

export function classifyProjects(ctx: DiffContext): void {
  for (const [name, project] of ctx.desired.org.projects) {
    if (project.status === 'active' && !ctx.liveProjects.has(name)) ctx.newProjects.add(name);
  }
}

export function diffProjects(ctx: DiffContext): void {
  for (const name of [...ctx.desired.org.projects.keys()].sort()) {
    const want = ctx.desired.org.projects.get(name)!;
    const have = ctx.liveProjects.get(name);
    const at = address.project(name);
    if (have === undefined) {
      if (want.status === 'archived') {
        ctx.warnings.push({ address: at, message: 'declared archived but no such project exists; nothing to do', ...src(want) });
        continue;
      }
      addChange(ctx, {
        address: at,
        action: 'create',
        kind: 'project',
        target: { project: name },
        after: {
          name,
          ...(want.externalKeyId != null ? { externalKeyId: want.externalKeyId } : {}),
          ...(want.geography != null ? { geography: want.geography } : {}),
        },
        reason: 'declared in the manifest, missing in the organization',
        source: want.source,
      });
      diffChildren(ctx, name, want, undefined);
      continue;
    }
    if (have.status === 'archived') {
      if (want.status === 'active') {
        ctx.warnings.push({ address: at, message: 'the project is archived and the API cannot unarchive it; its contents are not planned', ...src(want) });
      }
      continue;
    }
    if (want.status === 'archived') {
      addChange(ctx, {
        address: at,
        action: 'archive',
        kind: 'project',
        target: { project: name, projectId: have.id },
        before: { status: 'active' },
        after: { status: 'archived' },
        reason: 'the manifest says status: archived; its keys stop working and it cannot be unarchived',
        source: want.source,
      });
      continue;
    }
    diffProjectFields(ctx, name, want, have);
    diffChildren(ctx, name, want, have);
  }
  for (const have of [...ctx.live.org.projects.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    if (have.status === 'archived' || [...ctx.liveProjects.values()].includes(have)) continue;
    const mode = ctx.policy.prune.projects;
    const at = address.project(have.name);
    if (!shouldPrune(ctx, 'projects', at, 'project')) continue;
    addChange(ctx, {
      address: at,
      action: 'archive',
      kind: 'project',
      target: { project: have.name, projectId: have.id },
      before: { status: 'active' },
      after: { status: 'archived' },
      reason: `${pruneMessage(mode, 'projects')}: projects are archived, never deleted`,
    });
  }
}

function src(object: { source?: Project['source'] }): { source?: NonNullable<Project['source']> } {
  return object.source !== undefined ? { source: object.source } : {};
}

function diffProjectFields(ctx: DiffContext, name: string, want: Project, have: Project): void {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  if (have.name !== name) {
    before.name = have.name;
    after.name = name;
  }
  if (want.externalKeyId !== undefined && (want.externalKeyId ?? null) !== (have.externalKeyId ?? null)) {
    before.externalKeyId = have.externalKeyId ?? null;
    after.externalKeyId = want.externalKeyId;
  }
  if (want.geography != null && have.geography !== undefined && want.geography !== (have.geography ?? null)) {
    ctx.warnings.push({
      address: address.project(name),
      message: `geography is ${have.geography ?? 'unset'}, the manifest says ${want.geography}; residency is chosen at creation and cannot be changed`,
      ...src(want),
    });
  }
  if (Object.keys(after).length === 0) return;
  addChange(ctx, {
    address: address.project(name),
    action: 'update',
    kind: 'project',
    target: { project: name, projectId: have.id },
    before,
    after,
    reason: `project settings differ: ${Object.keys(after).join(', ')}`,
    source: want.source,
  });
}

function diffChildren(ctx: DiffContext, name: string, want: Project, have: Project | undefined): void {
  const created = have === undefined ? address.project(name) : undefined;
  diffProjectRoles(ctx, name, want, have, created);
  diffProjectMembers(ctx, name, want, have, created);
  diffProjectGroups(ctx, name, want, have, created);
  diffProjectCertificates(ctx, name, want, have, created);
}

function projectRoleId(ctx: DiffContext, have: Project | undefined, role: string): string | undefined {
  if (have === undefined) return undefined;
  return have.roles?.get(role)?.id ?? (have.id !== undefined ? ctx.live.predefinedRoles.project.get(have.id)?.get(role)?.id : undefined);
}

function newProjectRole(want: Project, have: Project | undefined, role: string): boolean {
  return want.roles?.has(role) === true && have?.roles?.has(role) !== true;
}

function diffProjectRoles(ctx: DiffContext, name: string, want: Project, have: Project | undefined, created: string | undefined): void {
  if (want.roles === undefined) return;
  const live = have?.roles ?? new Map<string, Role>();
  for (const role of [...want.roles.keys()].sort()) {
    const wanted = want.roles.get(role)!;
    const held = live.get(role);
    const at = address.projectRole(name, role);
    if (held === undefined) {
      addChange(ctx, {
        address: at,
        action: 'create',
        kind: 'project.role',
        target: { project: name, projectId: have?.id, role, roleScope: 'project' },
        after: { name: role, description: wanted.description ?? null, permissions: [...wanted.permissions].sort() },
        reason: 'declared in the manifest, missing in the project',
        dependsOn: [created],
        source: wanted.source,
      });
      continue;
    }
    if (held.predefined === true) continue;
    const diff = roleDiff(wanted, held);
    if (diff !== undefined) {
      addChange(ctx, {
        address: at,
        action: 'update',
        kind: 'project.role',
        target: { project: name, projectId: have?.id, role, roleId: held.id, roleScope: 'project' },
        ...diff,
        source: wanted.source,
      });
    }
  }
  for (const [role, held] of [...live].sort(([a], [b]) => a.localeCompare(b))) {
    if (want.roles.has(role) || held.predefined === true) continue;
    pruneRole(ctx, address.projectRole(name, role), 'project.role', { project: name, projectId: have?.id, role, roleId: held.id, roleScope: 'project' });
  }
}

function diffProjectMembers(ctx: DiffContext, name: string, want: Project, have: Project | undefined, created: string | undefined): void {
  if (want.members === undefined) return;
  const live = have?.members ?? new Map<string, ProjectMember>();
  for (const email of [...want.members.keys()].sort()) {
    // Their membership travels with their invite (DESIGN.md: one change per person joining).
    if (ctx.notMembers.has(email)) continue;
    const wanted = want.members.get(email)!;
    const held = live.get(email);
    const user = ctx.live.org.members.get(email);
    const at = address.projectMember(name, email);
    if (user === undefined) {
      ctx.warnings.push({
        address: at,
        message: `${email} is neither a member of the organization nor declared under Organization spec.members; declare them there to invite them`,
        ...src(wanted),
      });
      continue;
    }
    const target = { project: name, projectId: have?.id, email, userId: user.id };
    let assigned: string | undefined;
    if (held === undefined) {
      assigned = at;
      addChange(ctx, {
        address: at,
        action: 'assign',
        kind: 'project.member',
        target,
        after: { role: wanted.role },
        reason: `joins project ${name} as ${wanted.role}`,
        dependsOn: [created],
        source: wanted.source,
      });
    } else if (held.role !== null && held.role !== wanted.role) {
      // A null live role is unknown (the grant was not among the group's role assignments):
      // no change, rather than a remove-and-re-add on every apply.
      const downgrade = held.role === 'owner';
      addChange(ctx, {
        address: at,
        action: 'update',
        kind: 'project.member',
        target,
        before: { role: held.role },
        after: { role: wanted.role },
        reason: downgrade ? `project role owner → member: loses owner rights on ${name}` : `project role ${held.role} → ${wanted.role}`,
        destructive: downgrade,
        source: wanted.source,
      });
    }
    diffAssignedRoles(ctx, {
      kind: 'project.member.role',
      addressOf: (role) => address.projectMemberRole(name, email, role),
      target: { ...target },
      wanted: wanted.roles,
      held: held?.roles,
      label: `${email} in ${name}`,
      dependsOn: assigned ?? created,
      newRole: (role) => (newProjectRole(want, have, role) ? address.projectRole(name, role) : undefined),
      roleId: (role) => projectRoleId(ctx, have, role),
      source: wanted.source,
    });
  }
  for (const email of [...live.keys()].sort()) {
    if (want.members.has(email) || ctx.leaving.has(email)) continue;
    const held = live.get(email)!;
    const at = address.projectMember(name, email);
    const mode = ctx.policy.prune.projectMembers;
    if (!shouldPrune(ctx, 'projectMembers', at, 'project.member')) continue;
    addChange(ctx, {
      address: at,
      action: 'unassign',
      kind: 'project.member',
      target: { project: name, projectId: have?.id, email, userId: held.userId ?? ctx.live.org.members.get(email)?.id },
      before: { role: held.role },
      reason: `${pruneMessage(mode, 'projectMembers')}: loses access to ${name}`,
    });
  }
}

type AssignedRoleKind = 'project.member.role' | 'project.group.role';

interface AssignedRoles<K extends AssignedRoleKind> {
  kind: K;
  addressOf: (role: string) => string;
  /** The target without its role: each change adds its own. */
  target: Omit<ChangeInput<K>['target'], 'role' | 'roleId' | 'roleScope'>;
  wanted: readonly string[] | undefined;
  held: readonly string[] | undefined;
  label: string;
  dependsOn: string | undefined;
  newRole: (role: string) => string | undefined;
  roleId: (role: string) => string | undefined;
  source: ProjectMember['source'];
}

function diffAssignedRoles<K extends AssignedRoleKind>(ctx: DiffContext, spec: AssignedRoles<K>): void {
  // The spec's target plus the role is K's target (TS cannot follow a spread through K).
  const targetFor = (role: string) => ({ ...spec.target, role, roleId: spec.roleId(role), roleScope: 'project' }) as ChangeInput<K>['target'];
  if (spec.wanted === undefined) return;
  const wanted = new Set(spec.wanted);
  const held = new Set(spec.held ?? []);
  for (const role of sortedDifference(wanted, held)) {
    addChange(ctx, {
      address: spec.addressOf(role),
      action: 'assign',
      kind: spec.kind,
      target: targetFor(role),
      after: { role },
      reason: `assign project role "${role}" to ${spec.label}`,
      dependsOn: [spec.dependsOn, spec.newRole(role)],
      source: spec.source,
    });
  }
  for (const role of sortedDifference(held, wanted)) {
    addChange(ctx, {
      address: spec.addressOf(role),
      action: 'unassign',
      kind: spec.kind,
      target: targetFor(role),
      before: { role },
      reason: `project role "${role}" of ${spec.label} is not in the manifest`,
      source: spec.source,
    });
  }
}

function diffProjectGroups(ctx: DiffContext, name: string, want: Project, have: Project | undefined, created: string | undefined): void {
  if (want.groups === undefined) return;
  const live = have?.groups ?? new Map<string, ProjectGroup>();
  for (const group of [...want.groups.keys()].sort()) {
    const wanted = want.groups.get(group)!;
    const held = live.get(group);
    const at = address.projectGroup(name, group);
    const groupId = held?.groupId ?? ctx.live.org.groups?.get(group)?.id;
    const target = { project: name, projectId: have?.id, group, groupId };
    let assigned: string | undefined;
    if (held === undefined) {
      assigned = at;
      addChange(ctx, {
        address: at,
        action: 'assign',
        kind: 'project.group',
        target,
        after: { role: wanted.role },
        reason: `group ${group} gets ${wanted.role} access to project ${name}`,
        dependsOn: [created, ctx.newGroups.has(group) ? address.group(group) : undefined],
        source: wanted.source,
      });
    } else if (held.role !== null && held.role !== wanted.role) {
      // A null live role is unknown (the grant was not among the group's role assignments):
      // no change, rather than a remove-and-re-add on every apply.
      const downgrade = held.role === 'owner';
      addChange(ctx, {
        address: at,
        action: 'update',
        kind: 'project.group',
        target,
        before: { role: held.role },
        after: { role: wanted.role },
        reason: `group ${group} on ${name}: ${held.role} → ${wanted.role}`,
        destructive: downgrade,
        source: wanted.source,
      });
    }
    diffAssignedRoles(ctx, {
      kind: 'project.group.role',
      addressOf: (role) => address.projectGroupRole(name, group, role),
      target,
      wanted: wanted.roles,
      held: held?.roles,
      label: `group ${group} in ${name}`,
      dependsOn: assigned ?? created,
      newRole: (role) => (newProjectRole(want, have, role) ? address.projectRole(name, role) : undefined),
      roleId: (role) => projectRoleId(ctx, have, role),
      source: wanted.source,
    });
  }
  for (const group of [...live.keys()].sort()) {
    if (want.groups.has(group)) continue;
    const held = live.get(group)!;
    const at = address.projectGroup(name, group);
    const mode = ctx.policy.prune.projectGroups;
    if (!shouldPrune(ctx, 'projectGroups', at, 'project.group')) continue;
    addChange(ctx, {
      address: at,
      action: 'unassign',
      kind: 'project.group',
      target: { project: name, projectId: have?.id, group, groupId: held.groupId },
      before: { role: held.role },
      reason: `${pruneMessage(mode, 'projectGroups')}: group ${group} loses access to ${name}`,
    });
  }
}


function diffProjectCertificates(ctx: DiffContext, name: string, want: Project, have: Project | undefined, created: string | undefined): void {
  if (want.certificates === undefined) return;
  const wanted = new Set(want.certificates);
  const held = new Set(have?.certificates ?? []);
  const certId = (cert: string): string | undefined => ctx.live.org.certificates?.get(cert)?.id;
  for (const cert of sortedDifference(wanted, held)) {
    addChange(ctx, {
      address: address.projectCertificate(name, cert),
      action: 'assign',
      kind: 'project.certificate',
      target: { project: name, projectId: have?.id, certificate: cert, certificateId: certId(cert) },
      after: { active: true },
      reason: `activate certificate ${cert} for project ${name}`,
      dependsOn: [created, ctx.newCertificates.has(cert) ? address.certificate(cert) : undefined],
      source: want.source,
    });
  }
  for (const cert of sortedDifference(held, wanted)) {
    addChange(ctx, {
      address: address.projectCertificate(name, cert),
      action: 'unassign',
      kind: 'project.certificate',
      target: { project: name, projectId: have?.id, certificate: cert, certificateId: certId(cert) },
      before: { active: true },
      reason: `certificate ${cert} is not listed for project ${name}: mTLS clients using it lose access`,
      source: want.source,
    });
  }
}
