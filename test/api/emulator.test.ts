// The real client (got, real sockets on 127.0.0.1) against the in-process emulator: every list
// at its maximum page size is accepted, and the main mutations round-trip.
import { describe, expect, it } from 'vitest';
import { collect } from '../../src/api/collect.js';
import { createAdminClient, type AdminClient } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import { useEmulator } from '../support/emulator.js';

describe('client against the emulator', () => {
  const emu = useEmulator();
  const client = (): AdminClient => createAdminClient({ baseUrl: emu.current.baseUrl, adminKey: emu.current.adminKey });

  it('reads every list at the maximum page size without a 400', async () => {
    const api = client();
    const projects = await collect(api.listProjects({ includeArchived: true }));
    expect(projects.length).toBeGreaterThan(0);
    const groups = await collect(api.listGroups());
    const users = await collect(api.listUsers());
    expect(users.length).toBeGreaterThan(0);
    await collect(api.listAuditLogs({ effective_at: { gt: 0 } }));
    await collect(api.listAdminApiKeys());
    await collect(api.listInvites());
    await collect(api.listRoles());
    await collect(api.listCertificates());
    await collect(api.listUserRoles(users[0]!.id));
    for (const group of groups.slice(0, 2)) {
      await collect(api.listGroupUsers(group.id));
      await collect(api.listGroupRoles(group.id));
    }
    const project = projects[0]!;
    const projectUsers = await collect(api.listProjectUsers(project.id));
    if (projectUsers[0] !== undefined) await collect(api.listProjectUserRoles(project.id, projectUsers[0].id));
    await collect(api.listProjectServiceAccounts(project.id));
    await collect(api.listProjectApiKeys(project.id));
    await collect(api.listProjectRateLimits(project.id));
    const projectGroups = await collect(api.listProjectGroups(project.id));
    if (projectGroups[0] !== undefined) await collect(api.listProjectGroupRoles(project.id, projectGroups[0].group_id));
    await collect(api.listProjectRoles(project.id));
    await collect(api.listProjectCertificates(project.id));
    await api.getCosts({ start_time: 1_700_000_000 });
    await api.getUsage('completions', { start_time: 1_700_000_000, bucket_width: '1h' });
    expect(api.requestStats().retries).toBe(0);
  });

  it('filters users by emails', async () => {
    const api = client();
    const [first] = await collect(api.listUsers());
    const found = await collect(api.listUsers({ emails: [first!.email ?? ''] }));
    expect(found.map((u) => u.id)).toEqual([first!.id]);
  });

  it('creates a group, adds a user, and reads both back', async () => {
    const api = client();
    const group = await api.createGroup({ name: 'client-test' });
    const [user] = await collect(api.listUsers());
    await api.addGroupUser(group.id, user!.id);
    expect((await collect(api.listGroupUsers(group.id))).map((u) => u.id)).toContain(user!.id);
    await api.deleteGroup(group.id);
  });

  it('answers a missing project with an ApiError carrying status and route', async () => {
    const error = await client().getProject('proj_missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, method: 'GET', route: '/organization/projects/{project_id}', attempts: 1 });
  });
});
