import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { collect } from '../../src/api/collect.js';
import { autoClock, BASE, captureLog, KEY, netError, testClient } from './helpers.js';

const ids = (n: number, prefix: string, from = 0) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${from + i}` }));

beforeEach(() => nock.cleanAll());
afterEach(() => {
  const done = nock.isDone();
  nock.cleanAll();
  expect(done, `unused mocks: ${nock.pendingMocks().join(', ')}`).toBe(true);
});

describe('lists with first_id/last_id/has_more', () => {
  it('reads 250 users in 3 requests of limit 100, following last_id', async () => {
    const api = nock(BASE, { reqheaders: { authorization: `Bearer ${KEY}` } });
    api.get('/v1/organization/users').query({ limit: '100' }).reply(200, { object: 'list', data: ids(100, 'u'), first_id: 'u0', last_id: 'u99', has_more: true });
    api.get('/v1/organization/users').query({ limit: '100', after: 'u99' }).reply(200, { object: 'list', data: ids(100, 'u', 100), first_id: 'u100', last_id: 'u199', has_more: true });
    api.get('/v1/organization/users').query({ limit: '100', after: 'u199' }).reply(200, { object: 'list', data: ids(50, 'u', 200), first_id: 'u200', last_id: 'u249', has_more: false });
    const client = testClient();
    const users = await collect(client.listUsers());
    expect(users).toHaveLength(250);
    expect(users.at(-1)?.id).toBe('u249');
    expect(client.requestStats()).toEqual({ total: 3, retries: 0, byRoute: { '/organization/users': 3 }, byOperation: { 'GET /organization/users': 3 } });
  });

  it('sends emails[] (the official SDK encoding, repeated) and include_archived as the API reads them', async () => {
    nock(BASE)
      .get('/v1/organization/users')
      .query({ limit: '100', 'emails[]': ['a@x.io', 'b@x.io'] })
      .reply(200, { object: 'list', data: [], has_more: false });
    nock(BASE)
      .get('/v1/organization/projects')
      .query({ limit: '100', include_archived: 'true' })
      .reply(200, { object: 'list', data: [], has_more: false, first_id: null, last_id: null });
    const client = testClient();
    expect(await collect(client.listUsers({ emails: ['a@x.io', 'b@x.io'] }))).toEqual([]);
    expect(await collect(client.listProjects({ includeArchived: true }))).toEqual([]);
  });

  it('pages with the server default when pageSize is "default" (the baseline)', async () => {
    nock(BASE).get('/v1/organization/projects').query({}).reply(200, { object: 'list', data: ids(20, 'p'), last_id: 'p19', has_more: true });
    nock(BASE).get('/v1/organization/projects').query({ after: 'p19' }).reply(200, { object: 'list', data: ids(5, 'p', 20), last_id: 'p24', has_more: false });
    const client = testClient({ pageSize: 'default' });
    expect(await collect(client.listProjects())).toHaveLength(25);
  });
});

describe('lists with has_more/next', () => {
  it('reads 2500 groups in 3 requests of limit 1000, after = next', async () => {
    nock(BASE).get('/v1/organization/groups').query({ limit: '1000' }).reply(200, { object: 'list', data: ids(1000, 'g'), has_more: true, next: 'cur-1' });
    nock(BASE).get('/v1/organization/groups').query({ limit: '1000', after: 'cur-1' }).reply(200, { object: 'list', data: ids(1000, 'g', 1000), has_more: true, next: 'cur-2' });
    nock(BASE).get('/v1/organization/groups').query({ limit: '1000', after: 'cur-2' }).reply(200, { object: 'list', data: ids(500, 'g', 2000), has_more: false, next: null });
    const client = testClient();
    expect(await collect(client.listGroups())).toHaveLength(2500);
    expect(client.requestStats().total).toBe(3);
  });

  it('asks project groups for 100 (the spec maximum) and project roles for 1000', async () => {
    nock(BASE).get('/v1/organization/projects/proj_1/groups').query({ limit: '100' }).reply(200, { object: 'list', data: [], has_more: false, next: null });
    nock(BASE).get('/v1/projects/proj_1/roles').query({ limit: '1000' }).reply(200, { object: 'list', data: [], has_more: false, next: null });
    const client = testClient();
    await collect(client.listProjectGroups('proj_1'));
    await collect(client.listProjectRoles('proj_1'));
  });
});

describe('malformed pages are refused, never read as empty', () => {
  const cases: [string, unknown][] = [
    ['no data array', { object: 'list', has_more: false }],
    ['has_more without a cursor', { object: 'list', data: [], has_more: true, next: null }],
    ['not an object', [1, 2]],
  ];
  it.each(cases)('%s', async (_name, page) => {
    nock(BASE).get('/v1/organization/groups').query(true).reply(200, page as nock.Body);
    const error = await collect(testClient().listGroups()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('malformed');
    expect((error as ApiError).message).toMatch(/^GET \/organization\/groups answered something unreadable/);
  });

  it('a repeated cursor', async () => {
    nock(BASE).get('/v1/organization/groups').query({ limit: '1000' }).reply(200, { object: 'list', data: ids(1, 'g'), has_more: true, next: 'same' });
    nock(BASE).get('/v1/organization/groups').query({ limit: '1000', after: 'same' }).reply(200, { object: 'list', data: ids(1, 'h'), has_more: true, next: 'same' });
    await expect(collect(testClient().listGroups())).rejects.toThrow(/cursor "same" repeats/);
  });

  it('concatenated JSON documents (seen once from audit logs)', async () => {
    nock(BASE).get('/v1/organization/audit_logs').query(true).reply(200, '{"object":"list","data":[],"has_more":false}{"object":"list"}');
    await expect(collect(testClient().listAuditLogs())).rejects.toThrow(/not one JSON document/);
  });
});

describe('retries over HTTP', () => {
  it('honours Retry-After seconds on a 429, then succeeds', async () => {
    const clock = autoClock();
    nock(BASE).get('/v1/organization/projects/p1').reply(429, { error: { message: 'slow down', type: 'rate_limit' } }, { 'retry-after': '3' });
    nock(BASE).get('/v1/organization/projects/p1').reply(200, { id: 'p1' });
    const client = testClient({ clock });
    expect(await client.getProject('p1')).toEqual({ id: 'p1' });
    expect(clock.sleeps).toEqual([3000]);
    expect(client.requestStats()).toMatchObject({ total: 2, retries: 1 });
  });

  it('honours Retry-After as an HTTP date', async () => {
    const clock = autoClock(Date.parse('2026-01-01T00:00:00Z'));
    nock(BASE).get('/v1/organization/projects/p1').reply(429, {}, { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' });
    nock(BASE).get('/v1/organization/projects/p1').reply(200, { id: 'p1' });
    await testClient({ clock }).getProject('p1');
    expect(clock.sleeps).toEqual([5000]);
  });

  it('prefers retry-after-ms over Retry-After', async () => {
    const clock = autoClock();
    nock(BASE).get('/v1/organization/projects/p1').reply(429, {}, { 'retry-after-ms': '250', 'retry-after': '9' });
    nock(BASE).get('/v1/organization/projects/p1').reply(200, { id: 'p1' });
    await testClient({ clock }).getProject('p1');
    expect(clock.sleeps).toEqual([250]);
  });

  it('backs off on 5xx then succeeds', async () => {
    const clock = autoClock(0, 0.5);
    nock(BASE).get('/v1/organization/invites/i1').reply(502, 'bad gateway');
    nock(BASE).get('/v1/organization/invites/i1').reply(503, { error: { message: 'busy' } });
    nock(BASE).get('/v1/organization/invites/i1').reply(200, { id: 'i1' });
    await testClient({ clock }).getInvite('i1');
    // full jitter with random()=0.5: half of 500 ms, then half of 1000 ms
    expect(clock.sleeps).toEqual([250, 500]);
  });

  it('gives up after maxAttempts with the last status', async () => {
    nock(BASE).get('/v1/organization/invites/i1').times(3).reply(500, { error: { message: 'boom', type: 'server_error' } }, { 'x-request-id': 'req_9' });
    const error = (await testClient({ maxAttempts: 3 }).getInvite('i1').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 500, attempts: 3, requestId: 'req_9', type: 'server_error', route: '/organization/invites/{invite_id}', method: 'GET' });
  });

  it('retries a GET after ECONNRESET', async () => {
    nock(BASE).get('/v1/organization/users/u1').replyWithError(netError('ECONNRESET', 'socket hang up'));
    nock(BASE).get('/v1/organization/users/u1').reply(200, { id: 'u1' });
    expect(await testClient().getUser('u1')).toEqual({ id: 'u1' });
  });

  it.each([400, 401, 403, 404, 409, 422])('does not retry a %i', async (status) => {
    nock(BASE).delete('/v1/organization/groups/g1').reply(status, { error: { message: 'no', type: 'invalid_request_error', code: 'nope', param: 'group_id' } }, { 'x-request-id': 'req_1' });
    const error = (await testClient().deleteGroup('g1').catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status, code: 'nope', param: 'group_id', type: 'invalid_request_error', requestId: 'req_1', attempts: 1, ambiguous: false });
    const hint = status === 401 ? ' (the admin key was refused: check OPENAI_ADMIN_KEY or --admin-key-file, and that OPENAI_BASE_URL is the API it belongs to)' : '';
    expect(error.message).toBe(`DELETE /organization/groups/{group_id} answered ${status}: no${hint} (request id req_1)`);
  });

  it('does not repeat a create that got a 500: ambiguous', async () => {
    nock(BASE).post('/v1/organization/projects', { name: 'x' }).once().reply(500, { error: { message: 'oops' } });
    const error = (await testClient().createProject({ name: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 500, ambiguous: true, attempts: 1, method: 'POST', route: '/organization/projects' });
    expect(error.message).toMatch(/may have happened: re-read before repeating it/);
  });

  it('does not repeat a create whose connection was reset', async () => {
    nock(BASE).post('/v1/organization/groups').once().replyWithError(netError('ECONNRESET', 'socket hang up'));
    const error = (await testClient().createGroup({ name: 'g' }).catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ kind: 'network', code: 'ECONNRESET', ambiguous: true, attempts: 1 });
  });

  it('repeats a create answered 429 (the server did not act)', async () => {
    nock(BASE).post('/v1/organization/groups').reply(429, {}, { 'retry-after': '1' });
    nock(BASE).post('/v1/organization/groups').reply(201, { id: 'g1', name: 'g' });
    expect(await testClient().createGroup({ name: 'g' })).toEqual({ id: 'g1', name: 'g' });
  });

  it('retries an idempotent update after a 503', async () => {
    nock(BASE).post('/v1/organization/groups/g1').reply(503);
    nock(BASE).post('/v1/organization/groups/g1', { name: 'n' }).reply(200, { id: 'g1', name: 'n' });
    expect(await testClient().updateGroup('g1', { name: 'n' })).toEqual({ id: 'g1', name: 'n' });
  });
});

describe('logging', () => {
  it('writes one debug line per request with method, route, status, duration and attempt', async () => {
    const log = captureLog();
    nock(BASE).get('/v1/organization/projects/p1/users/u1').reply(500);
    nock(BASE).get('/v1/organization/projects/p1/users/u1').reply(200, { id: 'u1' });
    await testClient({ logger: log.logger }).getProjectUser('p1', 'u1');
    const lines = log.records().filter((r) => r.msg === 'admin api request');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => [l.method, l.route, l.status, l.attempt, typeof l.durationMs])).toEqual([
      ['GET', '/organization/projects/{project_id}/users/{user_id}', 500, 1, 'number'],
      ['GET', '/organization/projects/{project_id}/users/{user_id}', 200, 2, 'number'],
    ]);
  });
});

describe('certificates', () => {
  it('splits activation into calls of at most 10 ids', async () => {
    const idsOf = (from: number, n: number) => Array.from({ length: n }, (_, i) => `cert_${from + i}`);
    nock(BASE).post('/v1/organization/certificates/activate', { certificate_ids: idsOf(0, 10) }).reply(200, { object: 'organization.certificate.activation', data: [] });
    nock(BASE).post('/v1/organization/certificates/activate', { certificate_ids: idsOf(10, 10) }).reply(200, { object: 'organization.certificate.activation', data: [] });
    nock(BASE).post('/v1/organization/certificates/activate', { certificate_ids: idsOf(20, 3) }).reply(200, { object: 'organization.certificate.activation', data: [] });
    await testClient().activateCertificates(idsOf(0, 23));
  });

  it('makes no call for no ids', async () => {
    const client = testClient();
    await client.deactivateProjectCertificates('p1', []);
    expect(client.requestStats().total).toBe(0);
  });
});

describe('usage and costs', () => {
  it('follows next_page and joins the buckets', async () => {
    nock(BASE).get('/v1/organization/costs').query({ start_time: '100', limit: '180' }).reply(200, { object: 'page', data: [{ start_time: 100 }], has_more: true, next_page: 'pg2' });
    nock(BASE).get('/v1/organization/costs').query({ start_time: '100', limit: '180', page: 'pg2' }).reply(200, { object: 'page', data: [{ start_time: 200 }], has_more: false, next_page: null });
    const answer = await testClient().getCosts({ start_time: 100 });
    expect(answer.data).toHaveLength(2);
    expect(answer.has_more).toBe(false);
  });

  it('asks for the most buckets the width allows (1d: 31)', async () => {
    nock(BASE).get('/v1/organization/usage/embeddings').query({ start_time: '1', limit: '31' }).reply(200, { object: 'page', data: [], has_more: false, next_page: null });
    await testClient().getUsage('embeddings', { start_time: 1 });
  });
});

describe('creates answered with any 2xx', () => {
  it.each([200, 201, 202])('accepts %i', async (status) => {
    nock(BASE).post('/v1/organization/invites').reply(status, { id: 'inv_1' });
    expect(await testClient().createInvite({ email: 'a@x.io', role: 'reader' })).toEqual({ id: 'inv_1' });
  });

  it('accepts an empty body on DELETE', async () => {
    nock(BASE).delete('/v1/organization/invites/inv_1').reply(204);
    await testClient().deleteInvite('inv_1');
  });
});

describe('requestStats', () => {
  it('counts every attempt by route template and by method + route', async () => {
    nock(BASE).post('/v1/organization/groups/g1').reply(500);
    nock(BASE).post('/v1/organization/groups/g1').reply(200, { id: 'g1', name: 'n' });
    nock(BASE).delete('/v1/organization/groups/g1').reply(200, { id: 'g1', deleted: true });
    const client = testClient();
    await client.updateGroup('g1', { name: 'n' });
    await client.deleteGroup('g1');
    expect(client.requestStats()).toEqual({
      total: 3,
      retries: 1,
      byRoute: { '/organization/groups/{group_id}': 3 },
      byOperation: { 'POST /organization/groups/{group_id}': 2, 'DELETE /organization/groups/{group_id}': 1 },
    });
  });
});
