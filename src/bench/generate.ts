// Deterministic organizations for the benchmark: one abstract org per size, in realistic
// proportions, from which the emulator seed (the live org) and the manifests (the desired
// org, usually with a few percent of drift) are both derived.
import { createRandom, type Random } from './random.js';

export type SizeName = 'small' | 'medium' | 'large';

export interface OrgSize {
  name: SizeName;
  people: number;
  projects: number;
}

export const SIZES: Readonly<Record<SizeName, OrgSize>> = {
  small: { name: 'small', people: 50, projects: 5 },
  medium: { name: 'medium', people: 1_000, projects: 100 },
  large: { name: 'large', people: 10_000, projects: 1_000 },
};

export interface BenchRole {
  name: string;
  description: string;
  permissions: string[];
}

export interface BenchPerson {
  email: string;
  role: 'owner' | 'reader';
  /** Org roles; undefined = not managed by the manifests (most people). */
  roles?: string[];
}

export interface BenchGroup {
  name: string;
  members: string[];
  roles: string[];
}

export interface BenchProjectMember {
  email: string;
  role: 'owner' | 'member';
  /** Project roles; undefined = not managed. */
  roles?: string[];
}

export interface BenchRateLimit {
  maxRequestsPer1Minute: number;
  maxTokensPer1Minute: number;
}

export interface BenchProject {
  id: string;
  name: string;
  members: BenchProjectMember[];
  /** Groups granted access, all with the base role `member`. */
  groups: { name: string; roles: string[] }[];
  roles: BenchRole[];
  serviceAccounts: string[];
  /** By model. */
  rateLimits: Record<string, BenchRateLimit>;
  /** Monthly hard spend limit in cents; undefined = not managed. */
  spendLimit?: number;
  /** Model allow list; undefined = not managed. */
  modelIds?: string[];
}

export interface BenchOrg {
  size: OrgSize;
  people: BenchPerson[];
  orgRoles: BenchRole[];
  groups: BenchGroup[];
  projects: BenchProject[];
  /** The organization's monthly hard spend limit, in cents. */
  spendLimit: number;
}

/** ~1 group per 20 people (DESIGN: a team per file). */
export const PEOPLE_PER_GROUP = 20;
/** Models every emulated project has a rate-limit row for (src/emulator/routes/projects.ts). */
export const MANAGED_MODELS = ['gpt-4o', 'gpt-4o-mini', 'o3', 'text-embedding-3-small'] as const;

const ORG_ROLES: readonly BenchRole[] = [
  { name: 'Billing Viewer', description: 'Reads usage and costs', permissions: ['api.organization.usage.read', 'api.organization.costs.read'] },
  { name: 'Audit Reader', description: 'Reads the audit log', permissions: ['api.organization.audit_logs.read'] },
  { name: 'Project Creator', description: 'Creates projects', permissions: ['api.organization.projects.write'] },
  { name: 'Key Auditor', description: 'Lists API keys across projects', permissions: ['api.organization.api_keys.read'] },
];

const PROJECT_ROLES: readonly BenchRole[] = [
  { name: 'deployer', description: 'Ships models and prompts to production', permissions: ['api.model.request', 'api.fine_tuning.jobs.write'] },
  { name: 'incident-responder', description: 'Rotates keys during incidents', permissions: ['api.project.api_keys.write'] },
];

const ACCOUNT_SUFFIXES = ['bot', 'worker', 'ci'] as const;
/** Every fourth project manages a spend limit and model permissions (two reads each). */
export const GOVERNED_EVERY = 4;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function personEmail(index: number): string {
  return `person-${pad(index, 5)}@example.com`;
}

/** The live organization of a size. Same size and seed, same org. */
export function generateOrg(size: OrgSize, seed = 20261128): BenchOrg {
  const random = createRandom(seed);
  const people: BenchPerson[] = [];
  for (let i = 0; i < size.people; i += 1) {
    const person: BenchPerson = { email: personEmail(i), role: i < 3 ? 'owner' : 'reader' };
    // About 5% of people have org roles the manifests manage (finance, security, leads).
    if (random.chance(0.05)) person.roles = random.sample(ORG_ROLES, random.between(1, 2)).map((r) => r.name).sort();
    people.push(person);
  }

  const groupCount = Math.max(1, Math.ceil(size.people / PEOPLE_PER_GROUP));
  const groups: BenchGroup[] = [];
  for (let g = 0; g < groupCount; g += 1) {
    const members = people.filter((_, i) => i % groupCount === g).map((p) => p.email);
    // A quarter of the teams carry an org role for all their members.
    const roles = g % 4 === 0 ? [random.pick(ORG_ROLES).name] : [];
    groups.push({ name: `team-${pad(g, 4)}`, members, roles });
  }

  const projects: BenchProject[] = [];
  for (let p = 0; p < size.projects; p += 1) {
    const team = groups[p % groups.length] as BenchGroup;
    const name = `project-${pad(p, 4)}`;
    const withRoles = random.chance(0.5);
    const roles = withRoles ? PROJECT_ROLES.map((r) => ({ ...r, permissions: [...r.permissions] })) : [];
    const count = Math.min(team.members.length, random.between(3, 10));
    const owners = random.between(1, 2);
    const members = random.sample(team.members, count).map((email, i): BenchProjectMember => {
      const member: BenchProjectMember = { email, role: i < owners ? 'owner' : 'member' };
      if (withRoles && random.chance(0.3)) member.roles = random.chance(0.5) ? ['deployer'] : [];
      return member;
    });
    const projectGroups = random.chance(0.7) ? [{ name: team.name, roles: withRoles && random.chance(0.5) ? ['incident-responder'] : [] }] : [];
    const serviceAccounts = ACCOUNT_SUFFIXES.slice(0, random.between(1, 3)).map((s) => `${name}-${s}`);
    const rateLimits: Record<string, BenchRateLimit> = {};
    for (const model of random.sample(MANAGED_MODELS, random.between(2, 4)).sort()) {
      const rpm = 500 * random.between(1, 20);
      rateLimits[model] = { maxRequestsPer1Minute: rpm, maxTokensPer1Minute: rpm * 300 };
    }
    const project: BenchProject = { id: `proj_bench${pad(p, 5)}`, name, members, groups: projectGroups, roles, serviceAccounts, rateLimits };
    // A quarter of the projects are governed: a spend cap and an allow list of the models they
    // have limits for. Derived from the index, not drawn: the rest of the org stays as it was.
    if (p % GOVERNED_EVERY === 0) {
      project.spendLimit = 100_000 * (1 + (p % 10));
      project.modelIds = Object.keys(rateLimits);
    }
    projects.push(project);
  }

  return { size, people, orgRoles: ORG_ROLES.map((r) => ({ ...r, permissions: [...r.permissions] })), groups, projects, spendLimit: 100_000 * size.projects };
}

