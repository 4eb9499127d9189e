// Audit events for mutations, their filters and cursors; the /_emulator control surface.
import { describe, expect, it } from 'vitest';
import type { AuditLog } from '../../src/api/types.js';
import { startTestEmulator, useEmulator } from '../support/emulator.js';

interface Listed<T> {
  data: T[];
  has_more: boolean;
  first_id?: string | null;
  last_id?: string | null;
}

describe('audit logs', () => {
  const holder = useEmulator();
  const emu = () => holder.current;
  const store = () => holder.current.control.store;
  const research = () => [...store().projects.values()].find((p) => p.name === 'Research')?.id ?? '';

  async function events(query = ''): Promise<AuditLog[]> {
    return (await emu().api<Listed<AuditLog>>('GET', `/organization/audit_logs${query}`)).body.data;
  }

  it('records a typed event per mutation, newest first, with the api_key actor', async () => {
    const ada = store().userByEmail('ada@acme.test');
    const alan = store().userByEmail('alan@acme.test')?.id ?? '';
    await emu().api('POST', `/organization/users/${alan}`, { role: 'owner' });
    await emu().api('POST', '/organization/projects', { name: 'Audit me' });
    const [created, updated] = await events();
    expect(created?.type).toBe('project.created');
    expect(created?.['project.created']).toMatchObject({ data: { name: 'Audit me' } });
    expect(created?.project?.name).toBe('Audit me');
    expect(updated).toMatchObject({
      type: 'user.updated',
      'user.updated': { id: alan, changes_requested: { role: 'owner' } },
      actor: { type: 'api_key', api_key: { type: 'user', user: { id: ada?.id, email: 'ada@acme.test' } } },
    });
    expect(updated?.id).toMatch(/^audit_log-/);
  });

  it('attributes a change made as a dashboard user to a session with the IP', async () => {
    const res = await emu().actAs('grace@acme.test', 'POST', '/organization/groups', { name: 'oob' }, '203.0.113.7');
    expect(res.status).toBe(200);
    const viaPath = await emu().request('POST', '/_emulator/as-user/grace@acme.test/v1/organization/groups', { name: 'oob-2' });
    expect(viaPath.status).toBe(200);
    const [second, first] = await events('?event_types[]=group.created');
    expect(first?.actor).toEqual({
      type: 'session',
      session: { user: { id: store().userByEmail('grace@acme.test')?.id, email: 'grace@acme.test' }, ip_address: '203.0.113.7' },
    });
    expect(second?.actor?.type).toBe('session');
  });

  it('filters by project, type, actor, resource and time, and pages both ways', async () => {
    const project = research();
    const limits = [...(store().rateLimits.get(project)?.keys() ?? [])];
    for (const id of limits.slice(0, 3)) {
      await emu().api('POST', `/organization/projects/${project}/rate_limits/${id}`, { max_requests_per_1_minute: 7 });
    }
    await emu().actAs('grace@acme.test', 'POST', '/organization/projects', { name: 'other' });
    const scoped = await events(`?project_ids[]=${project}`);
    expect(scoped.map((e) => e.type)).toEqual(['rate_limit.updated', 'rate_limit.updated', 'rate_limit.updated']);
    expect(scoped[0]?.['rate_limit.updated']).toEqual({ id: limits[2], changes_requested: { max_requests_per_1_minute: 7 } });
    expect(await events(`?resource_ids[]=${limits[0] ?? ''}`)).toHaveLength(1);
    expect((await events('?actor_emails[]=grace@acme.test')).map((e) => e.type)).toEqual(['project.created']);
    const adaId = store().userByEmail('ada@acme.test')?.id ?? '';
    expect(await events(`?actor_ids[]=${adaId}`)).toHaveLength(3);
    const all = await events();
    const t = all[0]?.effective_at ?? 0;
    expect(await events(`?effective_at[gt]=${t}`)).toEqual([]);
    expect(await events(`?effective_at[gte]=${t}&effective_at[lte]=${t}`)).toHaveLength(all.filter((e) => e.effective_at === t).length);

    const page1 = (await emu().api<Listed<AuditLog>>('GET', '/organization/audit_logs?limit=2')).body;
    const page2 = (await emu().api<Listed<AuditLog>>('GET', `/organization/audit_logs?limit=2&after=${page1.last_id ?? ''}`)).body;
    expect(page2.data.map((e) => e.id)).toEqual(all.slice(2, 4).map((e) => e.id));
    const back = (await emu().api<Listed<AuditLog>>('GET', `/organization/audit_logs?limit=2&before=${page2.first_id ?? ''}`)).body;
    expect(back.data.map((e) => e.id)).toEqual(page1.data.map((e) => e.id));
  });
});

