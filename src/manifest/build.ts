// Semantic checks and normalization: from schema-valid documents to the desired model.
// Every keyed collection is checked for duplicates (second occurrence reported, first
// named), references are resolved, offline policy rules are applied. Builds new objects;
// never mutates the parsed documents.
import type {
  Certificate,
  DesiredState,
  Group,
  Member,
  OrgModel,
  Policy,
  Project,
  ProjectGroup,
  ProjectMember,
  RateLimit,
  RateLimitField,
  Role,
  ServiceAccount,
  SourceLocation,
} from '../model/types.js';
import { DEFAULT_POLICY } from '../model/types.js';
import type {
  GroupManifest,
  Located,
  Manifest,
  ManifestKind,
  OrganizationManifest,
  PolicyManifest,
  ProjectManifest,
  RoleManifest,
} from './documents.js';
import { formatLocation, type ProblemList } from './problems.js';
import type { DeclaredNames, Known } from './known.js';
import { didYouMean } from './suggest.js';
import type { PathSegment } from './yaml-source.js';

/** Reads a certificate named by a manifest; `file` is relative to the manifest's folder. */
export type CertificateReader = (
  manifestFile: string,
  file: string,
) => Promise<{ ok: true; file: string; content: string } | { ok: false; message: string }>;

export interface BuildInput {
  /** Schema-valid documents. */
  documents: readonly Located[];
  /** What all documents (valid or not) declare, for reference checks. */
  known: Known;
  readCertificate: CertificateReader;
  revision: string;
}

const FOLDER: SourceLocation = { file: '.', line: 0, column: 0 };

function ofKind<K extends ManifestKind>(documents: readonly Located[], kind: K): Located<Extract<Manifest, { kind: K }>>[] {
  return documents.filter((d): d is Located<Extract<Manifest, { kind: K }>> => d.manifest.kind === kind);
}

/** Keeps the first of each key; reports later ones as duplicates naming the first. */
class Keyed<T extends { source?: SourceLocation }> {
  readonly map = new Map<string, T>();
  constructor(
    private readonly what: string,
    private readonly problems: ProblemList,
    /** Appended after the key, e.g. ` in project "search"`. */
    private readonly scope = '',
  ) {}

  add(key: string, value: T, at: SourceLocation): boolean {
    const first = this.map.get(key);
    if (first) {
      const where = first.source ? ` (first declared at ${formatLocation(first.source)})` : '';
      this.problems.error('duplicate', at, `duplicate ${this.what} "${key}"${this.scope}${where}`);
      return false;
    }
    this.map.set(key, value);
    return true;
  }
}

export async function buildDesired(input: BuildInput, problems: ProblemList): Promise<DesiredState | undefined> {
  const { documents, known } = input;
  const organizations = single(ofKind(documents, 'Organization'), 'Organization', problems);
  const policies = single(ofKind(documents, 'Policy'), 'Policy', problems);
  // A file that could not be read or parsed may hold the Organization: do not guess.
  if (known.organization === 'absent') {
    problems.error('missing-field', FOLDER, 'no Organization document: declare the organization\'s members in one (kind: Organization)');
  }
  const policy = buildPolicy(policies);
  const members = organizations ? buildMembers(organizations, policy, problems) : new Map<string, Member>();
  const orgRoles = organizations?.manifest.spec.roles === undefined ? undefined : buildRoles(organizations.manifest.spec.roles, organizations, ['spec', 'roles'], 'org role', problems);
  const certificates = organizations ? await buildCertificates(organizations, input.readCertificate, problems) : undefined;
  const context: Context = {
    problems,
    policy,
    policySource: policies,
    known,
    orgRoles,
  };
  if (organizations) {
    organizations.manifest.spec.members.forEach((m, i) => {
      if (m.roles) checkRoleList(m.roles, 'org', orgRoles, organizations, ['spec', 'members', i, 'roles'], context);
    });
  }
  const groups = buildGroups(organizations, ofKind(documents, 'Group'), context);
  const projects = buildProjects(ofKind(documents, 'Project'), context);
  checkOwners(members, organizations, context);

  if (problems.errors.length > 0) return undefined;
  const org: OrgModel = {
    members,
    invites: new Map(),
    ...(groups === undefined ? {} : { groups }),
    ...(orgRoles === undefined ? {} : { roles: orgRoles }),
    ...(certificates === undefined ? {} : { certificates }),
    projects,
  };
  return { org, policy, revision: input.revision };
}

