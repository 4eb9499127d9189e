// Project documents: members, groups, roles, service accounts, rate limits, certificates.
import { RATE_LIMIT_FIELDS, type Project, type ProjectGroup, type ProjectMember, type RateLimit, type Role, type ServiceAccount, type SourceLocation } from '../model/types.js';
import { buildRoles, checkMemberReference, checkNamedReference, checkRoleList, type Context, Keyed, optional, ruleLocation } from './build-context.js';
import { buildProjectExtensions } from './build-extensions.js';
import type { Located, ProjectManifest } from './documents.js';
import { formatLocation, type ProblemList } from './problems.js';
import type { PathSegment } from './yaml-source.js';

export function buildProjects(documents: Located<ProjectManifest>[], context: Context): Map<string, Project> {
  const { problems } = context;
  const byName = new Keyed<Project>('project', problems);
  const byId = new Map<string, SourceLocation>();
  for (const located of documents) {
    const { metadata } = located.manifest;
    const spec = located.manifest.spec ?? {};
    const source = located.source.locate(['metadata', 'name']);
    if (metadata.id !== undefined) {
      const first = byId.get(metadata.id);
      if (first) problems.error('duplicate', located.source.locate(['metadata', 'id']), `duplicate project id "${metadata.id}" (first declared at ${formatLocation(first)})`);
      else byId.set(metadata.id, located.source.locate(['metadata', 'id']));
    }
    const roles = spec.roles === undefined ? undefined : buildRoles(spec.roles, located, ['spec', 'roles'], 'role', problems, ` in project "${metadata.name}"`);
    const project: Project = {
      name: metadata.name,
      status: spec.status ?? 'active',
      ...(metadata.id === undefined ? {} : { id: metadata.id }),
      ...(spec.externalKeyId === undefined ? {} : { externalKeyId: spec.externalKeyId }),
      ...residencyOf(located, problems),
      ...optional('members', spec.members && buildProjectMembers(located, roles, context)),
      ...optional('groups', spec.groups && buildProjectGroups(located, roles, context)),
      ...optional('roles', roles),
      ...optional('serviceAccounts', spec.serviceAccounts && buildServiceAccounts(located, problems)),
      ...optional('rateLimits', spec.rateLimits && buildRateLimits(located, context)),
      ...optional('certificates', spec.certificates && checkProjectCertificates(located, context)),
      ...buildProjectExtensions(located, metadata.name, context),
      source,
    };
    byName.add(metadata.name, project, source);
  }
  return byName.map;
}

/**
 * `geography` (the reference's name, kept for existing manifests) or `residency` (the spec's
 * `ProjectCreateRequest.residency`): one field under two names, so giving both is an error.
 */
function residencyOf(located: Located<ProjectManifest>, problems: ProblemList): { geography?: string | null } {
  const spec = located.manifest.spec ?? {};
  if (spec.geography !== undefined && spec.residency !== undefined) {
    problems.error('schema', located.source.locate(['spec', 'residency']), 'give either "geography" or "residency" (two names for the project\'s residency), not both');
  }
  const value = spec.residency !== undefined ? spec.residency : spec.geography;
  return value === undefined ? {} : { geography: value };
}

function buildProjectMembers(located: Located<ProjectManifest>, roles: ReadonlyMap<string, Role> | undefined, context: Context): Map<string, ProjectMember> {
  const name = located.manifest.metadata.name;
  const entries = located.manifest.spec?.members ?? [];
  const keyed = new Keyed<ProjectMember>('member', context.problems, ` in project "${name}"`);
  const ownerRoles: SourceLocation[] = [];
  entries.forEach((m, i) => {
    const email = m.email.toLowerCase();
    const path: PathSegment[] = ['spec', 'members', i];
    const source = located.source.locate(path);
    checkMemberReference(email, located.source.locate([...path, 'email']), `project "${name}"`, context);
    if (m.roles) checkRoleList(m.roles, 'project', roles, located, [...path, 'roles'], context);
    const added = keyed.add(email, { email, role: m.role, ...(m.roles ? { roles: [...m.roles] } : {}), source }, source);
    if (added && m.role === 'owner') ownerRoles.push(located.source.locate([...path, 'role']));
  });
  // Reported once, at the first owner over the limit.
  const maxOwners = context.policy.rules.maxProjectOwners;
  const firstTooMany = maxOwners === undefined ? undefined : ownerRoles[maxOwners];
  if (maxOwners !== undefined && firstTooMany) {
    context.problems.error(
      'policy-rule',
      firstTooMany,
      `project "${name}" has ${ownerRoles.length} owners, more than the Policy's rules.maxProjectOwners ${maxOwners} (${ruleLocation(context, ['maxProjectOwners'])})`,
    );
  }
  return keyed.map;
}

function buildProjectGroups(located: Located<ProjectManifest>, roles: ReadonlyMap<string, Role> | undefined, context: Context): Map<string, ProjectGroup> {
  const name = located.manifest.metadata.name;
  const keyed = new Keyed<ProjectGroup>('group', context.problems, ` in project "${name}"`);
  (located.manifest.spec?.groups ?? []).forEach((g, i) => {
    const path: PathSegment[] = ['spec', 'groups', i];
    const source = located.source.locate(path);
    checkNamedReference('group', g.name, context.known.groups, located.source.locate([...path, 'name']), 'Organization.spec.groups or a Group document', context);
    if (g.roles) checkRoleList(g.roles, 'project', roles, located, [...path, 'roles'], context);
    keyed.add(g.name, { name: g.name, role: g.role, ...(g.roles ? { roles: [...g.roles] } : {}), source }, source);
  });
  return keyed.map;
}

function buildServiceAccounts(located: Located<ProjectManifest>, problems: ProblemList): Map<string, ServiceAccount> {
  const keyed = new Keyed<ServiceAccount>('service account', problems, ` in project "${located.manifest.metadata.name}"`);
  (located.manifest.spec?.serviceAccounts ?? []).forEach((s, i) => {
    const source = located.source.locate(['spec', 'serviceAccounts', i]);
    keyed.add(s.name, { name: s.name, source }, source);
  });
  return keyed.map;
}

function buildRateLimits(located: Located<ProjectManifest>, context: Context): Map<string, RateLimit> {
  const ceilings = context.policy.rules.rateLimitCeilings ?? {};
  const result = new Map<string, RateLimit>();
  for (const [model, limits] of Object.entries(located.manifest.spec?.rateLimits ?? {})) {
    const source = located.source.locate(['spec', 'rateLimits', model], { key: true });
    const limit: { -readonly [K in keyof RateLimit]: RateLimit[K] } = { model, source };
    for (const field of RATE_LIMIT_FIELDS) {
      const value = limits[field];
      if (value === undefined) continue;
      limit[field] = value;
      const ceiling = ceilings[model]?.[field];
      if (ceiling !== undefined && value > ceiling) {
        context.problems.error(
          'policy-rule',
          located.source.locate(['spec', 'rateLimits', model, field]),
          `${field} ${value} for ${model} is above the Policy's ceiling ${ceiling} (${ruleLocation(context, ['rateLimitCeilings', model, field])})`,
        );
      }
    }
    result.set(model, limit);
  }
  return result;
}

function checkProjectCertificates(located: Located<ProjectManifest>, context: Context): string[] {
  const names = located.manifest.spec?.certificates ?? [];
  names.forEach((name, i) => {
    checkNamedReference('certificate', name, context.known.certificates, located.source.locate(['spec', 'certificates', i]), 'Organization.spec.certificates', context);
  });
  return [...names];
}