/** How many of each kind of change `driftOrg` makes. */
export interface DriftCounts {
  /** People added to the manifests (invites). */
  newPeople: number;
  /** Project members dropped from a project manifest (removals). */
  removedProjectMembers: number;
  /** Project members whose role flips between member and owner. */
  changedProjectRoles: number;
  /** Rate limits with new values. */
  changedRateLimits: number;
  /** People with managed org roles who get one more. */
  changedOrgRoles: number;
  /** People added to a team group. */
  addedGroupMembers: number;
  /** New service accounts. */
  newServiceAccounts: number;
}

/** "A few percent" of drift for the plan measurements. */
export function fewPercent(size: OrgSize): DriftCounts {
  const share = (n: number, p: number): number => Math.max(1, Math.round(n * p));
  return {
    newPeople: share(size.people, 0.01),
    removedProjectMembers: share(size.projects, 0.03),
    changedProjectRoles: share(size.projects, 0.03),
    changedRateLimits: share(size.projects, 0.05),
    changedOrgRoles: share(size.people, 0.002),
    addedGroupMembers: share(size.people, 0.01),
    newServiceAccounts: share(size.projects, 0.02),
  };
}

/** About 1,000 changes on the medium org, for the apply measurement. */
export const THOUSAND_CHANGES: DriftCounts = {
  newPeople: 200,
  removedProjectMembers: 150,
  changedProjectRoles: 100,
  changedRateLimits: 250,
  changedOrgRoles: 40,
  addedGroupMembers: 160,
  newServiceAccounts: 100,
};

/** The org as the manifests should describe it after `counts` changes. Never mutates `org`. */
export function driftOrg(org: BenchOrg, counts: DriftCounts, seed = 7): BenchOrg {
  const random = createRandom(seed);
  const next: BenchOrg = structuredClone(org);

  for (let i = 0; i < counts.newPeople; i += 1) next.people.push({ email: `new-${pad(i, 5)}@example.com`, role: 'reader' });

  const members = next.projects.flatMap((project) => project.members.map((member) => ({ project, member })));
  const removable = members.filter((m) => m.member.role === 'member');
  const removed = new Set(random.sample(removable, counts.removedProjectMembers));
  for (const { project, member } of removed) project.members = project.members.filter((m) => m !== member);
  const flippable = members.filter((m) => !removed.has(m));
  for (const { project, member } of random.sample(flippable, counts.changedProjectRoles)) {
    const owners = project.members.filter((m) => m.role === 'owner').length;
    // maxProjectOwners is 3: never flip one more owner in.
    if (member.role === 'member' && owners < 3) member.role = 'owner';
    else if (member.role === 'owner' && owners > 1) member.role = 'member';
  }

  const limits = next.projects.flatMap((project) => Object.keys(project.rateLimits).map((model) => ({ project, model })));
  for (const { project, model } of random.sample(limits, counts.changedRateLimits)) {
    const limit = project.rateLimits[model] as BenchRateLimit;
    project.rateLimits[model] = { maxRequestsPer1Minute: limit.maxRequestsPer1Minute + 250, maxTokensPer1Minute: limit.maxTokensPer1Minute };
  }

  const withRoles = next.people.filter((p) => p.roles !== undefined);
  for (const person of random.sample(withRoles, counts.changedOrgRoles)) {
    const missing = next.orgRoles.map((r) => r.name).filter((name) => !(person.roles ?? []).includes(name));
    if (missing.length > 0) person.roles = [...(person.roles ?? []), random.pick(missing)].sort();
  }

  addGroupMembers(next, counts.addedGroupMembers, random);

  for (let i = 0; i < counts.newServiceAccounts; i += 1) {
    const project = next.projects[i % next.projects.length] as BenchProject;
    project.serviceAccounts.push(`${project.name}-extra-${pad(i, 4)}`);
  }
  return next;
}

function addGroupMembers(org: BenchOrg, count: number, random: Random): void {
  const existing = org.people.filter((p) => !p.email.startsWith('new-'));
  let added = 0;
  for (let attempts = 0; added < count && attempts < count * 10; attempts += 1) {
    const group = random.pick(org.groups);
    const person = random.pick(existing);
    if (group.members.includes(person.email)) continue;
    group.members.push(person.email);
    added += 1;
  }
}
