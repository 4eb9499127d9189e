// Name → id resolution at run time. Ids unknown when the plan was made (a project,
// group, role or user created earlier in this run) come from the results of earlier
// changes; a miss re-reads the live list once (concurrent misses share that read).
import type { AdminApi } from '../api/admin-api.js';
import { baseRoleOf, PROJECT_BASE_ROLE_IDS } from '../live/index.js';
import type { LiveState, ProjectRole } from '../model/types.js';
import { ResolveError } from './errors.js';

type Area =
  | 'user'
  | 'project'
  | 'group'
  | 'orgRole'
  | 'certificate'
  | `projectRole:${string}`
  /** A project's predefined roles standing for the base roles, keyed `owner` / `member`. */
  | `projectBaseRole:${string}`
  | `serviceAccount:${string}`
  | `rateLimit:${string}`;

interface Entry {
  id: string;
  name: string;
}

/** Roles: exact name first, then a unique case-insensitive match (`member` vs `Member`). */
function findRole(entries: Map<string, string>, name: string): string | undefined {
  const exact = entries.get(name);
  if (exact !== undefined) return exact;
  const folded = [...entries].filter(([key]) => key.toLowerCase() === name.toLowerCase());
  return folded.length === 1 ? folded[0]?.[1] : undefined;
}

export class IdRegistry {
  private readonly maps = new Map<Area, Map<string, string>>();
  private readonly inflight = new Map<Area, Promise<void>>();

  constructor(private readonly api: AdminApi) {}

  /** Start from what the plan's live read already knows (saves requests). */
  seed(live: LiveState): void {
    for (const member of live.org.members.values()) {
      if (member.id !== undefined) this.remember('user', member.email, member.id);
    }
    for (const group of live.org.groups?.values() ?? []) {
      if (group.id !== undefined) this.remember('group', group.name, group.id);
    }
    for (const role of live.org.roles?.values() ?? []) {
      if (role.id !== undefined) this.remember('orgRole', role.name, role.id);
    }
    for (const role of live.predefinedRoles.org.values()) {
      if (role.id !== undefined) this.remember('orgRole', role.name, role.id);
    }
    for (const certificate of live.org.certificates?.values() ?? []) {
      if (certificate.id !== undefined) this.remember('certificate', certificate.name, certificate.id);
    }
    for (const project of live.org.projects.values()) {
      if (project.id === undefined) continue;
      // Two live projects may share a name; an archived one must not shadow the active one.
      if (project.status === 'active' || !this.map('project').has(project.name)) {
        this.remember('project', project.name, project.id);
      }
      for (const role of project.roles?.values() ?? []) {
        if (role.id !== undefined) this.remember(`projectRole:${project.id}`, role.name, role.id);
      }
      for (const role of live.predefinedRoles.project.get(project.id)?.values() ?? []) {
        if (role.id === undefined) continue;
        this.remember(`projectRole:${project.id}`, role.name, role.id);
        const base = baseRoleOf({ id: role.id, name: role.name, predefined_role: true }, 'project');
        if (base !== undefined) this.remember(`projectBaseRole:${project.id}`, base, role.id);
      }
      for (const account of project.serviceAccounts?.values() ?? []) {
        if (account.id !== undefined) this.remember(`serviceAccount:${project.id}`, account.name, account.id);
      }
      for (const limit of project.rateLimits?.values() ?? []) {
        if (limit.id !== undefined) this.remember(`rateLimit:${project.id}`, limit.model, limit.id);
      }
    }
  }

  remember(area: Area, name: string, id: string): void {
    this.map(area).set(area === 'user' ? name.toLowerCase() : name, id);
  }

  forget(area: Area, name: string): void {
    this.map(area).delete(area === 'user' ? name.toLowerCase() : name);
  }

  user(email: string): Promise<string> {
    return this.resolve('user', email.toLowerCase(), 'org member', async () => {
      const found: Entry[] = [];
      for await (const user of this.api.listUsers({ emails: [email] })) {
        const address = user.email ?? user.user?.email;
        if (address) found.push({ id: user.id, name: address.toLowerCase() });
      }
      return found;
    });
  }

  project(name: string): Promise<string> {
    return this.resolve('project', name, 'project', async () => {
      const active: Entry[] = [];
      const archived: Entry[] = [];
      for await (const project of this.api.listProjects({ includeArchived: true })) {
        if (!project.name) continue;
        (project.status === 'archived' ? archived : active).push({ id: project.id, name: project.name });
      }
      // Remembered in order, so an active project wins over an archived one of the same name.
      return [...archived, ...active];
    });
  }

