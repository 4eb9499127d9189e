// The governance endpoints of the client: spend limits and alerts, model and hosted-tool
// permissions, data retention. Bodies exactly as the spec's request schemas (and as the
// official SDK sends them), spend-alert paging, and the singleton getters' "unset" answer:
// the spec documents only 200 for them, a server may answer 404 for a setting never set.
import nock from 'nock';
import { OpenAI } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdminApi } from '../../src/api/admin-api.js';
import { collect } from '../../src/api/collect.js';
import type { CreateSpendAlertBody } from '../../src/api/types.js';
import { BASE, testClient } from './helpers.js';

beforeEach(() => nock.cleanAll());
afterEach(() => nock.cleanAll());

const P = 'proj_1';
const ALERT: CreateSpendAlertBody = {
  threshold_amount: 5000,
  currency: 'USD',
  interval: 'month',
  notification_channel: { type: 'email', recipients: ['ops@x.io', 'fin@x.io'], subject_prefix: '[spend]' },
};
const NOT_FOUND = { error: { message: 'No spend limit configured.', type: 'invalid_request_error', param: null, code: null } };

function orgAlert(id: string): Record<string, unknown> {
  return { id, object: 'organization.spend_alert', ...ALERT };
}

describe('singleton getters: 404 is "unset" (null), everything else is an answer or an error', () => {
  const getters: { name: string; path: string; call: (api: AdminApi) => Promise<unknown>; answer: unknown }[] = [
    { name: 'getOrgSpendLimit', path: '/organization/spend_limit', call: (a) => a.getOrgSpendLimit(), answer: { object: 'organization.spend_limit', threshold_amount: 10000, currency: 'USD', interval: 'month', enforcement: { status: 'inactive' } } },
    { name: 'getProjectSpendLimit', path: `/organization/projects/${P}/spend_limit`, call: (a) => a.getProjectSpendLimit(P), answer: { object: 'project.spend_limit', threshold_amount: 500, currency: 'USD', interval: 'month', enforcement: { status: 'enforcing' } } },
    { name: 'getProjectModelPermissions', path: `/organization/projects/${P}/model_permissions`, call: (a) => a.getProjectModelPermissions(P), answer: { object: 'project.model_permissions', mode: 'allow_list', model_ids: ['gpt-4o'] } },
    { name: 'getProjectHostedToolPermissions', path: `/organization/projects/${P}/hosted_tool_permissions`, call: (a) => a.getProjectHostedToolPermissions(P), answer: { file_search: { enabled: true }, web_search: { enabled: false }, image_generation: { enabled: true }, mcp: { enabled: true }, code_interpreter: { enabled: true } } },
    { name: 'getOrgDataRetention', path: '/organization/data_retention', call: (a) => a.getOrgDataRetention(), answer: { object: 'organization.data_retention', type: 'modified_abuse_monitoring' } },
    { name: 'getProjectDataRetention', path: `/organization/projects/${P}/data_retention`, call: (a) => a.getProjectDataRetention(P), answer: { object: 'project.data_retention', type: 'organization_default' } },
  ];

  it.each(getters)('$name: 404 → null, after one request', async (g) => {
    const scope = nock(BASE).get(`/v1${g.path}`).reply(404, NOT_FOUND);
    const client = testClient();
    await expect(g.call(client)).resolves.toBeNull();
    expect(scope.isDone()).toBe(true);
    expect(client.requestStats().total).toBe(1);
  });

  it.each(getters)('$name: 200 → the setting as answered', async (g) => {
    nock(BASE).get(`/v1${g.path}`).reply(200, g.answer as nock.Body);
    await expect(g.call(testClient())).resolves.toEqual(g.answer);
  });

  it.each(getters)('$name: 500 is retried, then the answer is read', async (g) => {
    nock(BASE).get(`/v1${g.path}`).reply(500, { error: { message: 'boom' } });
    nock(BASE).get(`/v1${g.path}`).reply(200, g.answer as nock.Body);
    const client = testClient();
    await expect(g.call(client)).resolves.toEqual(g.answer);
    expect(client.requestStats()).toMatchObject({ total: 2, retries: 1 });
  });

  it.each(getters)('$name: 500 every time throws (not null) after the retry budget', async (g) => {
    nock(BASE).get(`/v1${g.path}`).times(5).reply(500, { error: { message: 'boom' } });
    const client = testClient();
    await expect(g.call(client)).rejects.toMatchObject({ kind: 'http', status: 500 });
    expect(client.requestStats().total).toBe(5);
  });

  it.each(getters)('$name: 403 throws (a missing permission is not "unset")', async (g) => {
    nock(BASE).get(`/v1${g.path}`).reply(403, { error: { message: 'no', type: 'invalid_request_error' } });
    await expect(g.call(testClient())).rejects.toMatchObject({ kind: 'http', status: 403 });
  });
});

