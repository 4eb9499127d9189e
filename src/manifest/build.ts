// Semantic checks and normalization: from schema-valid documents to the desired model.
// Every keyed collection is checked for duplicates (second occurrence reported, first
// named), references are resolved, offline policy rules are applied. Builds new objects;
// never mutates the parsed documents.
import type { DesiredState, Member, OrgModel } from '../model/types.js';
import { buildRoles, checkRoleList, type Context, FOLDER } from './build-context.js';
import { buildOrgExtensions } from './build-extensions.js';
import { buildCertificates, buildGroups, buildMembers, type CertificateReader, checkOwners } from './build-org.js';
import { checkGovernanceRules } from './build-governance.js';
import { buildPolicy } from './build-policy.js';
import { buildProjects } from './build-projects.js';
import type { Located, Manifest, ManifestKind } from './documents.js';
import type { Known } from './known.js';
import { formatLocation, type ProblemList } from './problems.js';

export type { CertificateReader } from './build-org.js';

export interface BuildInput {
  /** Schema-valid documents. */
  documents: readonly Located[];
  /** What all documents (valid or not) declare, for reference checks. */
  known: Known;
  readCertificate: CertificateReader;
  revision: string;
}

function ofKind<K extends ManifestKind>(documents: readonly Located[], kind: K): Located<Extract<Manifest, { kind: K }>>[] {
  return documents.filter((d): d is Located<Extract<Manifest, { kind: K }>> => d.manifest.kind === kind);
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
  checkGovernanceRules(organizations, ofKind(documents, 'Project'), context);
  checkOwners(members, organizations, context);
  const extensions = buildOrgExtensions(organizations, context);

  if (problems.errors.length > 0) return undefined;
  const org: OrgModel = {
    members,
    invites: new Map(),
    ...(groups === undefined ? {} : { groups }),
    ...(orgRoles === undefined ? {} : { roles: orgRoles }),
    ...(certificates === undefined ? {} : { certificates }),
    ...extensions,
    projects,
  };
  return { org, policy, revision: input.revision };
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