describe('control surface', () => {
  const holder = useEmulator();
  const emu = () => holder.current;

  it('requires the admin key', async () => {
    const res = await fetch(`${emu().url}/_emulator/dump`);
    expect(res.status).toBe(401);
  });

  it('counts requests by route template and resets the counts', async () => {
    await emu().api('GET', '/organization/users');
    await emu().api('GET', '/organization/users?limit=1');
    const projectId = [...emu().control.store.projects.keys()][0] ?? '';
    await emu().api('GET', `/organization/projects/${projectId}/users`);
    await emu().dump();
    expect(await emu().requests()).toEqual({
      total: 3,
      byRoute: { 'GET /v1/organization/users': 2, 'GET /v1/organization/projects/{project_id}/users': 1 },
    });
    await emu().resetRequests();
    expect((await emu().requests()).total).toBe(0);
  });

  it('dumps a state that seeds an identical state (round trip)', async () => {
    await emu().api('POST', '/organization/projects', { name: 'round trip' });
    const dump = await emu().dump();
    const other = await startTestEmulator({ seed: dump });
    try {
      const again = await other.dump();
      // The other emulator adds its own admin key; everything else is the same.
      expect({ ...again, admin_keys: [] }).toEqual({ ...dump, admin_keys: [] });
      expect(again.admin_keys?.map((k) => k.value)).toContain(dump.admin_keys?.[0]?.value);
    } finally {
      await other.stop();
    }
  });

  it('seeds a hand-written state, including SCIM-managed users and expired invites', async () => {
    await emu().seed({
      users: [
        { email: 'root@x.test', role: 'owner' },
        { email: 'scim@x.test', is_scim_managed: true },
      ],
      invites: [{ email: 'late@x.test', status: 'expired' }],
      projects: [{ name: 'P', users: [{ user: 'scim@x.test', role: 'member' }] }],
    });
    const users = await emu().listAll<{ email: string; is_scim_managed: boolean }>('/organization/users');
    expect(users.map((u) => [u.email, u.is_scim_managed])).toEqual([
      ['root@x.test', false],
      ['scim@x.test', true],
    ]);
    const invites = await emu().listAll<{ status: string }>('/organization/invites');
    expect(invites.map((i) => i.status)).toEqual(['expired']);
    // The emulator's key still works after a seed without it.
    expect((await emu().api('GET', '/organization/projects')).status).toBe(200);
  });

  it('answers 400 for a seed with a dangling reference', async () => {
    const res = await emu().request('POST', '/_emulator/seed', { projects: [{ name: 'P', users: [{ user: 'ghost@x.test', role: 'member' }] }] });
    expect(res.status).toBe(400);
  });

  it('injects 429 with Retry-After on /v1 only, and 5xx at the configured share', async () => {
    // A frozen clock: the token bucket never refills, whatever the machine's speed.
    const frozen = await startTestEmulator({ clock: () => 1_800_000_000_000 });
    try {
      await frozen.faults({ rateLimitRps: 2 });
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 4; i += 1) {
        const res = await frozen.api('GET', '/organization/users');
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      expect(statuses).toEqual([200, 200, 429, 429]);
      expect(retryAfter).toBe('1');
      expect((await frozen.request('GET', '/_emulator/dump')).status).toBe(200);

      await frozen.faults({ rateLimitRps: 0, errorRate: 1 });
      const failed = await frozen.api<{ error: { type: string } }>('GET', '/organization/users');
      expect(failed.status).toBe(500);
      expect(failed.body.error.type).toBe('server_error');
      await frozen.faults({ errorRate: 0.5, seed: 7 });
      const mixed: number[] = [];
      for (let i = 0; i < 20; i += 1) mixed.push((await frozen.api('GET', '/organization/projects')).status);
      expect(mixed).toContain(500);
      expect(mixed).toContain(200);
    } finally {
      await frozen.stop();
    }
  });

  it('throttles like the live API: N per route template per window, 429 without Retry-After or x-ratelimit headers', async () => {
    // A frozen clock moved only by /_emulator/clock: windows end when the test says so.
    const frozen = await startTestEmulator({ clock: () => 1_800_000_000_000 });
    try {
      const set = await frozen.request('POST', '/_emulator/faults', { throttle: 'live', routeLimit: 3, routeWindowSeconds: 0.5 });
      expect(set.body).toMatchObject({ routeLimit: 3, routeWindowSeconds: 0.5, orgLimit: 0 });
      const projects = (await frozen.listAll<{ id: string }>('/organization/projects')).map((p) => p.id);
      const statuses: number[] = [];
      let limited: Awaited<ReturnType<typeof frozen.api>> | undefined;
      // Three different projects, one route template: the fourth request is refused.
      for (const id of [...projects, ...projects, ...projects].slice(0, 5)) {
        const res = await frozen.api('GET', `/organization/projects/${id}/users`);
        statuses.push(res.status);
        if (res.status === 429) limited = res;
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(limited?.body).toEqual({ error: { message: expect.any(String) as string, type: 'requests', param: null, code: 'rate_limit_exceeded' } });
      const headers = [...(limited?.headers.keys() ?? [])];
      expect(headers).not.toContain('retry-after');
      expect(headers).not.toContain('retry-after-ms');
      expect(headers.filter((h) => h.startsWith('x-ratelimit'))).toEqual([]);
      // Another route has its own window; the control surface is never throttled.
      expect((await frozen.api('GET', '/organization/users')).status).toBe(200);
      expect((await frozen.request('GET', '/_emulator/dump')).status).toBe(200);

      await frozen.advanceClock(0.5);
      expect((await frozen.api('GET', `/organization/projects/${projects[0] ?? ''}/users`)).status).toBe(200);

      const report = await frozen.throttle();
      expect(report.routes['GET /v1/organization/projects/{project_id}/users']).toMatchObject({
        passed: 4,
        limited: 2,
        windows: [
          { passed: 3, limited: 2 },
          { passed: 1, limited: 0 },
        ],
      });
      // 1 for listAll, 4 project users, 1 users.
      expect(report.org.passed).toBe(6);
    } finally {
      await frozen.stop();
    }
  });

  it('applies an org-wide limit over all routes, and refuses a throttle it cannot run', async () => {
    const frozen = await startTestEmulator({ clock: () => 1_800_000_000_000 });
    try {
      await frozen.faults({ routeLimit: 8, orgLimit: 2 });
      const statuses = [];
      for (const path of ['/organization/users', '/organization/projects', '/organization/groups']) statuses.push((await frozen.api('GET', path)).status);
      expect(statuses).toEqual([200, 200, 429]);
      expect((await frozen.throttle()).org).toMatchObject({ passed: 2, limited: 1 });
      expect((await frozen.request('POST', '/_emulator/faults', { routeWindowSeconds: 0 })).status).toBe(400);
      expect((await frozen.request('POST', '/_emulator/faults', { routeLimit: 2.5 })).status).toBe(400);
      expect((await frozen.request('POST', '/_emulator/faults', { throttle: 'fast' })).status).toBe(400);
      // Reset turns the throttle off and forgets its windows.
      await frozen.reset();
      expect((await frozen.api('GET', '/organization/groups')).status).toBe(200);
      expect((await frozen.throttle()).routes).toEqual({});
    } finally {
      await frozen.stop();
    }
  });

  it('moves time forward: a pending invite expires', async () => {
    const invite = (await emu().api<{ id: string; status: string }>('POST', '/organization/invites', { email: 'soon@acme.test', role: 'reader' })).body;
    expect(invite.status).toBe('pending');
    await emu().advanceClock(8 * 24 * 3600);
    expect((await emu().api<{ status: string }>('GET', `/organization/invites/${invite.id}`)).body.status).toBe('expired');
    const again = await emu().api('POST', '/organization/invites', { email: 'soon@acme.test', role: 'reader' });
    expect(again.status).toBe(200);
  });

  it('refuses to act as someone who is not a member', async () => {
    const res = await emu().actAs('stranger@x.test', 'POST', '/organization/groups', { name: 'x' });
    expect(res.status).toBe(404);
  });

  it('drops the socket at the configured share', async () => {
    await emu().faults({ dropRate: 1 });
    await expect(emu().api('GET', '/organization/users')).rejects.toThrow();
  });
});
