// Live state → manifests that describe it exactly, so that `plan` on them shows no change.
// Pure: the caller reads the live state and writes the files.
import { Document, isCollection, isMap, isNode, isScalar } from 'yaml';
import { RATE_LIMIT_FIELDS } from '../model/types.js';
import type { Certificate, Invite, LiveState, Member, OrgModel, Project, ProjectMember, ProjectRole, Role } from '../model/types.js';
import { isStageReference, KINDS } from '../kinds/index.js';
import { SlugAllocator } from './slug.js';
import type { BuildOptions, BuildResult, ImportedFile, ImportSummary } from './types.js';

type Path = readonly (string | number)[];

/** A plain value plus the comments and flow styles that make its YAML read naturally. */
class Shaped {
  readonly comments: { path: Path; text: string }[] = [];
  readonly flows: Path[] = [];

  comment(path: Path, text: string): void {
    this.comments.push({ path, text });
  }

  flow(path: Path): void {
    this.flows.push(path);
  }
}

const API_VERSION = 'orgplane/v1';
const LINE_WIDTH = 120;
const COMMENTS = {
  pending: ' pending invite, not accepted yet: listed so that plan keeps the invitation',
  scimMember: ' managed by SCIM: orgplane reports differences but never changes this user',
  scimGroup: ' managed by SCIM: orgplane reports differences but never changes this group',
  archived: ' archived: the API cannot unarchive a project, and orgplane does not look into it',
  unknownGroupRole: ' the API did not show this group\'s project role: check it; plan leaves the live role alone',
};