describe('non-singletons keep 404 an error', () => {
  it('getOrgSpendAlert of an unknown id throws 404', async () => {
    nock(BASE).get('/v1/organization/spend_alerts/alert_x').reply(404, NOT_FOUND);
    await expect(testClient().getOrgSpendAlert('alert_x')).rejects.toMatchObject({ status: 404 });
  });

  it('deleteProjectSpendLimit answered 404 throws', async () => {
    nock(BASE).delete(`/v1/organization/projects/${P}/spend_limit`).reply(404, NOT_FOUND);
    await expect(testClient().deleteProjectSpendLimit(P)).rejects.toMatchObject({ status: 404 });
  });
});

describe('spend-alert lists', () => {
  it('page at 100 with after = last_id until has_more is false', async () => {
    const first = Array.from({ length: 100 }, (_, i) => orgAlert(`alert_${String(i).padStart(3, '0')}`));
    const seen: Record<string, string>[] = [];
    nock(BASE)
      .get('/v1/organization/spend_alerts')
      .query((q) => (seen.push(q as Record<string, string>), q.after === undefined))
      .reply(200, { object: 'list', data: first, first_id: 'alert_000', last_id: 'alert_099', has_more: true });
    nock(BASE)
      .get('/v1/organization/spend_alerts')
      .query((q) => (seen.push(q as Record<string, string>), q.after === 'alert_099'))
      .reply(200, { object: 'list', data: [orgAlert('alert_100')], first_id: 'alert_100', last_id: 'alert_100', has_more: false });
    const alerts = await collect(testClient().listOrgSpendAlerts());
    expect(alerts.map((a) => a.id)).toHaveLength(101);
    expect(alerts.at(-1)?.id).toBe('alert_100');
    expect(seen).toEqual([{ limit: '100' }, { limit: '100', after: 'alert_099' }]);
  });

  it('project alerts: a has_more page without a cursor stops with an error (never an empty list)', async () => {
    nock(BASE)
      .get(`/v1/organization/projects/${P}/spend_alerts`)
      .query(true)
      .reply(200, { object: 'list', data: [], first_id: null, last_id: null, has_more: true });
    await expect(collect(testClient().listProjectSpendAlerts(P))).rejects.toMatchObject({ kind: 'malformed' });
  });
});

describe('request bodies (the spec\'s request schemas, nothing more)', () => {
  it('a spend limit is sent without the fields of a read answer (enforcement, object)', async () => {
    let body: unknown;
    nock(BASE)
      .post('/v1/organization/spend_limit', (b: unknown) => ((body = b), true))
      .reply(200, { object: 'organization.spend_limit', threshold_amount: 100, currency: 'USD', interval: 'month', enforcement: { status: 'inactive' } });
    const read = { object: 'organization.spend_limit', threshold_amount: 100, currency: 'USD', interval: 'month', enforcement: { status: 'inactive' } } as const;
    await testClient().setOrgSpendLimit(read);
    expect(body).toEqual({ threshold_amount: 100, currency: 'USD', interval: 'month' });
  });

  it('a spend alert without subject_prefix sends none; the update is the same body', async () => {
    const bodies: unknown[] = [];
    const plain: CreateSpendAlertBody = { threshold_amount: 1, currency: 'USD', interval: 'month', notification_channel: { type: 'email', recipients: ['a@x.io'] } };
    nock(BASE).post(`/v1/organization/projects/${P}/spend_alerts/alert_1`, (b: unknown) => (bodies.push(b), true)).reply(200, { id: 'alert_1' });
    await testClient().updateProjectSpendAlert(P, 'alert_1', plain);
    expect(bodies).toEqual([{ threshold_amount: 1, currency: 'USD', interval: 'month', notification_channel: { type: 'email', recipients: ['a@x.io'] } }]);
  });

  it('hosted tools: only the named tools are sent, each as { enabled }', async () => {
    let body: unknown;
    nock(BASE).post(`/v1/organization/projects/${P}/hosted_tool_permissions`, (b: unknown) => ((body = b), true)).reply(200, {});
    await testClient().setProjectHostedToolPermissions(P, { mcp: { enabled: false }, code_interpreter: { enabled: true } });
    expect(body).toEqual({ mcp: { enabled: false }, code_interpreter: { enabled: true } });
  });

  it('a spend-alert create answered 500 is not repeated (no idempotency key: it may exist)', async () => {
    const scope = nock(BASE).post('/v1/organization/spend_alerts').reply(500, { error: { message: 'boom' } });
    const client = testClient();
    await expect(client.createOrgSpendAlert(ALERT)).rejects.toMatchObject({ status: 500, ambiguous: true });
    expect(scope.isDone()).toBe(true);
    expect(client.requestStats().total).toBe(1);
  });

  it('setting a spend limit (create or replace) answered 500 is retried: repeating it lands in the same state', async () => {
    nock(BASE).post(`/v1/organization/projects/${P}/spend_limit`).reply(500, { error: { message: 'boom' } });
    nock(BASE)
      .post(`/v1/organization/projects/${P}/spend_limit`)
      .reply(200, { object: 'project.spend_limit', threshold_amount: 7, currency: 'USD', interval: 'month', enforcement: { status: 'inactive' } });
    const client = testClient();
    await expect(client.setProjectSpendLimit(P, { threshold_amount: 7, currency: 'USD', interval: 'month' })).resolves.toMatchObject({ threshold_amount: 7 });
    expect(client.requestStats().retries).toBe(1);
  });

  it('a delete answered `deleted: false` is an error', async () => {
    nock(BASE).delete(`/v1/organization/projects/${P}/model_permissions`).reply(200, { object: 'project.model_permissions.deleted', deleted: false });
    await expect(testClient().deleteProjectModelPermissions(P)).rejects.toMatchObject({ kind: 'malformed' });
  });
});

