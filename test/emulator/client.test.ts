// Every list read through the real API client (src/api) against the emulator, with more
// objects than one page holds, so the client's paging and the emulator's cursors agree.
import { describe, expect, it } from 'vitest';
import { collect, createAdminClient } from '../../src/api/index.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { useEmulator } from '../support/emulator.js';

const USERS = 230;
const GROUPS = 120;

function bigSeed(): EmulatorSeed {
  const emails = Array.from({ length: USERS }, (_, i) => `u${i}@big.test`);
  return {
    users: emails.map((email, i) => ({ email, role: i === 0 ? 'owner' : 'reader' })),
    groups: Array.from({ length: GROUPS }, (_, i) => ({ name: `g${i}`, users: emails.slice(0, 150) })),
    projects: Array.from({ length: 130 }, (_, i) => ({
      name: `p${i}`,
      users: i === 0 ? emails.slice(0, 205).map((user) => ({ user, role: 'member' as const })) : [],
      groups: i === 0 ? Array.from({ length: 30 }, (_, g) => ({ group: `g${g}`, role: 'member' })) : [],
      service_accounts: i === 0 ? Array.from({ length: 110 }, (_, s) => ({ name: `sa${s}` })) : [],
    })),
    invites: Array.from({ length: 105 }, (_, i) => ({ email: `inv${i}@big.test` })),
    certificates: Array.from({ length: 101 }, (_, i) => ({ name: `c${i}` })),
    roles: Array.from({ length: 20 }, (_, i) => ({ name: `r${i}`, permissions: ['api.organization.read'] })),
  };
}

describe('the API client reads every list from the emulator', () => {
  const emu = useEmulator({ seed: bigSeed() });

  it('gets every object of every list, across pages', async () => {
    const api = createAdminClient({ baseUrl: emu.current.baseUrl, adminKey: emu.current.adminKey });
    const store = emu.current.control.store;
    const users = await collect(api.listUsers());
    expect(users).toHaveLength(USERS);
    expect(new Set(users.map((u) => u.id)).size).toBe(USERS);
    expect(await collect(api.listGroups())).toHaveLength(GROUPS);
    expect(await collect(api.listInvites())).toHaveLength(105);
    expect(await collect(api.listCertificates())).toHaveLength(101);
    expect(await collect(api.listRoles())).toHaveLength(22);
    const projects = await collect(api.listProjects({ includeArchived: true }));
    expect(projects).toHaveLength(130);
    const p0 = projects.find((p) => p.name === 'p0')?.id ?? '';
    expect(await collect(api.listProjectUsers(p0))).toHaveLength(205);
    expect(await collect(api.listProjectGroups(p0))).toHaveLength(30);
    expect(await collect(api.listProjectServiceAccounts(p0))).toHaveLength(110);
    expect(await collect(api.listProjectApiKeys(p0))).toHaveLength(110);
    expect(await collect(api.listProjectRateLimits(p0))).toHaveLength(6);
    expect(await collect(api.listProjectRoles(p0))).toHaveLength(3);
    expect(await collect(api.listProjectCertificates(p0))).toHaveLength(101);
    const g0 = [...store.groups.values()][0]?.id ?? '';
    expect(await collect(api.listGroupUsers(g0))).toHaveLength(150);
    expect(await collect(api.listGroupRoles(g0))).toEqual([]);
    expect(await collect(api.listUserRoles(users[0]?.id ?? ''))).toEqual([]);
    expect(await collect(api.listProjectUserRoles(p0, users[0]?.id ?? ''))).toEqual([]);
    expect(await collect(api.listProjectGroupRoles(p0, g0))).toHaveLength(1);
    expect(await collect(api.listAdminApiKeys())).toHaveLength(1);
    // 150 mutations through the API, then every audit event read back newest first.
    for (let i = 0; i < 150; i += 1) await api.createGroup({ name: `new${i}` });
    const events = await collect(api.listAuditLogs());
    expect(events).toHaveLength(150);
    expect(events[0]?.['group.created']?.data?.group_name).toBe('new149');
  });
});
