// The exact query strings the client sends, compared as raw text (not as a parsed object):
// every array as OpenAI's official Node SDK sends it (`name[]=a&name[]=b`, qs `brackets`),
// checked against the SDK itself below. Also: cursors per envelope, and the emails filter
// re-applied on our side.
import nock from 'nock';
import { OpenAI } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect } from '../../src/api/collect.js';
import { BASE, testClient } from './helpers.js';

beforeEach(() => nock.cleanAll());
afterEach(() => nock.cleanAll());

/** Intercepts one GET on `path` and records the raw query string it was sent with. */
function captureGet(path: string, reply: unknown): { raw: () => string | undefined } {
  let raw: string | undefined;
  nock(BASE)
    .get((uri) => {
      const [p, q] = uri.split('?', 2);
      if (p !== `/v1${path}`) return false;
      raw = q ?? '';
      return true;
    })
    .reply(200, reply as nock.Body);
  return { raw: () => raw };
}

const CURSOR_EMPTY = { object: 'list', data: [], first_id: null, last_id: null, has_more: false };
const PAGE_EMPTY = { object: 'page', data: [], has_more: false, next_page: null };

describe('query strings, as raw text', () => {
  it('users: `emails[]` repeated (the SDK\'s brackets, though the spec names it `emails`)', async () => {
    const seen = captureGet('/organization/users', CURSOR_EMPTY);
    await collect(testClient().listUsers({ emails: ['a@x.io', 'B@x.io'] }));
    expect(seen.raw()).toBe('emails%5B%5D=a%40x.io&emails%5B%5D=B%40x.io&limit=100');
  });

  it('certificate content: `include[]=content` (the SDK\'s brackets, though the spec names it `include`)', async () => {
    const seen = captureGet('/organization/certificates/cert_1', { id: 'cert_1' });
    await testClient().getCertificate('cert_1', { includeContent: true });
    expect(seen.raw()).toBe('include%5B%5D=content');
  });

  it('certificate without content: no query at all', async () => {
    const seen = captureGet('/organization/certificates/cert_1', { id: 'cert_1' });
    await testClient().getCertificate('cert_1');
    expect(seen.raw()).toBe('');
  });

  it('audit logs: bracketed names exactly as the spec spells them, effective_at[op]', async () => {
    const seen = captureGet('/organization/audit_logs', CURSOR_EMPTY);
    await collect(
      testClient().listAuditLogs({
        effective_at: { gte: 10, lt: 20 },
        project_ids: ['p1', 'p2'],
        event_types: ['project.created'],
        actor_ids: ['user_1'],
        actor_emails: ['a@x.io'],
        resource_ids: ['r1'],
      }),
    );
    expect(decodeURIComponent(seen.raw() ?? '')).toBe(
      'effective_at[gte]=10&effective_at[lt]=20&project_ids[]=p1&project_ids[]=p2&event_types[]=project.created' +
        '&actor_ids[]=user_1&actor_emails[]=a@x.io&resource_ids[]=r1&limit=100',
    );
  });

  it('usage: project_ids[], group_by[], models[] repeated; limit = max for the width', async () => {
    const seen = captureGet('/organization/usage/completions', PAGE_EMPTY);
    await testClient().getUsage('completions', {
      start_time: 1,
      bucket_width: '1m',
      project_ids: ['p1', 'p2'],
      group_by: ['project_id', 'model'],
      models: ['gpt-4o'],
    });
    expect(decodeURIComponent(seen.raw() ?? '')).toBe(
      'start_time=1&bucket_width=1m&project_ids[]=p1&project_ids[]=p2&group_by[]=project_id&group_by[]=model&models[]=gpt-4o&limit=1440',
    );
  });

  it('costs: no `models` (not a costs parameter), project_ids[], limit 180', async () => {
    const seen = captureGet('/organization/costs', PAGE_EMPTY);
    await testClient().getCosts({ start_time: 1, project_ids: ['p1'], group_by: ['line_item'], models: ['gpt-4o'] });
    expect(decodeURIComponent(seen.raw() ?? '')).toBe('start_time=1&project_ids[]=p1&group_by[]=line_item&limit=180');
  });

  it('project API keys: owner_project_access=any unless told otherwise (else the API may hide enabled keys)', async () => {
    const any = captureGet('/organization/projects/p1/api_keys', CURSOR_EMPTY);
    await collect(testClient().listProjectApiKeys('p1'));
    expect(any.raw()).toBe('owner_project_access=any&limit=100');
    const active = captureGet('/organization/projects/p1/api_keys', CURSOR_EMPTY);
    await collect(testClient().listProjectApiKeys('p1', { ownerProjectAccess: 'active' }));
    expect(active.raw()).toBe('owner_project_access=active&limit=100');
  });

  it('projects: include_archived as true/false', async () => {
    const seen = captureGet('/organization/projects', CURSOR_EMPTY);
    await collect(testClient().listProjects({ includeArchived: true }));
    expect(seen.raw()).toBe('include_archived=true&limit=100');
  });
});