export function buildManifests(live: LiveState, options: BuildOptions): BuildResult {
  const now = options.now ?? new Date();
  const skipped: string[] = [];
  const invitees = pendingInvites(live, now);
  const projectNameById = new Map<string, string>();
  for (const [key, project] of live.org.projects) if (project.id !== undefined) projectNameById.set(project.id, key);

  const org = organization(live, invitees, skipped);
  const files: ImportedFile[] = [render('org.yaml', options, org.header, org.value, org.shape)];
  files.push(render('policy.yaml', options, policyHeader(), policy(org.owners).value, policy(org.owners).shape));

  const slugs = new SlugAllocator();
  let projects = 0;
  let archivedProjects = 0;
  for (const key of [...live.org.projects.keys()].sort(byText)) {
    const project = live.org.projects.get(key)!;
    if (key !== project.name) {
      skipped.push(`project "${project.name}" (${project.id ?? key}): another project has the same name`);
      continue;
    }
    const invited = invitees.flatMap((invite) =>
      invite.projects
        .filter((p) => projectNameById.get(p.projectId) === key)
        .map((p): ProjectMember => ({ email: invite.email, role: p.role })),
    );
    const built = projectManifest(project, invited, org.groupNames, skipped);
    files.push(render(`projects/${slugs.take(project.name)}.yaml`, options, built.header, built.value, built.shape));
    if (project.status === 'archived') archivedProjects++;
    else projects++;
  }
  files.push(...org.certificateFiles);

  const summary: ImportSummary = {
    members: live.org.members.size,
    pendingInvites: invitees.length,
    groups: org.groupNames.size,
    roles: live.org.roles?.size ?? 0,
    certificates: org.certificateFiles.length,
    projects,
    archivedProjects,
    skipped,
  };
  return { files, summary };
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Invites still open: a plan would re-send or revoke expired ones anyway. */
function pendingInvites(live: LiveState, now: Date): Invite[] {
  return [...live.org.invites.values()]
    .filter((i) => i.status === 'pending' && (i.expiresAt === null || i.expiresAt * 1000 > now.getTime()))
    .filter((i) => !live.org.members.has(i.email))
    .sort((a, b) => byText(a.email, b.email));
}

interface Built {
  header: string[];
  value: Record<string, unknown>;
  shape: Shaped;
}

function organization(
  live: LiveState,
  invitees: readonly Invite[],
  skipped: string[],
): Built & { owners: number; groupNames: ReadonlySet<string>; certificateFiles: ImportedFile[] } {
  const shape = new Shaped();
  const spec: Record<string, unknown> = {};
  const members: Record<string, unknown>[] = [];
  const people = [...live.org.members.values()].sort(
    (a, b) => Number(a.role !== 'owner') - Number(b.role !== 'owner') || byText(a.email, b.email),
  );
  for (const member of people) {
    if (member.scimManaged === true) shape.comment(['spec', 'members', members.length], COMMENTS.scimMember);
    members.push(memberEntry(member, shape, ['spec', 'members', members.length]));
  }
  for (const invite of invitees) {
    shape.comment(['spec', 'members', members.length], COMMENTS.pending);
    members.push({ email: invite.email, role: invite.role });
  }
  spec.members = members;
  const owners = people.filter((m) => m.role === 'owner').length + invitees.filter((i) => i.role === 'owner').length;

  const groupNames = new Set<string>();
  if (live.org.groups !== undefined) {
    const groups: Record<string, unknown>[] = [];
    for (const [key, group] of [...live.org.groups].sort(([a], [b]) => byText(a, b))) {
      if (key !== group.name) {
        skipped.push(`group "${group.name}" (${group.id ?? key}): another group has the same name`);
        continue;
      }
      const at: Path = ['spec', 'groups', groups.length];
      if (group.scimManaged === true) shape.comment(at, COMMENTS.scimGroup);
      const entry: Record<string, unknown> = { name: group.name };
      if (group.members !== undefined) entry.members = [...group.members].sort(byText);
      if (group.roles !== undefined && group.roles.length > 0) {
        entry.roles = [...group.roles].sort(byText);
        shape.flow([...at, 'roles']);
      }
      groups.push(entry);
      groupNames.add(group.name);
    }
    spec.groups = groups;
  }

  if (live.org.roles !== undefined && live.org.roles.size > 0) {
    spec.roles = roleList(live.org.roles, shape, ['spec', 'roles']);
  }

  const certificateFiles: ImportedFile[] = [];
  const certificates = [...(live.org.certificates ?? new Map<string, Certificate>()).entries()].sort(([a], [b]) => byText(a, b));
  const withoutContent = certificates.filter(([, c]) => c.content === undefined).map(([k]) => k);
  if (withoutContent.length > 0) {
    // The schema needs a file per certificate: without every content, leave certificates unmanaged.
    skipped.push(`certificates: no content for ${withoutContent.join(', ')}; certificates are left unmanaged`);
  } else if (certificates.length > 0) {
    const slugs = new SlugAllocator();
    spec.certificates = certificates.map(([key, cert]) => {
      const file = `certs/${slugs.take(key)}.pem`;
      certificateFiles.push({ path: file, content: pem(cert.content ?? '') });
      return { name: key, file, active: cert.active };
    });
  }

  Object.assign(spec, describedSections('Organization', live.org));

  return {
    header: [' The organization: members, groups, custom org roles and certificates.'],
    value: { apiVersion: API_VERSION, kind: 'Organization', spec },
    shape,
    owners,
    groupNames,
    certificateFiles,
  };
}

function pem(content: string): string {
  return content.endsWith('\n') ? content : `${content}\n`;
}

function memberEntry(member: Member | ProjectMember, shape: Shaped, at: Path): Record<string, unknown> {
  // A live `role: null` is written as reader: what the user has in effect, and the plan does not change it.
  const entry: Record<string, unknown> = { email: member.email, role: member.role ?? 'reader' };
  if (member.roles !== undefined && member.roles.length > 0) {
    entry.roles = [...member.roles].sort(byText);
    shape.flow([...at, 'roles']);
  }
  return entry;
}

function roleList(roles: ReadonlyMap<string, Role>, shape: Shaped, at: Path): Record<string, unknown>[] {
  return [...roles.values()]
    .sort((a, b) => byText(a.name, b.name))
    .map((role, i) => {
      const entry: Record<string, unknown> = { name: role.name };
      if (role.description !== undefined && role.description !== null) entry.description = role.description;
      entry.permissions = [...role.permissions].sort(byText);
      if (role.permissions.length <= 3) shape.flow([...at, i, 'permissions']);
      return entry;
    });
}

function projectManifest(
  project: Project,
  invited: readonly ProjectMember[],
  orgGroups: ReadonlySet<string>,
  skipped: string[],
): Built {
  const shape = new Shaped();
  const spec: Record<string, unknown> = { status: project.status };
  const value = { apiVersion: API_VERSION, kind: 'Project', metadata: { name: project.name }, spec };
  if (project.externalKeyId !== undefined && project.externalKeyId !== null) spec.externalKeyId = project.externalKeyId;
  if (project.geography !== undefined && project.geography !== null) spec.geography = project.geography;
  if (project.status === 'archived') {
    shape.comment(['spec', 'status'], COMMENTS.archived);
    return { header: [` Project ${project.name} (${project.id ?? 'no id'}).`], value, shape };
  }

  if (project.members !== undefined) {
    const members: Record<string, unknown>[] = [];
    const owners = [...project.members.values()].sort(
      (a, b) => Number(a.role !== 'owner') - Number(b.role !== 'owner') || byText(a.email, b.email),
    );
    for (const member of owners) members.push(memberEntry(member, shape, ['spec', 'members', members.length]));
    for (const member of [...invited].sort((a, b) => byText(a.email, b.email))) {
      if (project.members.has(member.email)) continue;
      shape.comment(['spec', 'members', members.length], ' pending invite: joins the project on acceptance');
      members.push({ email: member.email, role: member.role });
    }
    spec.members = members;
  }

  if (project.groups !== undefined && project.groups.size > 0) {
    const groups: Record<string, unknown>[] = [];
    for (const [key, group] of [...project.groups].sort(([a], [b]) => byText(a, b))) {
      if (key !== group.name || !orgGroups.has(group.name)) {
        skipped.push(`group "${group.name}" of project "${project.name}": not an organization group orgplane can name`);
        continue;
      }
      if (group.role === null) shape.comment(['spec', 'groups', groups.length], COMMENTS.unknownGroupRole);
      const entry: Record<string, unknown> = { name: group.name, role: (group.role ?? 'member') satisfies ProjectRole };
      if (group.roles !== undefined && group.roles.length > 0) {
        entry.roles = [...group.roles].sort(byText);
        shape.flow(['spec', 'groups', groups.length, 'roles']);
      }
      groups.push(entry);
    }
    if (groups.length > 0) spec.groups = groups;
  }

  if (project.roles !== undefined && project.roles.size > 0) {
    spec.roles = roleList(project.roles, shape, ['spec', 'roles']);
  }

  if (project.serviceAccounts !== undefined && project.serviceAccounts.size > 0) {
    const accounts: Record<string, unknown>[] = [];
    for (const [key, account] of [...project.serviceAccounts].sort(([a], [b]) => byText(a, b))) {
      if (key !== account.name) {
        skipped.push(`service account "${account.name}" (${account.id ?? key}) of project "${project.name}": duplicate name`);
        continue;
      }
      accounts.push({ name: account.name });
    }
    spec.serviceAccounts = accounts;
  }

  if (project.rateLimits !== undefined && project.rateLimits.size > 0) {
    const limits: Record<string, Record<string, number>> = {};
    for (const model of [...project.rateLimits.keys()].sort(byText)) {
      const limit = project.rateLimits.get(model)!;
      const fields: Record<string, number> = {};
      for (const field of RATE_LIMIT_FIELDS) {
        const v = limit[field];
        if (v !== undefined) fields[field] = v;
      }
      if (Object.keys(fields).length === 0) continue;
      limits[model] = fields;
      // One line per model when it fits; a folded flow map reads worse than a block.
      const line = `    ${model}: {${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
      if (line.length <= LINE_WIDTH) shape.flow(['spec', 'rateLimits', model]);
    }
    spec.rateLimits = limits;
  }

  if (project.certificates !== undefined && project.certificates.length > 0) {
    spec.certificates = [...project.certificates].sort(byText);
    shape.flow(['spec', 'certificates']);
  }

  Object.assign(spec, describedSections('Project', project));

  return { header: [` Project ${project.name} (${project.id ?? 'no id'}).`], value, shape };
}

/** The manifest sections of kinds whose descriptor imports them (src/kinds/ `import` hooks). */
function describedSections(document: 'Organization', live: OrgModel): Record<string, unknown>;
function describedSections(document: 'Project', live: Project): Record<string, unknown>;
function describedSections(document: 'Organization' | 'Project', live: OrgModel | Project): Record<string, unknown> {
  const sections: Record<string, unknown> = {};
  for (const descriptor of KINDS) {
    const hook = descriptor.import;
    if (isStageReference(hook) || hook.document !== document) continue;
    const value = hook.document === 'Organization' ? hook.build(live as OrgModel) : hook.build(live as Project);
    if (value !== undefined) sections[hook.key] = value;
  }
  return sections;
}

function policyHeader(): string[] {
  return [
    ' Every prune mode is `report`: live things no manifest declares are listed by plan,',
    ' never removed. Switch a mode to `delete` once the manifests are what you want.',
  ];
}

function policy(owners: number): { value: Record<string, unknown>; shape: Shaped } {
  return {
    value: {
      apiVersion: API_VERSION,
      kind: 'Policy',
      spec: {
        prune: {
          members: 'report',
          invites: 'report',
          groups: 'report',
          roles: 'report',
          projects: 'report',
          projectMembers: 'report',
          projectGroups: 'report',
          serviceAccounts: 'report',
        },
        // An organization without owners still imports (and validates).
        safety: { maxDeletes: 10, maxDeletePercent: 25, minOwners: Math.min(1, owners) },
        drift: { selfHeal: false },
      },
    },
    shape: new Shaped(),
  };
}

function render(path: string, options: BuildOptions, header: string[], value: unknown, shape: Shaped): ImportedFile {
  const doc = new Document(value);
  doc.commentBefore = [` yaml-language-server: $schema=${options.schemaRef(path)}`, ...header].join('\n');
  for (const at of shape.flows) {
    const node: unknown = doc.getIn(at, true);
    if (isCollection(node)) node.flow = true;
  }
  for (const { path: at, text } of shape.comments) {
    const last = at[at.length - 1];
    const parent: unknown = doc.getIn(at.slice(0, -1), true);
    // A map entry's comment belongs above its key, not between key and value.
    const pair = typeof last === 'string' && isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === last) : undefined;
    const node: unknown = pair !== undefined ? pair.key : doc.getIn(at, true);
    if (isNode(node)) node.commentBefore = text;
  }
  return { path, content: doc.toString({ lineWidth: LINE_WIDTH, flowCollectionPadding: false }) };
}