describe('pacing: each governance route is its own endpoint', () => {
  it('requests are counted per method and route template', async () => {
    nock(BASE).get('/v1/organization/projects/p1/spend_limit').reply(404, NOT_FOUND);
    nock(BASE).get('/v1/organization/projects/p2/spend_limit').reply(404, NOT_FOUND);
    nock(BASE).get('/v1/organization/projects/p1/model_permissions').reply(404, NOT_FOUND);
    nock(BASE).post('/v1/organization/projects/p1/spend_limit').reply(200, {});
    const client = testClient();
    await client.getProjectSpendLimit('p1');
    await client.getProjectSpendLimit('p2');
    await client.getProjectModelPermissions('p1');
    await client.setProjectSpendLimit('p1', { threshold_amount: 1, currency: 'USD', interval: 'month' });
    expect(client.requestStats().byOperation).toEqual({
      'GET /organization/projects/{project_id}/spend_limit': 2,
      'GET /organization/projects/{project_id}/model_permissions': 1,
      'POST /organization/projects/{project_id}/spend_limit': 1,
    });
  });
});

// --- the official Node SDK (openai 7.60.0) has a resource for every one of these endpoints:
// our method, path and JSON body must be what it sends for the same call.

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

async function sdkSends(call: (sdk: OpenAI) => Promise<unknown>, reply: unknown = {}): Promise<Sent> {
  let sent: Sent | undefined;
  const sdk = new OpenAI({
    adminAPIKey: 'sk-admin-test',
    apiKey: null,
    baseURL: `${BASE}/v1`,
    maxRetries: 0,
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const raw = typeof init?.body === 'string' ? init.body : undefined;
      sent = { method: init?.method ?? 'GET', path: url.pathname, body: raw === undefined ? undefined : JSON.parse(raw) };
      return Promise.resolve(new Response(JSON.stringify(reply), { headers: { 'content-type': 'application/json' } }));
    },
  });
  await call(sdk);
  if (sent === undefined) throw new Error('the SDK sent nothing');
  return sent;
}

/**
 * Our client, answered only at the method and path the SDK used and only with the SDK's body:
 * a different method, path or body finds no interceptor and fails the call.
 */
async function oursSendsLike(sdk: Sent, call: (api: AdminApi) => Promise<unknown>, reply: unknown = {}): Promise<unknown> {
  let body: unknown;
  const scope = nock(BASE)
    .intercept(sdk.path, sdk.method, (b: unknown) => ((body = b), true))
    .query(true)
    .reply(200, reply as nock.Body);
  await call(testClient());
  expect(scope.isDone()).toBe(true);
  return body === '' ? undefined : body;
}

