// The emulator is no more lenient than reference/openapi-admin.yaml: array query parameters
// only as the official SDKs send them (`name[]`), ids (not names) where the spec asks for an identifier,
// and answers with exactly the fields the spec's schemas and examples show.
import { describe, expect, it } from 'vitest';
import type { AuditLog } from '../../src/api/types.js';
import { useEmulator } from '../support/emulator.js';

interface Listed<T> {
  data: T[];
  has_more: boolean;
  next?: string | null;
}

type Obj = Record<string, unknown>;

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBstrict\n-----END CERTIFICATE-----';

describe('emulator strictness against the spec', () => {
  const holder = useEmulator();
  const emu = () => holder.current;
  const store = () => holder.current.control.store;
  const research = () => [...store().projects.values()].find((p) => p.name === 'Research')?.id ?? '';
  const userId = (email: string) => store().userByEmail(email)?.id ?? '';

  async function events(query = ''): Promise<AuditLog[]> {
    const res = await emu().api<Listed<AuditLog>>('GET', `/organization/audit_logs${query}`);
    expect(res.status).toBe(200);
    return res.body.data;
  }

  describe('query parameter names (H)', () => {
    it('audit-log filters act only under their bracketed spec names', async () => {
      await emu().api('POST', '/organization/groups', { name: 'strict-a' });
      await emu().api('POST', '/organization/projects', { name: 'strict-p' });
      const all = await events();
      expect(new Set(all.map((e) => e.type)).size).toBeGreaterThan(1);
      expect((await events('?event_types[]=group.created')).map((e) => e.type)).toEqual(['group.created']);
      // Without the brackets the parameter is unknown: ignored, it filters nothing.
      expect(await events('?event_types=group.created')).toHaveLength(all.length);
      expect(await events('?actor_emails=nobody@acme.test')).toHaveLength(all.length);
      expect(await events('?actor_ids=user-nobody')).toHaveLength(all.length);
      expect(await events('?project_ids=proj_nobody')).toHaveLength(all.length);
      expect(await events('?resource_ids=nothing')).toHaveLength(all.length);
      expect(await events('?actor_emails[]=nobody@acme.test')).toHaveLength(0);
    });

    it('certificate content comes with `include[]=content` (the SDK encoding) only, not `include=content`', async () => {
      const created = await emu().api<Obj>('POST', '/organization/certificates', { name: 'strict', certificate: PEM });
      const id = String(created.body.id);
      const sdk = await emu().api<{ certificate_details: Obj }>('GET', `/organization/certificates/${id}?include[]=content`);
      expect(sdk.body.certificate_details.content).toBe(PEM);
      // What the issue saw live: the unbracketed spelling answers 200 without the content.
      const bare = await emu().api<{ certificate_details: Obj }>('GET', `/organization/certificates/${id}?include=content`);
      expect(bare.status).toBe(200);
      expect('content' in bare.body.certificate_details).toBe(false);
      expect((await emu().api('GET', `/organization/certificates/${id}?include[]=pem`)).status).toBe(400);
    });

    it('users filter by `emails[]` only', async () => {
      const all = await emu().api<Listed<Obj>>('GET', '/organization/users');
      const one = await emu().api<Listed<Obj>>('GET', `/organization/users?emails[]=${encodeURIComponent(String(all.body.data[0]?.email))}`);
      expect(one.body.data).toHaveLength(1);
      expect((await emu().api<Listed<Obj>>('GET', '/organization/users?emails=nobody@acme.test')).body.data).toHaveLength(all.body.data.length);
    });
  });

  describe('shapes where the spec disagrees with a lenient answer (J)', () => {
    it('role.assignment.* events carry the assignment id, never the role id', async () => {
      const role = await emu().api<Obj>('POST', '/organization/roles', { role_name: 'strict-auditor', permissions: ['api.organization.read'] });
      const roleId = String(role.body.id);
      const grace = userId('grace@acme.test');
      expect((await emu().api('POST', `/organization/users/${grace}/roles`, { role_id: roleId })).status).toBe(200);
      expect((await emu().api('DELETE', `/organization/users/${grace}/roles/${roleId}`)).status).toBe(200);
      const [deleted, created] = await events('?event_types[]=role.assignment.created&event_types[]=role.assignment.deleted');
      const createdPayload = created?.['role.assignment.created'];
      const deletedPayload = deleted?.['role.assignment.deleted'];
      expect(createdPayload).toEqual({
        id: expect.stringMatching(/^ra_/) as unknown,
        principal_id: grace,
        principal_type: 'user',
        resource_id: store().org.id,
        resource_type: 'api.organization',
      });
      expect(createdPayload?.id).not.toBe(roleId);
      // The deletion names the same assignment.
      expect(deletedPayload).toEqual(createdPayload);
    });

    it('granting a group project access records an assignment id, not the role id', async () => {
      const group = await emu().api<Obj>('POST', '/organization/groups', { name: 'strict-g' });
      const groupId = String(group.body.id);
      const project = research();
      const add = await emu().api('POST', `/organization/projects/${project}/groups`, { group_id: groupId, role: 'role-api-project-member' });
      expect(add.status).toBe(200);
      expect((await emu().api('DELETE', `/organization/projects/${project}/groups/${groupId}`)).status).toBe(200);
      const [deleted, created] = await events('?event_types[]=role.assignment.created&event_types[]=role.assignment.deleted');
      expect(created?.['role.assignment.created']?.id).toMatch(/^ra_/);
      expect(created?.['role.assignment.created']).toMatchObject({ principal_id: groupId, principal_type: 'group', resource_id: project, resource_type: 'api.project' });
      expect(deleted?.['role.assignment.deleted']?.id).toBe(created?.['role.assignment.created']?.id);
    });

    it('a role NAME is not a role id: assigning `owner` or `member` is a 404', async () => {
      const grace = userId('grace@acme.test');
      const byName = await emu().api<{ error: Obj }>('POST', `/organization/users/${grace}/roles`, { role_id: 'owner' });
      expect(byName.status).toBe(404);
      const custom = await emu().api<Obj>('POST', '/organization/roles', { role_name: 'strict-named', permissions: ['api.organization.read'] });
      expect(custom.status).toBe(200);
      expect((await emu().api('POST', `/organization/users/${grace}/roles`, { role_id: 'strict-named' })).status).toBe(404);
      expect((await emu().api('POST', `/organization/users/${grace}/roles`, { role_id: String(custom.body.id) })).status).toBe(200);
      expect((await emu().api('POST', `/organization/users/${grace}/roles`, { role_id: 'role-api-organization-reader' })).status).toBe(200);

      const group = await emu().api<Obj>('POST', '/organization/groups', { name: 'strict-named-g' });
      const project = research();
      const groupByName = await emu().api('POST', `/organization/projects/${project}/groups`, { group_id: String(group.body.id), role: 'member' });
      expect(groupByName.status).toBe(404);
      expect(store().projectGroups.get(project)?.has(String(group.body.id)) ?? false).toBe(false);
    });

    it('a project-scoped role id stands for the role in its own project only', async () => {
      const project = research();
      const ada = userId('ada@acme.test');
      const other = await emu().api<Obj>('POST', '/organization/projects', { name: 'strict-other' });
      const foreign = `role-api-project-viewer__api-project__${String(other.body.id)}`;
      expect((await emu().api('POST', `/projects/${project}/users/${ada}/roles`, { role_id: foreign })).status).toBe(404);
      expect((await emu().api('POST', `/organization/users/${ada}/roles`, { role_id: `role-api-organization-reader__api-project__${project}` })).status).toBe(404);
      const own = `role-api-project-viewer__api-project__${project}`;
      expect((await emu().api('POST', `/projects/${project}/users/${ada}/roles`, { role_id: own })).status).toBe(200);
      expect((await emu().api('DELETE', `/projects/${project}/users/${ada}/roles/${foreign}`)).status).toBe(404);
      expect((await emu().api('DELETE', `/projects/${project}/users/${ada}/roles/${own}`)).status).toBe(200);
    });

    it('retrieving, creating and renaming a certificate answers no `active`', async () => {
      const created = await emu().api<Obj>('POST', '/organization/certificates', { name: 'strict-c', certificate: PEM });
      expect('active' in created.body).toBe(false);
      const id = String(created.body.id);
      await emu().api('POST', '/organization/certificates/activate', { certificate_ids: [id] });
      const got = await emu().api<Obj>('GET', `/organization/certificates/${id}`);
      expect(Object.keys(got.body).sort()).toEqual(['certificate_details', 'created_at', 'id', 'name', 'object']);
      const renamed = await emu().api<Obj>('POST', `/organization/certificates/${id}`, { name: 'strict-c2' });
      expect('active' in renamed.body).toBe(false);
      // Lists still say whether a certificate is active at their scope.
      const listed = await emu().api<Listed<Obj>>('GET', '/organization/certificates');
      expect(listed.body.data.find((c) => c.id === id)?.active).toBe(true);
    });

    it('group list items are GroupResponse (no `object`); a group in a role assignment is exactly the spec `Group`', async () => {
      const created = await emu().api<Obj>('POST', '/organization/groups', { name: 'strict-shape' });
      expect(Object.keys(created.body).sort()).toEqual(['created_at', 'group_type', 'id', 'is_scim_managed', 'name']);
      const list = await emu().api<Listed<Obj>>('GET', '/organization/groups');
      for (const g of list.body.data) expect('object' in g).toBe(false);
      const assigned = await emu().api<{ group: Obj }>('POST', `/organization/groups/${String(created.body.id)}/roles`, { role_id: 'role-api-organization-reader' });
      expect(assigned.status).toBe(200);
      expect(Object.keys(assigned.body.group).sort()).toEqual(['created_at', 'id', 'name', 'object', 'scim_managed']);
    });

    it('rate-limit rows leave out limits the model does not have instead of answering 0', async () => {
      const rows = (await emu().api<Listed<Obj>>('GET', `/organization/projects/${research()}/rate_limits`)).body.data;
      const gpt = rows.find((r) => r.model === 'gpt-4o');
      const image = rows.find((r) => r.model === 'dall-e-3');
      expect(gpt).toBeDefined();
      expect('max_images_per_1_minute' in (gpt ?? {})).toBe(false);
      expect('max_audio_megabytes_per_1_minute' in (gpt ?? {})).toBe(false);
      expect('max_requests_per_1_day' in (gpt ?? {})).toBe(false);
      expect(gpt?.batch_1_day_max_input_tokens).toEqual(expect.any(Number));
      expect(image?.max_images_per_1_minute).toEqual(expect.any(Number));
      const optional = ['max_images_per_1_minute', 'max_audio_megabytes_per_1_minute', 'max_requests_per_1_day', 'batch_1_day_max_input_tokens'];
      for (const row of rows) for (const key of optional) expect(row[key]).not.toBe(0);
    });
  });

  describe('a user without an email (K)', () => {
    it('can be seeded by id and is answered without `email` anywhere, never as an empty string', async () => {
      const seed = await emu().dump();
      const project = seed.projects?.find((p) => p.name === 'Research');
      if (!project) throw new Error('demo seed changed');
      project.users = [...(project.users ?? []), { user: 'user-noemail', role: 'member' }];
      await emu().seed({ ...seed, users: [...(seed.users ?? []), { id: 'user-noemail', name: 'No Email', role: 'reader' }] });
      const user = await emu().api<Obj & { user: Obj }>('GET', '/organization/users/user-noemail');
      expect(user.status).toBe(200);
      expect('email' in user.body).toBe(false);
      expect('email' in user.body.user).toBe(false);
      const member = await emu().api<Obj>('GET', `/organization/projects/${project.id ?? ''}/users/user-noemail`);
      expect(member.status).toBe(200);
      expect(member.body).toMatchObject({ id: 'user-noemail', name: 'No Email', role: 'member' });
      expect('email' in member.body).toBe(false);
      const dumped = await emu().dump();
      expect(dumped.users?.find((u) => u.id === 'user-noemail')).not.toHaveProperty('email');
    });

    it('is not in the demo organization', async () => {
      const users = await emu().listAll<Obj>('/organization/users');
      expect(users.every((u) => typeof u.email === 'string' && u.email !== '')).toBe(true);
    });
  });
});