describe('cursors per envelope (spec response schemas)', () => {
  it('project groups (ProjectGroupListResource: has_more/next): after = next, limit 100', async () => {
    const first = captureGet('/organization/projects/p1/groups', {
      object: 'list',
      data: [{ object: 'project.group', group_id: 'g1', group_name: 'a', project_id: 'p1', group_type: 'group', created_at: 1 }],
      has_more: true,
      next: 'cur_opaque',
    });
    const groups = testClient().listProjectGroups('p1');
    const iterator = groups[Symbol.asyncIterator]();
    await iterator.next();
    expect(first.raw()).toBe('limit=100');
    const second = captureGet('/organization/projects/p1/groups', { object: 'list', data: [], has_more: false, next: null });
    await iterator.next();
    expect(second.raw()).toBe('limit=100&after=cur_opaque');
  });

  it('project users (first_id/last_id): after = last_id', async () => {
    const first = captureGet('/organization/projects/p1/users', {
      object: 'list',
      data: [{ id: 'user_a' }, { id: 'user_b' }],
      first_id: 'user_a',
      last_id: 'user_b',
      has_more: true,
    });
    const iter = testClient().listProjectUsers('p1')[Symbol.asyncIterator]();
    await iter.next();
    expect(first.raw()).toBe('limit=100');
    await iter.next();
    const second = captureGet('/organization/projects/p1/users', CURSOR_EMPTY);
    await iter.next();
    expect(second.raw()).toBe('limit=100&after=user_b');
  });
});

describe('the emails filter is applied on our side too', () => {
  it('keeps only the asked addresses (case-insensitive) when a server ignores the filter', async () => {
    nock(BASE)
      .get('/v1/organization/users')
      .query(true)
      .reply(200, {
        object: 'list',
        data: [
          { object: 'organization.user', id: 'u1', email: 'Someone@X.io', added_at: 1 },
          { object: 'organization.user', id: 'u2', email: 'other@x.io', added_at: 1 },
          { object: 'organization.user', id: 'u3', added_at: 1 },
          { object: 'organization.user', id: 'u4', email: null, added_at: 1 },
        ],
        has_more: false,
      });
    const found = await collect(testClient().listUsers({ emails: ['someone@x.io'] }));
    expect(found.map((u) => u.id)).toEqual(['u1']);
  });

  it('without a filter, users without an email are still listed', async () => {
    nock(BASE)
      .get('/v1/organization/users')
      .query(true)
      .reply(200, { object: 'list', data: [{ object: 'organization.user', id: 'u3', added_at: 1 }], has_more: false });
    const found = await collect(testClient().listUsers());
    expect(found.map((u) => u.id)).toEqual(['u3']);
  });
});