  group(name: string): Promise<string> {
    return this.resolve('group', name, 'group', async () => {
      const found: Entry[] = [];
      for await (const group of this.api.listGroups()) found.push({ id: group.id, name: group.name });
      return found;
    });
  }

  orgRole(name: string): Promise<string> {
    return this.resolve('orgRole', name, 'organization role', async () => {
      const found: Entry[] = [];
      for await (const role of this.api.listRoles()) found.push({ id: role.id, name: role.name });
      return found;
    });
  }

  projectRole(projectId: string, name: string): Promise<string> {
    return this.resolve(`projectRole:${projectId}`, name, 'project role', async () => {
      const found: Entry[] = [];
      for await (const role of this.api.listProjectRoles(projectId)) found.push({ id: role.id, name: role.name });
      return found;
    });
  }

  /**
   * The id of the project role standing for a base role (owner/member): what "Add project
   * group" takes as `role` ("Identifier of the project role to grant to the group", spec
   * InviteProjectGroupBody). The project's listed predefined role when GET
   * /projects/{id}/roles shows one (read once per project); else the predefined role's
   * well-known id (`role-api-project-owner`/`-member`, the ids the API answers, scoped,
   * for assignments: reference/API-NOTES.md), since neither the spec nor the reference
   * promises the listing includes predefined roles. Never a bare name.
   */
  async projectBaseRole(projectId: string, base: ProjectRole): Promise<string> {
    const area = `projectBaseRole:${projectId}` as const;
    const known = this.peek(area, base);
    if (known !== undefined) return known;
    await this.reread(area, async () => {
      const found: Entry[] = [];
      for await (const role of this.api.listProjectRoles(projectId)) {
        const standsFor = baseRoleOf(role, 'project');
        if (standsFor !== undefined) found.push({ id: role.id, name: standsFor });
      }
      return found;
    });
    const listed = this.peek(area, base);
    if (listed !== undefined) return listed;
    // Remembered, so the next group of this project does not list its roles again.
    this.remember(area, base, PROJECT_BASE_ROLE_IDS[base]);
    return PROJECT_BASE_ROLE_IDS[base];
  }

  serviceAccount(projectId: string, name: string): Promise<string> {
    return this.resolve(`serviceAccount:${projectId}`, name, 'service account', async () => {
      const found: Entry[] = [];
      for await (const account of this.api.listProjectServiceAccounts(projectId)) {
        found.push({ id: account.id, name: account.name });
      }
      return found;
    });
  }

  rateLimit(projectId: string, model: string): Promise<string> {
    return this.resolve(`rateLimit:${projectId}`, model, 'rate limit', async () => {
      const found: Entry[] = [];
      for await (const limit of this.api.listProjectRateLimits(projectId)) {
        found.push({ id: limit.id, name: limit.model });
      }
      return found;
    });
  }

  certificate(name: string): Promise<string> {
    return this.resolve('certificate', name, 'certificate', async () => {
      const found: Entry[] = [];
      for await (const certificate of this.api.listCertificates()) {
        if (certificate.name) found.push({ id: certificate.id, name: certificate.name });
      }
      return found;
    });
  }

  /** Known id without any request, or undefined. */
  peek(area: Area, name: string): string | undefined {
    const map = this.map(area);
    const key = area === 'user' ? name.toLowerCase() : name;
    return area === 'orgRole' || area.startsWith('projectRole:') ? findRole(map, key) : map.get(key);
  }

  private map(area: Area): Map<string, string> {
    let map = this.maps.get(area);
    if (map === undefined) {
      map = new Map();
      this.maps.set(area, map);
    }
    return map;
  }

  private async resolve(area: Area, name: string, what: string, read: () => Promise<Entry[]>, missing?: string): Promise<string> {
    const known = this.peek(area, name);
    if (known !== undefined) return known;
    await this.reread(area, read);
    const found = this.peek(area, name);
    if (found === undefined) {
      throw new ResolveError(
        missing ?? `${what} "${name}" not found: it was neither created earlier in this run nor found in the live organization`,
      );
    }
    return found;
  }

  private async reread(area: Area, read: () => Promise<Entry[]>): Promise<void> {
    let pending = this.inflight.get(area);
    if (pending === undefined) {
      pending = read()
        .then((entries) => {
          for (const entry of entries) this.remember(area, entry.name, entry.id);
        })
        .finally(() => this.inflight.delete(area));
      this.inflight.set(area, pending);
    }
    await pending;
  }
}