interface Context {
  problems: ProblemList;
  policy: Policy;
  policySource: Located<PolicyManifest> | undefined;
  known: Known;
  orgRoles: ReadonlyMap<string, Role> | undefined;
}

function single<T extends Manifest>(documents: Located<T>[], kind: string, problems: ProblemList): Located<T> | undefined {
  const [first, ...rest] = documents;
  if (!first) return undefined;
  for (const extra of rest) {
    problems.error(
      'duplicate',
      extra.source.locate(['kind']),
      `more than one ${kind} document (first at ${formatLocation(first.source.locate(['kind']))}); keep a single ${kind}`,
    );
  }
  return first;
}

function buildPolicy(located: Located<PolicyManifest> | undefined): Policy {
  if (!located) return DEFAULT_POLICY;
  const spec = located.manifest.spec;
  const rules = spec.rules ?? {};
  return {
    prune: { ...DEFAULT_POLICY.prune, ...spec.prune },
    safety: {
      ...DEFAULT_POLICY.safety,
      ...spec.safety,
      protected: (spec.safety?.protected ?? DEFAULT_POLICY.safety.protected).map((email) => email.toLowerCase()),
    },
    rules: {
      ...DEFAULT_POLICY.rules,
      ...(rules.allowedEmailDomains ? { allowedEmailDomains: rules.allowedEmailDomains.map((d) => d.toLowerCase()) } : {}),
      ...(rules.maxProjectOwners === undefined ? {} : { maxProjectOwners: rules.maxProjectOwners }),
      ...(rules.rateLimitCeilings ? { rateLimitCeilings: structuredClone(rules.rateLimitCeilings) } : {}),
      ...(rules.apiKeyMaxIdleDays === undefined ? {} : { apiKeyMaxIdleDays: rules.apiKeyMaxIdleDays }),
    },
    drift: { ...DEFAULT_POLICY.drift, ...spec.drift },
    source: located.source.locate([]),
  };
}

function ruleLocation(context: Context, path: PathSegment[]): string {
  return context.policySource ? formatLocation(context.policySource.source.locate(['spec', 'rules', ...path])) : 'the Policy';
}

function buildMembers(org: Located<OrganizationManifest>, policy: Policy, problems: ProblemList): Map<string, Member> {
  const keyed = new Keyed<Member>('member', problems);
  const domains = policy.rules.allowedEmailDomains;
  org.manifest.spec.members.forEach((m, i) => {
    const email = m.email.toLowerCase();
    const source = org.source.locate(['spec', 'members', i]);
    keyed.add(email, { email, role: m.role, ...(m.roles ? { roles: [...m.roles] } : {}), source }, source);
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (domains && !domains.includes(domain)) {
      problems.error(
        'policy-rule',
        org.source.locate(['spec', 'members', i, 'email']),
        `"${email}" is outside the allowed email domains (${domains.join(', ')}) of the Policy`,
      );
    }
  });
  return keyed.map;
}

function buildRoles(
  roles: readonly RoleManifest[],
  located: Located,
  base: PathSegment[],
  what: string,
  problems: ProblemList,
  scope = '',
): Map<string, Role> {
  const keyed = new Keyed<Role>(what, problems, scope);
  roles.forEach((r, i) => {
    const source = located.source.locate([...base, i]);
    keyed.add(r.name, { name: r.name, ...(r.description === undefined ? {} : { description: r.description }), permissions: [...r.permissions], source }, source);
  });
  return keyed.map;
}

async function buildCertificates(
  org: Located<OrganizationManifest>,
  read: CertificateReader,
  problems: ProblemList,
): Promise<Map<string, Certificate> | undefined> {
  const declared = org.manifest.spec.certificates;
  if (declared === undefined) return undefined;
  const keyed = new Keyed<Certificate>('certificate', problems);
  for (const [i, c] of declared.entries()) {
    const source = org.source.locate(['spec', 'certificates', i]);
    const result = await read(org.source.file, c.file);
    if (!result.ok) problems.error('certificate', org.source.locate(['spec', 'certificates', i, 'file']), result.message);
    // A certificate that cannot be read is still declared: projects naming it are not wrong too.
    const content = result.ok ? { content: result.content, file: result.file } : {};
    keyed.add(c.name, { name: c.name, ...content, active: c.active ?? false, source }, source);
  }
  return keyed.map;
}