describe('answers', () => {
  it('a delete answered `deleted: true` (the spec\'s delete object) succeeds', async () => {
    nock(BASE).delete('/v1/organization/groups/g1').reply(200, { object: 'group.deleted', id: 'g1', deleted: true });
    await expect(testClient().deleteGroup('g1')).resolves.toBeUndefined();
  });

  it('a delete answered `deleted: false` is an error, not a success', async () => {
    nock(BASE).delete('/v1/organization/invites/i1').reply(200, { object: 'organization.invite.deleted', id: 'i1', deleted: false });
    await expect(testClient().deleteInvite('i1')).rejects.toMatchObject({ kind: 'malformed', method: 'DELETE' });
  });

  it('a delete answered 204 with no body succeeds', async () => {
    nock(BASE).delete('/v1/organization/users/u1').reply(204);
    await expect(testClient().deleteUser('u1')).resolves.toBeUndefined();
  });

  it('certificate activation answered 204 with no body succeeds (any 2xx; the answer is not read)', async () => {
    nock(BASE).post('/v1/organization/certificates/activate', { certificate_ids: ['c1'] }).reply(204);
    await expect(testClient().activateCertificates(['c1'])).resolves.toBeUndefined();
  });

  it('a create answered 201 is read like a 200', async () => {
    nock(BASE).post('/v1/organization/groups', { name: 'g' }).reply(201, { id: 'g1', name: 'g', created_at: 1, is_scim_managed: false });
    await expect(testClient().createGroup({ name: 'g' })).resolves.toMatchObject({ id: 'g1' });
  });

  it('a create answered with no body is an error (its answer is needed)', async () => {
    nock(BASE).post('/v1/organization/groups', { name: 'g' }).reply(200, '');
    await expect(testClient().createGroup({ name: 'g' })).rejects.toMatchObject({ kind: 'malformed' });
  });
});

/** The query string the official SDK sends for one call (its fetch replaced; nothing leaves the process). */
async function sdkQuery(call: (sdk: OpenAI) => Promise<unknown>): Promise<string[]> {
  let seen = '';
  const sdk = new OpenAI({
    adminAPIKey: 'sk-admin-test',
    apiKey: null,
    baseURL: `${BASE}/v1`,
    maxRetries: 0,
    fetch: (input) => {
      seen = new URL(input instanceof Request ? input.url : String(input)).search.slice(1);
      return Promise.resolve(new Response(JSON.stringify(CURSOR_EMPTY), { headers: { 'content-type': 'application/json' } }));
    },
  });
  await call(sdk);
  return pairs(seen);
}

/** `a=1&b=2` → sorted decoded pairs, so the order of parameters does not matter. */
function pairs(raw: string | undefined): string[] {
  return [...new URLSearchParams(raw ?? '')].map(([k, v]) => `${k}=${v}`).sort();
}

describe('arrays exactly as the official Node SDK (openai 7.60.0) encodes them', () => {
  it('certificate include', async () => {
    const ours = captureGet('/organization/certificates/cert_1', { id: 'cert_1' });
    await testClient().getCertificate('cert_1', { includeContent: true });
    expect(pairs(ours.raw())).toEqual(await sdkQuery((sdk) => sdk.admin.organization.certificates.retrieve('cert_1', { include: ['content'] })));
  });

  it('users emails', async () => {
    const ours = captureGet('/organization/users', CURSOR_EMPTY);
    await collect(testClient().listUsers({ emails: ['a@x.io', 'b@x.io'] }));
    const sdk = await sdkQuery((s) => s.admin.organization.users.list({ emails: ['a@x.io', 'b@x.io'], limit: 100 }));
    expect(pairs(ours.raw())).toEqual(sdk);
  });

  it('audit-log filters', async () => {
    const ours = captureGet('/organization/audit_logs', CURSOR_EMPTY);
    const filters = { project_ids: ['p1', 'p2'], event_types: ['project.created' as const], actor_emails: ['a@x.io'], effective_at: { gte: 10 } };
    await collect(testClient().listAuditLogs(filters));
    expect(pairs(ours.raw())).toEqual(await sdkQuery((s) => s.admin.organization.auditLogs.list({ ...filters, limit: 100 })));
  });

  it('usage project_ids and group_by', async () => {
    const ours = captureGet('/organization/usage/completions', PAGE_EMPTY);
    await testClient().getUsage('completions', { start_time: 1, project_ids: ['p1', 'p2'], group_by: ['model'], limit: 31 });
    const sdk = await sdkQuery((s) => s.admin.organization.usage.completions({ start_time: 1, project_ids: ['p1', 'p2'], group_by: ['model'], limit: 31 }));
    expect(pairs(ours.raw())).toEqual(sdk);
  });
});