const LIST = { object: 'list', data: [], first_id: null, last_id: null, has_more: false };
const sdkCases: { name: string; ours: (a: AdminApi) => Promise<unknown>; sdk: (s: OpenAI) => Promise<unknown>; reply?: unknown }[] = [
  { name: 'org spend limit set', ours: (a) => a.setOrgSpendLimit({ threshold_amount: 10000, currency: 'USD', interval: 'month' }), sdk: (s) => s.admin.organization.spendLimit.update({ threshold_amount: 10000, currency: 'USD', interval: 'month' }) },
  { name: 'org spend limit get', ours: (a) => a.getOrgSpendLimit(), sdk: (s) => s.admin.organization.spendLimit.retrieve() },
  { name: 'org spend limit delete', ours: (a) => a.deleteOrgSpendLimit(), sdk: (s) => s.admin.organization.spendLimit.delete() },
  { name: 'project spend limit set', ours: (a) => a.setProjectSpendLimit(P, { threshold_amount: 1, currency: 'USD', interval: 'month' }), sdk: (s) => s.admin.organization.projects.spendLimit.update(P, { threshold_amount: 1, currency: 'USD', interval: 'month' }) },
  { name: 'project spend limit delete', ours: (a) => a.deleteProjectSpendLimit(P), sdk: (s) => s.admin.organization.projects.spendLimit.delete(P) },
  { name: 'org alert create', ours: (a) => a.createOrgSpendAlert(ALERT), sdk: (s) => s.admin.organization.spendAlerts.create(ALERT) },
  { name: 'org alert update', ours: (a) => a.updateOrgSpendAlert('alert_1', ALERT), sdk: (s) => s.admin.organization.spendAlerts.update('alert_1', ALERT) },
  { name: 'org alert delete', ours: (a) => a.deleteOrgSpendAlert('alert_1'), sdk: (s) => s.admin.organization.spendAlerts.delete('alert_1') },
  { name: 'project alert create', ours: (a) => a.createProjectSpendAlert(P, ALERT), sdk: (s) => s.admin.organization.projects.spendAlerts.create(P, ALERT) },
  { name: 'project alert update', ours: (a) => a.updateProjectSpendAlert(P, 'alert_1', ALERT), sdk: (s) => s.admin.organization.projects.spendAlerts.update('alert_1', { project_id: P, ...ALERT }) },
  { name: 'project alert get', ours: (a) => a.getProjectSpendAlert(P, 'alert_1'), sdk: (s) => s.admin.organization.projects.spendAlerts.retrieve('alert_1', { project_id: P }) },
  { name: 'project alert delete', ours: (a) => a.deleteProjectSpendAlert(P, 'alert_1'), sdk: (s) => s.admin.organization.projects.spendAlerts.delete('alert_1', { project_id: P }) },
  { name: 'project alert list', ours: (a) => collect(a.listProjectSpendAlerts(P)), sdk: (s) => s.admin.organization.projects.spendAlerts.list(P, { limit: 100 }), reply: LIST },
  { name: 'model permissions set', ours: (a) => a.setProjectModelPermissions(P, { mode: 'deny_list', model_ids: ['o1', 'gpt-4o'] }), sdk: (s) => s.admin.organization.projects.modelPermissions.update(P, { mode: 'deny_list', model_ids: ['o1', 'gpt-4o'] }) },
  { name: 'model permissions delete', ours: (a) => a.deleteProjectModelPermissions(P), sdk: (s) => s.admin.organization.projects.modelPermissions.delete(P) },
  { name: 'hosted tools set', ours: (a) => a.setProjectHostedToolPermissions(P, { file_search: { enabled: false }, web_search: { enabled: true } }), sdk: (s) => s.admin.organization.projects.hostedToolPermissions.update(P, { file_search: { enabled: false }, web_search: { enabled: true } }) },
  { name: 'org data retention set', ours: (a) => a.setOrgDataRetention({ retention_type: 'zero_data_retention' }), sdk: (s) => s.admin.organization.dataRetention.update({ retention_type: 'zero_data_retention' }) },
  { name: 'project data retention set', ours: (a) => a.setProjectDataRetention(P, { retention_type: 'none' }), sdk: (s) => s.admin.organization.projects.dataRetention.update(P, { retention_type: 'none' }) },
  { name: 'project data retention get', ours: (a) => a.getProjectDataRetention(P), sdk: (s) => s.admin.organization.projects.dataRetention.retrieve(P) },
];

describe('the official Node SDK (openai 7.60.0) sends the same method, path and body', () => {
  it.each(sdkCases)('$name', async (c) => {
    const sdk = await sdkSends(c.sdk, c.reply);
    const body = await oursSendsLike(sdk, c.ours, c.reply);
    expect(body).toEqual(sdk.body);
  });
});
