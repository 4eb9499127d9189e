// The reader against objects shaped as the spec (reference/openapi-admin.yaml) allows them,
// not as our emulator happens to send them: optional and nullable fields left out.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Certificate as WireCertificate } from '../../src/api/types.js';
import { fullReadScope, LiveReadError, readLiveState } from '../../src/live/index.js';
import { fakeApi, projectUser, user } from './fake-api.js';
import { richOrg } from './fixtures.js';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

describe('groups as the groups list sends them (spec GroupResponse)', () => {
  it('reads is_scim_managed', async () => {
    const org = richOrg();
    org.groups?.push({
      group: { id: 'group-idp', name: 'from-idp', created_at: 1, is_scim_managed: true, group_type: 'group' },
      users: [],
      roles: [],
    });
    const live = await readLiveState(fakeApi(org), fullReadScope());
    expect(live.org.groups?.get('from-idp')?.scimManaged).toBe(true);
    expect(live.org.groups?.get('ml-platform')?.scimManaged).toBe(false);
  });
});

describe('certificate content from the single GET', () => {
  it('keeps active and name from the list item when the GET leaves active out (the spec example does)', async () => {
    const api = fakeApi(richOrg());
    api.getCertificate = (id) =>
      Promise.resolve<WireCertificate>({
        object: 'certificate',
        id,
        name: 'renamed-in-between',
        created_at: 1,
        certificate_details: { content: `PEM of ${id}` },
      });
    const live = await readLiveState(api, fullReadScope());
    expect(live.org.certificates?.get('corp-mtls')).toEqual({
      name: 'corp-mtls',
      active: true,
      id: 'cert-1',
      content: 'PEM of cert-1',
    });
    expect(live.org.certificates?.get('cert-2')).toEqual({ name: 'cert-2', active: false, id: 'cert-2', content: 'PEM of cert-2' });
  });
});

describe('a user whose role is null (spec User.role: string or null)', () => {
  it('is read with role null, not as a reader', async () => {
    const org = richOrg();
    org.users.push(user('user-norole', 'norole@example.com', 'reader', { role: null }));
    const live = await readLiveState(fakeApi(org), fullReadScope());
    expect(live.org.members.get('norole@example.com')?.role).toBeNull();
  });
});

describe('users without an email (the spec allows email missing or null)', () => {
  function orgWithGhosts() {
    const org = richOrg();
    const missing = user('user-ghost', 'x');
    delete missing.email;
    org.users.push(missing, user('user-null', 'x', 'reader', { email: null }), user('user-empty', ''));
    return org;
  }

  it('skips them with a warning and still counts them among the objects read', async () => {
    const { logger, lines } = capturingLogger();
    const base = await readLiveState(fakeApi(richOrg()), fullReadScope());
    const live = await readLiveState(fakeApi(orgWithGhosts()), fullReadScope(), { logger });
    expect([...live.org.members.keys()]).toEqual(['ada@example.com', 'grace@example.com']);
    expect(live.stats.objects).toBe(base.stats.objects + 3);
    const warning = lines.find((l) => l.msg === 'users without an email skipped');
    expect(warning).toMatchObject({ level: 40, count: 3, userIds: ['user-empty', 'user-ghost', 'user-null'] });
  });

  it('leaves them out of groups and projects too, but still fails on a user unknown to the organization', async () => {
    const org = orgWithGhosts();
    org.groups?.[0]?.users.push({ id: 'user-ghost', name: 'Ghost', email: null });
    org.projects[0]?.users?.push(projectUser('user-null', null));
    const live = await readLiveState(fakeApi(org), fullReadScope());
    expect(live.org.groups?.get('ml-platform')?.members).toEqual(['ada@example.com', 'grace@example.com']);
    expect([...(live.org.projects.get('search')?.members?.keys() ?? [])].sort()).toEqual([
      'ada@example.com',
      'grace@example.com',
    ]);

    org.groups?.[0]?.users.push({ id: 'user-stranger', name: 'Stranger', email: null });
    const read = readLiveState(fakeApi(org), fullReadScope());
    await expect(read).rejects.toBeInstanceOf(LiveReadError);
    await expect(read).rejects.toThrow('user user-stranger has no email');
  });
});

describe('an empty email is no email', () => {
  it('resolves group and project users with email "" through the org users', async () => {
    const org = richOrg();
    const group = org.groups?.[0];
    if (group === undefined) throw new Error('fixture has no group');
    group.users = [{ id: 'user-grace', name: 'Grace', email: '' }];
    org.projects[0]?.users?.splice(0, Infinity, projectUser('user-ada', ''));
    const live = await readLiveState(fakeApi(org), fullReadScope());
    expect(live.org.groups?.get('ml-platform')?.members).toEqual(['grace@example.com']);
    expect([...(live.org.projects.get('search')?.members?.keys() ?? [])]).toEqual(['ada@example.com']);
  });

  it('falls back to the nested user when the top-level email is empty', async () => {
    const org = richOrg();
    org.users.push(
      user('user-nested', '', 'reader', {
        name: '',
        user: { object: 'user', id: 'user-nested', email: 'Nested@Example.com', name: 'Nested Person' },
      }),
    );
    const live = await readLiveState(fakeApi(org), fullReadScope());
    expect(live.org.members.get('nested@example.com')).toMatchObject({ id: 'user-nested', name: 'Nested Person' });
  });
});

describe('other optional wire fields', () => {
  it('reads a service account without role or created_at without undefined fields', async () => {
    const org = richOrg();
    const project = org.projects[0];
    if (project === undefined) throw new Error('fixture has no project');
    project.serviceAccounts = [
      JSON.parse('{"object":"organization.project.service_account","id":"svc-1","name":"ci"}') as NonNullable<
        typeof project.serviceAccounts
      >[number],
    ];
    const live = await readLiveState(fakeApi(org), fullReadScope());
    const account = live.org.projects.get('search')?.serviceAccounts?.get('ci');
    expect(account).toEqual({ name: 'ci', id: 'svc-1' });
    expect(Object.keys(account ?? {})).toEqual(['name', 'id']);
  });

  it('reads an invite without expires_at as never expiring (null)', async () => {
    const org = richOrg();
    org.invites = [
      { object: 'organization.invite', id: 'i1', email: 'New@Example.com', role: 'reader', status: 'pending', created_at: 1, projects: [] },
    ];
    const live = await readLiveState(fakeApi(org), fullReadScope());
    expect(live.org.invites.get('new@example.com')?.expiresAt).toBeNull();
  });
});
