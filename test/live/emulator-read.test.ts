// The reader with the real client against the emulator: it spends exactly the fewest
// requests the pagination arithmetic allows (minimumRequests), for a full and a scoped read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminClient } from '../../src/api/index.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { fullReadScope, minimumRequests, readLiveState, readScopeFor } from '../../src/live/index.js';
import type { ProjectCounts, ReadCounts, ReadScope } from '../../src/live/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { desired } from './desired.js';

const USERS = 250; // three pages of 100
const PROJECTS = 102; // two pages of 100

function seed(): EmulatorSeed {
  const users = Array.from({ length: USERS }, (_, i) => ({
    id: `user-${i}`,
    email: `person${i}@example.com`,
    role: i < 2 ? ('owner' as const) : ('reader' as const),
  }));
  return {
    users,
    groups: [
      { id: 'group-all', name: 'everyone', users: users.map((u) => u.id) },
      { id: 'group-few', name: 'few', users: ['user-1'] },
    ],
    roles: [{ id: 'role-billing', name: 'billing', permissions: ['api.organization.costs.read'] }],
    role_assignments: [{ principal_type: 'user', principal: 'user-3', role: 'billing' }],
    projects: [
      // Exactly one full page of project users: a reader that asks for one more page wastes a request.
      { id: 'proj_big', name: 'big', users: users.slice(0, 100).map((u) => ({ user: u.id, role: 'member' as const })) },
      { id: 'proj_old', name: 'old', archived_at: 1_700_000_000, users: [{ user: 'user-0', role: 'owner' }] },
      ...Array.from({ length: PROJECTS - 2 }, (_, p) => ({
        id: `proj_p${p}`,
        name: `p${p}`,
        users: [{ user: users[p % USERS]!.id, role: 'owner' as const }],
        service_accounts: [{ id: `svc-${p}`, name: `bot-${p}` }],
      })),
    ],
  };
}

describe('readLiveState with the real client against the emulator', () => {
  let emu: TestEmulator;
  let listCounts: ReadCounts;
  beforeAll(async () => {
    emu = await startTestEmulator({ seed: seed() });
    listCounts = await counts();
  });
  afterAll(async () => {
    await emu.stop();
  });

  /** Object counts per list, asked of the emulator directly (not through the client under test). */
  async function counts(): Promise<ReadCounts> {
    const users = await emu.listAll<{ id: string; email: string }>('/organization/users');
    const userRoles = new Map(
      await Promise.all(
        users.map(async (u) => [u.email, (await emu.listAll(`/organization/users/${u.id}/roles`)).length] as const),
      ),
    );
    const groups = await Promise.all(
      (await emu.listAll<{ id: string; name: string }>('/organization/groups')).map(async (g) => ({
        name: g.name,
        members: (await emu.listAll(`/organization/groups/${g.id}/users`)).length,
        roles: (await emu.listAll(`/organization/groups/${g.id}/roles`)).length,
      })),
    );
    const listed = await emu.listAll<{ id: string; name: string; status: string }>('/organization/projects?include_archived=true');
    const projects = await Promise.all(listed.map(async (p): Promise<ProjectCounts> => {
      const archived = p.status === 'archived';
      const count = async (route: string) => (archived ? 0 : (await emu.listAll(route)).length);
      const members = archived ? [] : await emu.listAll<{ id: string; email: string }>(`/organization/projects/${p.id}/users`);
      return {
        name: p.name,
        id: p.id,
        archived,
        members: await Promise.all(
          members.map(async (m) => ({ email: m.email, roles: await count(`/projects/${p.id}/users/${m.id}/roles`) })),
        ),
        groups: [],
        roles: await count(`/projects/${p.id}/roles`),
        serviceAccounts: await count(`/organization/projects/${p.id}/service_accounts`),
        rateLimits: await count(`/organization/projects/${p.id}/rate_limits`),
        certificates: await count(`/organization/projects/${p.id}/certificates`),
        apiKeys: await count(`/organization/projects/${p.id}/api_keys`),
      };
    }));
    return {
      users: users.length,
      invites: (await emu.listAll('/organization/invites')).length,
      orgRoles: (await emu.listAll('/organization/roles')).length,
      certificates: (await emu.listAll('/organization/certificates')).length,
      adminApiKeys: (await emu.listAll('/organization/admin_api_keys')).length,
      userRoles,
      groups,
      projects,
    };
  }

  async function read(scope: ReadScope) {
    const api = createAdminClient({ baseUrl: emu.baseUrl, adminKey: emu.adminKey });
    return readLiveState(api, scope);
  }

  it('reads everything (import scope) in the minimum number of requests', async () => {
    const scope = fullReadScope();
    const live = await read(scope);
    expect(live.org.members.size).toBe(USERS);
    expect(live.org.projects.size).toBe(PROJECTS);
    expect(live.org.projects.get('big')?.members?.size).toBe(100);
    expect(live.org.groups?.get('everyone')?.members).toHaveLength(USERS);
    expect(live.stats.requests).toBe(minimumRequests(scope, listCounts));
    expect(live.stats.requests).toBeGreaterThan(500);
  });

  it('reads a small managed scope in the minimum number of requests', async () => {
    const scope = readScopeFor(
      desired({
        members: [{ email: 'person3@example.com', role: 'reader', roles: ['billing'] }],
        projects: [{ name: 'big', status: 'active', members: new Map() }],
      }),
    );
    const live = await read(scope);
    expect(live.org.members.get('person3@example.com')?.roles).toEqual(['billing']);
    // users 3 + invites 1 + projects 2 + roles 1 + groups 1 + person3's roles 1 + big's users 1
    expect(live.stats.requests).toBe(10);
    expect(live.stats.requests).toBe(minimumRequests(scope, listCounts));
  });
});
