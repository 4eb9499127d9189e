// The Organization and Group documents: members, certificates, groups, owner rules.
import type { Certificate, Group, Member, Policy, SourceLocation } from '../model/types.js';
import { checkMemberReference, checkRoleList, type Context, FOLDER, Keyed } from './build-context.js';
import type { GroupManifest, Located, OrganizationManifest } from './documents.js';
import { formatLocation, type ProblemList } from './problems.js';
import { didYouMean } from './suggest.js';
import type { PathSegment } from './yaml-source.js';

/** Reads a certificate named by a manifest; `file` is relative to the manifest's folder. */
export type CertificateReader = (
  manifestFile: string,
  file: string,
) => Promise<{ ok: true; file: string; content: string } | { ok: false; message: string }>;

export function buildMembers(org: Located<OrganizationManifest>, policy: Policy, problems: ProblemList): Map<string, Member> {
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

export async function buildCertificates(
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

export function buildGroups(
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

export function checkOwners(members: ReadonlyMap<string, Member>, org: Located<OrganizationManifest> | undefined, context: Context): void {
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
