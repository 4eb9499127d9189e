// Small builders for hand-made desired and live states: each test states only what it shows.
import {
  DEFAULT_POLICY,
  type DesiredState,
  type Group,
  type Invite,
  type LiveState,
  type Member,
  type OrgModel,
  type Policy,
  type Project,
  type ProjectMember,
  type Role,
  type SourceLocation,
} from '../../src/model/types.js';

export const NOW = new Date('2026-11-28T12:00:00Z');
export const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);
export const DAY = 86_400;

export function at(line: number, file = 'org.yaml', column = 7): SourceLocation {
  return { file, line, column };
}

export function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

export const members = (...items: Member[]): Map<string, Member> => byKey(items, (m) => m.email);
export const projectMembers = (...items: ProjectMember[]): Map<string, ProjectMember> => byKey(items, (m) => m.email);
export const groups = (...items: Group[]): Map<string, Group> => byKey(items, (g) => g.name);
export const roles = (...items: Role[]): Map<string, Role> => byKey(items, (r) => r.name);
export const projects = (...items: Project[]): Map<string, Project> => byKey(items, (p) => p.name);
export const invites = (...items: Invite[]): Map<string, Invite> => byKey(items, (i) => i.id);

type PolicyPatch = { prune?: Partial<Policy['prune']>; rules?: Policy['rules']; safety?: Partial<Policy['safety']> };

export function desiredState(org: Partial<OrgModel> = {}, policy: PolicyPatch = {}): DesiredState {
  return {
    org: { members: new Map(), invites: new Map(), projects: new Map(), ...org },
    policy: {
      ...DEFAULT_POLICY,
      prune: { ...DEFAULT_POLICY.prune, ...policy.prune },
      rules: { ...policy.rules },
      safety: { ...DEFAULT_POLICY.safety, ...policy.safety },
    },
    revision: 'rev-1',
  };
}

export const PREDEFINED_ORG = roles(
  { name: 'Organization Owner', permissions: [], predefined: true, id: 'role-org-owner' },
  { name: 'Organization Reader', permissions: [], predefined: true, id: 'role-org-reader' },
);
export const PREDEFINED_PROJECT = roles(
  { name: 'Project Owner', permissions: [], predefined: true, id: 'role-project-owner' },
  { name: 'Project Member', permissions: [], predefined: true, id: 'role-project-member' },
  { name: 'Project Viewer', permissions: [], predefined: true, id: 'role-project-viewer' },
);

export function liveState(org: Partial<OrgModel> = {}): LiveState {
  const full: OrgModel = { members: new Map(), invites: new Map(), projects: new Map(), ...org };
  return {
    org: full,
    predefinedRoles: {
      org: PREDEFINED_ORG,
      project: new Map([...full.projects.values()].filter((p) => p.id !== undefined).map((p) => [p.id!, PREDEFINED_PROJECT])),
    },
    stats: { objects: 42, requests: 7, byRoute: {} },
  };
}

export function user(email: string, role: Member['role'] = 'reader', extra: Partial<Member> = {}): Member {
  return { email, role, id: `user-${email.split('@')[0]}`, ...extra };
}

export function want(email: string, role: Member['role'] = 'reader', extra: Partial<Member> = {}): Member {
  return { email, role, source: at(3), ...extra };
}

export function liveProject(name: string, extra: Partial<Project> = {}): Project {
  return { name, status: 'active', id: `proj_${name}`, ...extra };
}

export function wantProject(name: string, extra: Partial<Project> = {}): Project {
  return { name, status: 'active', source: at(1, `projects/${name}.yaml`, 1), ...extra };
}
