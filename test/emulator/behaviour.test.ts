// Errors, side effects and pagination the reference states, observed over HTTP.
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}
interface Listed<T> {
  data: T[];
  has_more: boolean;
  first_id?: string | null;
  last_id?: string | null;
  next?: string | null;
}
interface Item {
  id: string;
  email?: string;
  name?: string;
  status?: string;
}

describe('emulator behaviour', () => {
  const holder = useEmulator();
  const emu = () => holder.current;
  const store = () => holder.current.control.store;
  const project = (name: string) => [...store().projects.values()].find((p) => p.name === name)?.id ?? '';
  const user = (email: string) => store().userByEmail(email)?.id ?? '';

  describe('authentication and errors', () => {
    it('answers 401 without a key and with an unknown key, in the OpenAI error shape', async () => {
      const none = await fetch(`${emu().baseUrl}/organization/users`);
      expect(none.status).toBe(401);
      const body = (await none.json()) as ErrorBody;
      expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
      const wrong = await fetch(`${emu().baseUrl}/organization/users`, { headers: { authorization: 'Bearer sk-admin-nope' } });
      expect(wrong.status).toBe(401);
      expect(((await wrong.json()) as ErrorBody).error.code).toBe('invalid_api_key');
    });

    it('answers 404 for unknown objects and unknown routes', async () => {
      expect((await emu().api('GET', '/organization/users/user-nope')).status).toBe(404);
      expect((await emu().api('GET', '/organization/nothing')).status).toBe(404);
    });

    it('rejects page sizes outside the documented range with a 400 invalid_request_error', async () => {
      for (const [path, limit] of [
        ['/organization/users', 0],
        ['/organization/users', 101],
        ['/organization/groups', 1001],
        ['/organization/audit_logs', 101],
      ] as const) {
        const res = await emu().api<ErrorBody>('GET', `${path}?limit=${limit}`);
        expect(res.status, `${path} limit=${limit}`).toBe(400);
        expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param: 'limit' });
      }
      expect((await emu().api('GET', '/organization/groups?limit=1000')).status).toBe(200);
    });

    it('answers 409 for a duplicate invite and for inviting a member', async () => {
      const member = await emu().api<ErrorBody>('POST', '/organization/invites', { email: 'ada@acme.test', role: 'reader' });
      expect(member.status).toBe(409);
      const pending = await emu().api<ErrorBody>('POST', '/organization/invites', { email: 'barbara@acme.test', role: 'reader' });
      expect(pending.status).toBe(409);
      // The demo's expired invite does not block a new one.
      const renewed = await emu().api<Item>('POST', '/organization/invites', { email: 'dennis@acme.test', role: 'reader' });
      expect(renewed.status).toBe(200);
    });
  });

  describe('side effects', () => {
    it('accepts a project user only when they are an org member', async () => {
      const res = await emu().api<ErrorBody>('POST', `/organization/projects/${project('Research')}/users`, { user_id: 'user-stranger', role: 'member' });
      expect(res.status).toBe(400);
      expect(res.body.error.param).toBe('user_id');
    });

    it('archived projects reject changes and have no users', async () => {
      const id = project('Research');
      expect((await emu().api<Listed<Item>>('GET', `/organization/projects/${id}/users`)).body.data.length).toBeGreaterThan(0);
      await emu().api('POST', `/organization/projects/${id}/archive`);
      expect((await emu().api<Listed<Item>>('GET', `/organization/projects/${id}/users`)).body.data).toEqual([]);
      expect((await emu().api('POST', `/organization/projects/${id}`, { name: 'x' })).status).toBe(400);
      expect((await emu().api('POST', `/organization/projects/${id}/users`, { user_id: user('ada@acme.test'), role: 'member' })).status).toBe(400);
      const listed = await emu().api<Listed<Item>>('GET', '/organization/projects');
      expect(listed.body.data.map((p) => p.id)).not.toContain(id);
      const all = await emu().api<Listed<Item>>('GET', '/organization/projects?include_archived=true');
      expect(all.body.data.map((p) => p.id)).toContain(id);
    });

    it('removing an org user removes them from every project and group', async () => {
      const alan = user('alan@acme.test');
      expect((await emu().api('DELETE', `/organization/users/${alan}`)).status).toBe(200);
      expect((await emu().api('GET', `/organization/projects/${project('Research')}/users/${alan}`)).status).toBe(404);
      const group = [...store().groups.values()][0]?.id ?? '';
      const members = await emu().api<Listed<Item>>('GET', `/organization/groups/${group}/users`);
      expect(members.body.data.map((m) => m.id)).not.toContain(alan);
    });

    it('deletes a certificate only when it is inactive everywhere', async () => {
      const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
      const cert = (await emu().api<Item>('POST', '/organization/certificates', { name: 'c', certificate: pem })).body;
      const research = project('Research');
      await emu().api('POST', `/organization/projects/${research}/certificates/activate`, { certificate_ids: [cert.id] });
      expect((await emu().api('DELETE', `/organization/certificates/${cert.id}`)).status).toBe(400);
      await emu().api('POST', `/organization/projects/${research}/certificates/deactivate`, { certificate_ids: [cert.id] });
      expect((await emu().api('DELETE', `/organization/certificates/${cert.id}`)).status).toBe(200);
    });

    it('activates at most 10 certificates per call', async () => {
      const ids = Array.from({ length: 11 }, (_, i) => `cert_${i}`);
      const res = await emu().api<ErrorBody>('POST', '/organization/certificates/activate', { certificate_ids: ids });
      expect(res.status).toBe(400);
      expect(res.body.error.param).toBe('certificate_ids');
    });

    it('refuses to delete an accepted invite', async () => {
      const invite = (await emu().api<Item>('POST', '/organization/invites', { email: 'new@acme.test', role: 'reader', projects: [{ id: project('Research'), role: 'member' }] })).body;
      await emu().acceptInvite(invite.id);
      const newcomer = user('new@acme.test');
      expect(newcomer).not.toBe('');
      expect((await emu().api('GET', `/organization/projects/${project('Research')}/users/${newcomer}`)).status).toBe(200);
      expect((await emu().api<Item>('GET', `/organization/invites/${invite.id}`)).body.status).toBe('accepted');
      expect((await emu().api('DELETE', `/organization/invites/${invite.id}`)).status).toBe(400);
    });

    it('returns a service account key value once and keeps it out of the API keys endpoint', async () => {
      const research = project('Research');
      const created = await emu().api<{ id: string; api_key: { id: string; value: string } }>('POST', `/organization/projects/${research}/service_accounts`, { name: 'bot' });
      expect(created.body.api_key.value).toMatch(/^sk-svcacct-/);
      const key = await emu().api<{ redacted_value: string; owner: { type: string } }>('GET', `/organization/projects/${research}/api_keys/${created.body.api_key.id}`);
      expect(key.body.owner.type).toBe('service_account');
      expect(JSON.stringify(key.body)).not.toContain(created.body.api_key.value);
      expect((await emu().api('DELETE', `/organization/projects/${research}/api_keys/${created.body.api_key.id}`)).status).toBe(400);
      const only = await emu().api<{ api_key: unknown }>('POST', `/organization/projects/${research}/service_accounts`, { name: 'bare', create_service_account_only: true });
      expect(only.body.api_key).toBeNull();
    });

    it('gives every project the fixed set of rate-limit rows', async () => {
      const created = (await emu().api<Item>('POST', '/organization/projects', { name: 'fresh' })).body;
      const rows = await emu().api<Listed<{ id: string; model: string }>>('GET', `/organization/projects/${created.id}/rate_limits`);
      expect(rows.body.data.map((r) => r.model)).toEqual(['gpt-4o', 'gpt-4o-mini', 'o3', 'text-embedding-3-small', 'dall-e-3', 'whisper-1']);
      expect(rows.body.data.every((r) => r.id.startsWith('rl-'))).toBe(true);
    });

    it('lists predefined roles and answers a scoped id for a predefined project role', async () => {
      const orgRoles = await emu().api<Listed<{ name: string; predefined_role: boolean }>>('GET', '/organization/roles');
      expect(orgRoles.body.data.filter((r) => r.predefined_role).map((r) => r.name)).toEqual(['owner', 'reader']);
      const research = project('Research');
      const projectRoles = await emu().api<Listed<{ name: string; predefined_role: boolean }>>('GET', `/projects/${research}/roles`);
      expect(projectRoles.body.data.filter((r) => r.predefined_role).map((r) => r.name)).toEqual(['owner', 'member', 'viewer']);
      const assigned = await emu().api<{ role: { id: string } }>('POST', `/projects/${research}/users/${user('ada@acme.test')}/roles`, { role_id: 'role-api-project-owner' });
      expect(assigned.body.role.id).toBe(`role-api-project-owner__api-project__${research}`);
      const again = await emu().api('POST', `/projects/${research}/users/${user('ada@acme.test')}/roles`, { role_id: assigned.body.role.id });
      expect(again.status).toBe(409);
    });
  });

  describe('projects as the spec has them', () => {
    it('keeps the residency given at creation and leaves it out when none was given', async () => {
      const eu = await emu().api<Item>('POST', '/organization/projects', { name: 'eu', residency: 'EU_STORAGE_PROCESSING' });
      expect(eu.body).toMatchObject({ residency: 'EU_STORAGE_PROCESSING' });
      const plain = await emu().api<Item>('POST', '/organization/projects', { name: 'plain' });
      expect(plain.body).not.toHaveProperty('residency');
    });

    it('modifies a project with external_key_id alone (name is optional), or with the name alone', async () => {
      const created = await emu().api<Item>('POST', '/organization/projects', { name: 'keyed' });
      const keyed = await emu().api<Item>('POST', `/organization/projects/${created.body.id}`, { external_key_id: 'ek_1' });
      expect(keyed).toMatchObject({ status: 200, body: { name: 'keyed', external_key_id: 'ek_1' } });
      const renamed = await emu().api<Item>('POST', `/organization/projects/${created.body.id}`, { name: 'renamed' });
      expect(renamed.body).toMatchObject({ name: 'renamed', external_key_id: 'ek_1' });
    });
  });

  describe('SCIM-managed users and groups (controlled by the identity provider)', () => {
    it('refuses changes to them with a 400, and still serves them', async () => {
      const group = [...emu().control.store.groups.values()][0]!;
      const user = emu().control.store.userByEmail('grace@acme.test')!;
      group.is_scim_managed = true;
      user.is_scim_managed = true;
      const refused = [
        await emu().api('POST', `/organization/groups/${group.id}`, { name: 'renamed' }),
        await emu().api('DELETE', `/organization/groups/${group.id}`),
        await emu().api('POST', `/organization/groups/${group.id}/users`, { user_id: user.id }),
        await emu().api('POST', `/organization/users/${user.id}`, { role: 'owner' }),
        await emu().api('DELETE', `/organization/users/${user.id}`),
      ];
      expect(refused.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
      expect(refused[0]?.body).toMatchObject({ error: { type: 'invalid_request_error', param: 'group_id', message: expect.stringMatching(/managed through SCIM/) } });
      expect((await emu().api('GET', `/organization/groups/${group.id}`)).status).toBe(200);
      expect((await emu().api('GET', `/organization/users/${user.id}`)).status).toBe(200);
    });
  });

  describe('pagination', () => {
    it('pages users both ways with first_id/last_id cursors', async () => {
      const first = await emu().api<Listed<Item>>('GET', '/organization/users?limit=4');
      expect(first.body.data).toHaveLength(4);
      expect(first.body.has_more).toBe(true);
      expect(first.body.first_id).toBe(first.body.data[0]?.id);
      const second = await emu().api<Listed<Item>>('GET', `/organization/users?limit=4&after=${first.body.last_id ?? ''}`);
      expect(second.body.data).toHaveLength(2);
      expect(second.body.has_more).toBe(false);
      const back = await emu().api<Listed<Item>>('GET', `/organization/users?limit=4&before=${second.body.first_id ?? ''}`);
      expect(back.body.data.map((u) => u.id)).toEqual(first.body.data.map((u) => u.id));
      const desc = await emu().api<Listed<Item>>('GET', '/organization/users?order=desc&limit=1');
      expect(desc.body.data[0]?.email).toBe('margaret@acme.test');
    });

    it('pages groups with has_more/next', async () => {
      for (const name of ['a', 'b', 'c']) await emu().api('POST', '/organization/groups', { name });
      const page = await emu().api<Listed<Item>>('GET', '/organization/groups?limit=2');
      expect(page.body.has_more).toBe(true);
      expect('first_id' in page.body).toBe(false);
      // `next` is an opaque cursor, not the last item's id.
      expect(page.body.next).toMatch(/^cur_/);
      expect(page.body.next).not.toBe(page.body.data[1]?.id);
      const rest = await emu().api<Listed<Item>>('GET', `/organization/groups?limit=2&after=${encodeURIComponent(page.body.next ?? '')}`);
      expect(rest.body).toMatchObject({ has_more: false, next: null });
      expect(rest.body.data).toHaveLength(2);
      expect(rest.body.data[0]?.id).not.toBe(page.body.data[1]?.id);
    });

    it('takes a plain object id as `after` on has_more/next lists too (the spec: `after` is a group ID), and refuses garbage', async () => {
      for (const name of ['a', 'b', 'c']) await emu().api('POST', '/organization/groups', { name });
      const page = await emu().api<Listed<Item>>('GET', '/organization/groups?limit=2');
      const rawId = page.body.data[1]?.id ?? '';
      const byId = await emu().api<Listed<Item>>('GET', `/organization/groups?limit=2&after=${rawId}`);
      const byCursor = await emu().api<Listed<Item>>('GET', `/organization/groups?limit=2&after=${encodeURIComponent(page.body.next ?? '')}`);
      expect(byId.status).toBe(200);
      expect(byId.body.data).toEqual(byCursor.body.data);
      expect((await emu().api('GET', '/organization/roles?after=role-api-organization-owner')).status).toBe(200);
      const garbage = await emu().api<{ error: { param?: string } }>('GET', '/organization/groups?after=cur_bm90LWpzb24');
      expect(garbage.status).toBe(400);
      expect(garbage.body.error.param).toBe('after');
    });

    it('filters users by `emails[]` (the official SDK encoding) only; bare `emails` is an unknown parameter and filters nothing', async () => {
      const res = await emu().api<Listed<Item>>('GET', '/organization/users?emails[]=grace@acme.test&emails[]=nobody@acme.test');
      expect(res.body.data.map((u) => u.email)).toEqual(['grace@acme.test']);
      const wrong = await emu().api<Listed<Item>>('GET', '/organization/users?emails=grace@acme.test');
      expect(wrong.status).toBe(200);
      expect(wrong.body.data.length).toBeGreaterThan(1);
    });
  });
});