function unknownRoleWarning(kind: 'org' | 'project', name: string, declared: ReadonlySet<string>, where: string): string {
  const hint = didYouMean(name, declared);
  return `${kind} role "${name}" is not declared in ${where}${hint}; it must be a predefined role (checked against the live organization at plan time)`;
}

function checkRoleList(
  names: readonly string[],
  kind: 'org' | 'project',
  declared: ReadonlyMap<string, Role> | undefined,
  located: Located,
  path: PathSegment[],
  context: Context,
): void {
  // Org roles: what any Organization document declares (even one that failed the schema).
  const declaredNames = kind === 'org' ? context.known.orgRoles : declared ? new Set(declared.keys()) : new Set<string>();
  if (declaredNames === undefined) return;
  const where = kind === 'org' ? 'Organization.spec.roles' : 'this project\'s spec.roles';
  names.forEach((name, j) => {
    if (!declaredNames.has(name)) context.problems.warning('unknown-role', located.source.locate([...path, j]), unknownRoleWarning(kind, name, declaredNames, where));
  });
}

function checkMemberReference(email: string, at: SourceLocation, what: string, context: Context): boolean {
  const known = context.known.members;
  if (known === undefined || known.has(email)) return true;
  context.problems.error(
    'unknown-reference',
    at,
    `unknown member "${email}" in ${what}: not declared in the Organization${didYouMean(email, known)}`,
  );
  return false;
}

function buildGroups(
  org: Located<OrganizationManifest> | undefined,
  groupDocuments: Located<GroupManifest>[],
  context: Context,
): Map<string, Group> | undefined {
  const declaredInOrg = org?.manifest.spec.groups;
  if (declaredInOrg === undefined && groupDocuments.length === 0) return undefined;
  const keyed = new Keyed<Group>('group', context.problems);
  const inOrg = new Set<string>();
  const addGroup = (
    located: Located,
    name: string,
    members: readonly string[] | undefined,
    roles: readonly string[] | undefined,
    path: PathSegment[],
    source: SourceLocation,
    fromOrg: boolean,
  ): void => {
    const first = keyed.map.get(name);
    if (first && inOrg.has(name) !== fromOrg) {
      context.problems.error(
        'conflict',
        source,
        `group "${name}" is declared both in Organization.spec.groups and as a Group document (other declaration at ${formatLocation(first.source ?? FOLDER)}); keep one`,
      );
      return;
    }
    const emails = members?.map((e) => e.toLowerCase());
    const seen = new Map<string, SourceLocation>();
    emails?.forEach((email, j) => {
      const at = located.source.locate([...path, 'members', j]);
      const earlier = seen.get(email);
      if (earlier) context.problems.error('duplicate', at, `"${email}" is listed twice in group "${name}" (first at ${formatLocation(earlier)})`);
      seen.set(email, at);
      checkMemberReference(email, at, `group "${name}"`, context);
    });
    if (roles) checkRoleList(roles, 'org', context.orgRoles, located, [...path, 'roles'], context);
    const added = keyed.add(
      name,
      { name, ...(emails ? { members: emails } : {}), ...(roles ? { roles: [...roles] } : {}), source },
      source,
    );
    if (added && fromOrg) inOrg.add(name);
  };
  declaredInOrg?.forEach((g, i) => {
    if (org) addGroup(org, g.name, g.members, g.roles, ['spec', 'groups', i], org.source.locate(['spec', 'groups', i]), true);
  });
  for (const located of groupDocuments) {
    const { metadata, spec } = located.manifest;
    addGroup(located, metadata.name, spec.members, spec.roles, ['spec'], located.source.locate(['metadata', 'name']), false);
  }
  return keyed.map;
}

function checkOwners(members: ReadonlyMap<string, Member>, org: Located<OrganizationManifest> | undefined, context: Context): void {
  if (!org) return;
  const owners = [...members.values()].filter((m) => m.role === 'owner').length;
  const { minOwners } = context.policy.safety;
  if (owners < minOwners) {
    const where = context.policySource ? ` (${formatLocation(context.policySource.source.locate(['spec', 'safety', 'minOwners']))})` : '';
    context.problems.error(
      'policy-rule',
      org.source.locate(['spec', 'members']),
      `${owners} org owner${owners === 1 ? '' : 's'} declared, fewer than the Policy's safety.minOwners ${minOwners}${where}`,
    );
  }
  for (const [i, email] of context.policy.safety.protected.entries()) {
    if (context.known.members && !context.known.members.has(email) && context.policySource) {
      context.problems.warning(
        'unknown-reference',
        context.policySource.source.locate(['spec', 'safety', 'protected', i]),
        `protected user "${email}" is not declared in the Organization${didYouMean(email, members.keys())}`,
      );
    }
  }
}

const RATE_LIMIT_FIELDS: readonly RateLimitField[] = [
  'maxRequestsPer1Minute',
  'maxTokensPer1Minute',
  'maxImagesPer1Minute',
  'maxAudioMegabytesPer1Minute',
  'maxRequestsPer1Day',
  'batch1DayMaxInputTokens',
];

function buildProjects(documents: Located<ProjectManifest>[], context: Context): Map<string, Project> {
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
      ...(spec.geography === undefined ? {} : { geography: spec.geography }),
      ...optional('members', spec.members && buildProjectMembers(located, roles, context)),
      ...optional('groups', spec.groups && buildProjectGroups(located, roles, context)),
      ...optional('roles', roles),
      ...optional('serviceAccounts', spec.serviceAccounts && buildServiceAccounts(located, problems)),
      ...optional('rateLimits', spec.rateLimits && buildRateLimits(located, context)),
      ...optional('certificates', spec.certificates && checkProjectCertificates(located, context)),
      source,
    };
    byName.add(metadata.name, project, source);
  }
  return byName.map;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function buildProjectMembers(located: Located<ProjectManifest>, roles: ReadonlyMap<string, Role> | undefined, context: Context): Map<string, ProjectMember> {
  const name = located.manifest.metadata.name;
  const entries = located.manifest.spec?.members ?? [];
  const keyed = new Keyed<ProjectMember>('member', context.problems, ` in project "${name}"`);
  const maxOwners = context.policy.rules.maxProjectOwners;
  let owners = 0;
  entries.forEach((m, i) => {
    const email = m.email.toLowerCase();
    const path: PathSegment[] = ['spec', 'members', i];
    const source = located.source.locate(path);
    checkMemberReference(email, located.source.locate([...path, 'email']), `project "${name}"`, context);
    if (m.roles) checkRoleList(m.roles, 'project', roles, located, [...path, 'roles'], context);
    if (!keyed.add(email, { email, role: m.role, ...(m.roles ? { roles: [...m.roles] } : {}), source }, source)) return;
    if (m.role === 'owner') owners++;
    if (maxOwners !== undefined && m.role === 'owner' && owners === maxOwners + 1) {
      const total = entries.filter((e, k) => e.role === 'owner' && entries.findIndex((x) => x.email.toLowerCase() === e.email.toLowerCase()) === k).length;
      context.problems.error(
        'policy-rule',
        located.source.locate([...path, 'role']),
        `project "${name}" has ${total} owners, more than the Policy's rules.maxProjectOwners ${maxOwners} (${ruleLocation(context, ['maxProjectOwners'])})`,
      );
    }
  });
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

/**
 * A group or certificate named by a project must be declared. When the manifests do not
 * manage that collection at all it may still exist live (SCIM groups): a warning then.
 */
function checkNamedReference(
  what: 'group' | 'certificate',
  name: string,
  declared: DeclaredNames | undefined,
  at: SourceLocation,
  where: string,
  context: Context,
): void {
  if (declared === undefined || declared.names.has(name)) return;
  if (!declared.managed) {
    context.problems.warning('unknown-reference', at, `${what} "${name}" is not declared (no ${what}s are managed here); it must exist in the live organization`);
    return;
  }
  context.problems.error('unknown-reference', at, `unknown ${what} "${name}": not declared in ${where}${didYouMean(name, declared.names)}`);
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
