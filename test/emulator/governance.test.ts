// The governance endpoints of the emulator: spend limits and alerts, model and hosted-tool
// permissions, data retention. Shapes, validation, 404s, both answers for a setting never set,
// seeds and dumps, out-of-band changes as a dashboard user, and audit events.
import { describe, expect, it } from 'vitest';
import { createAdminClient } from '../../src/api/client.js';
import { collect } from '../../src/api/collect.js';
import type { AuditLog } from '../../src/api/types.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { startTestEmulator, useEmulator, type TestEmulator } from '../support/emulator.js';

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}
interface Page<T> {
  object: 'list';
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}
interface Alert {
  id: string;
  object: string;
  threshold_amount: number;
  notification_channel: { type: string; recipients: string[]; subject_prefix?: string | null };
}

const LIMIT = { threshold_amount: 10000, currency: 'USD', interval: 'month' };
const ALERT = { threshold_amount: 5000, currency: 'USD', interval: 'month', notification_channel: { type: 'email', recipients: ['ops@acme.test'], subject_prefix: '[spend]' } };

/** The six singleton reads, with a path builder for a project id. */
const SINGLETONS = [
  { name: 'org spend limit', path: () => '/organization/spend_limit' },
  { name: 'project spend limit', path: (p: string) => `/organization/projects/${p}/spend_limit` },
  { name: 'model permissions', path: (p: string) => `/organization/projects/${p}/model_permissions` },
  { name: 'hosted tool permissions', path: (p: string) => `/organization/projects/${p}/hosted_tool_permissions` },
  { name: 'org data retention', path: () => '/organization/data_retention' },
  { name: 'project data retention', path: (p: string) => `/organization/projects/${p}/data_retention` },
] as const;

describe('emulator governance settings', () => {
  const holder = useEmulator();
  const emu = (): TestEmulator => holder.current;
  const project = (name = 'Research'): string => [...emu().control.store.projects.values()].find((p) => p.name === name)?.id ?? '';
  const tenantEvents = async (): Promise<AuditLog[]> =>
    (await emu().api<Page<AuditLog>>('GET', '/organization/audit_logs?tenant_only=true&limit=100')).body.data;
  const orgEvents = async (): Promise<AuditLog[]> => (await emu().api<Page<AuditLog>>('GET', '/organization/audit_logs?limit=100')).body.data;

  describe('settings never set', () => {
    it.each(SINGLETONS)('$name: 404 in the default mode, in the OpenAI error shape', async (s) => {
      const res = await emu().api<ErrorBody>('GET', s.path(project()));
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'not_found' });
    });

    it('in `default` mode answer 200 with the defaults; spend limits still 404 (no way to say "no limit")', async () => {
      expect((await emu().request('POST', '/_emulator/unset-settings', { mode: 'default' })).body).toEqual({ mode: 'default' });
      const p = project();
      expect((await emu().api('GET', `/organization/projects/${p}/model_permissions`)).body).toEqual({ object: 'project.model_permissions', mode: 'deny_list', model_ids: [] });
      expect((await emu().api('GET', `/organization/projects/${p}/hosted_tool_permissions`)).body).toEqual({
        file_search: { enabled: true },
        web_search: { enabled: true },
        image_generation: { enabled: true },
        mcp: { enabled: true },
        code_interpreter: { enabled: true },
      });
      expect((await emu().api('GET', `/organization/projects/${p}/data_retention`)).body).toEqual({ object: 'project.data_retention', type: 'organization_default' });
      expect((await emu().api('GET', '/organization/data_retention')).body).toEqual({ object: 'organization.data_retention', type: 'modified_abuse_monitoring' });
      expect((await emu().api('GET', '/organization/spend_limit')).status).toBe(404);
      expect((await emu().api('GET', `/organization/projects/${p}/spend_limit`)).status).toBe(404);
      expect((await emu().request('GET', '/_emulator/unset-settings')).body).toEqual({ mode: 'default' });
    });

    it('deleting what is not set is a 404 (spend limits, model permissions)', async () => {
      const p = project();
      expect((await emu().api('DELETE', '/organization/spend_limit')).status).toBe(404);
      expect((await emu().api('DELETE', `/organization/projects/${p}/spend_limit`)).status).toBe(404);
      expect((await emu().api('DELETE', `/organization/projects/${p}/model_permissions`)).status).toBe(404);
    });

    it('the control surface refuses an unknown mode', async () => {
      const res = await emu().request<ErrorBody>('POST', '/_emulator/unset-settings', { mode: 'maybe' });
      expect(res.status).toBe(400);
      expect(res.body.error.param).toBe('mode');
    });
  });

  describe('unknown and archived projects, unknown alerts', () => {
    const projectPaths = (p: string) => [
      ['GET', `/organization/projects/${p}/spend_limit`],
      ['GET', `/organization/projects/${p}/spend_alerts`],
      ['GET', `/organization/projects/${p}/model_permissions`],
      ['GET', `/organization/projects/${p}/hosted_tool_permissions`],
      ['GET', `/organization/projects/${p}/data_retention`],
    ] as const;

    it('every project route answers 404 naming the project', async () => {
      for (const [method, path] of projectPaths('proj_nope')) {
        const res = await emu().api<ErrorBody>(method, path);
        expect(res.status, path).toBe(404);
        expect(res.body.error.message, path).toContain('proj_nope');
      }
      expect((await emu().api('POST', '/organization/projects/proj_nope/spend_limit', LIMIT)).status).toBe(404);
    });

    it('an unknown alert id is a 404 for get, update and delete', async () => {
      for (const base of ['/organization/spend_alerts', `/organization/projects/${project()}/spend_alerts`]) {
        expect((await emu().api('GET', `${base}/alert_nope`)).status).toBe(404);
        expect((await emu().api('POST', `${base}/alert_nope`, ALERT)).status).toBe(404);
        expect((await emu().api('DELETE', `${base}/alert_nope`)).status).toBe(404);
      }
    });

    it('an archived project can be read but not changed', async () => {
      const old = project('Old Prototype');
      expect((await emu().api('GET', `/organization/projects/${old}/spend_alerts`)).status).toBe(200);
      const res = await emu().api<ErrorBody>('POST', `/organization/projects/${old}/spend_limit`, LIMIT);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('archived');
    });
  });

  describe('validation (400 in the API error shape)', () => {
    const cases: { what: string; path: () => string; body: unknown; param: string | null; code?: string }[] = [
      { what: 'spend limit below 1 cent', path: () => '/organization/spend_limit', body: { ...LIMIT, threshold_amount: 0 }, param: 'threshold_amount' },
      { what: 'spend limit in EUR', path: () => '/organization/spend_limit', body: { ...LIMIT, currency: 'EUR' }, param: 'currency', code: 'invalid_value' },
      { what: 'spend limit per week', path: () => `/organization/projects/${project()}/spend_limit`, body: { ...LIMIT, interval: 'week' }, param: 'interval', code: 'invalid_value' },
      { what: 'spend limit without an amount', path: () => '/organization/spend_limit', body: { currency: 'USD', interval: 'month' }, param: 'threshold_amount', code: 'missing_required_parameter' },
      { what: 'spend limit with a read-only field', path: () => '/organization/spend_limit', body: { ...LIMIT, enforcement: { status: 'inactive' } }, param: 'enforcement', code: 'unknown_parameter' },
      { what: 'alert without recipients', path: () => '/organization/spend_alerts', body: { ...ALERT, notification_channel: { type: 'email', recipients: [] } }, param: 'notification_channel.recipients' },
      { what: 'alert to a non-address', path: () => '/organization/spend_alerts', body: { ...ALERT, notification_channel: { type: 'email', recipients: ['ops'] } }, param: 'notification_channel.recipients' },
      { what: 'alert over slack', path: () => `/organization/projects/${project()}/spend_alerts`, body: { ...ALERT, notification_channel: { type: 'slack', recipients: ['a@b.c'] } }, param: 'notification_channel.type', code: 'invalid_value' },
      { what: 'model permissions mode', path: () => `/organization/projects/${project()}/model_permissions`, body: { mode: 'block_list', model_ids: [] }, param: 'mode', code: 'invalid_value' },
      { what: 'model permissions without ids', path: () => `/organization/projects/${project()}/model_permissions`, body: { mode: 'allow_list' }, param: 'model_ids', code: 'missing_required_parameter' },
      { what: 'hosted tool enabled as a string', path: () => `/organization/projects/${project()}/hosted_tool_permissions`, body: { mcp: { enabled: 'no' } }, param: 'mcp.enabled' },
      { what: 'hosted tool unknown', path: () => `/organization/projects/${project()}/hosted_tool_permissions`, body: { shell: { enabled: false } }, param: 'shell', code: 'unknown_parameter' },
      { what: 'org retention organization_default (project-only value)', path: () => '/organization/data_retention', body: { retention_type: 'organization_default' }, param: 'retention_type', code: 'invalid_value' },
      { what: 'project retention unknown', path: () => `/organization/projects/${project()}/data_retention`, body: { retention_type: 'forever' }, param: 'retention_type', code: 'invalid_value' },
    ];

    it.each(cases)('$what', async (c) => {
      const res = await emu().api<ErrorBody>('POST', c.path(), c.body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param: c.param, ...(c.code === undefined ? {} : { code: c.code }) });
    });

    it('a refused request changes nothing', async () => {
      await emu().api('POST', '/organization/spend_alerts', { ...ALERT, notification_channel: { type: 'email', recipients: [] } });
      expect((await emu().api<Page<Alert>>('GET', '/organization/spend_alerts')).body.data).toEqual([]);
      expect(await tenantEvents()).toEqual([]);
    });
  });

  describe('spend limits', () => {
    it('set, replace (keeping the enforcement state), read and delete; object and enforcement.status per the spec', async () => {
      const set = await emu().api('POST', '/organization/spend_limit', LIMIT);
      expect(set.body).toEqual({ object: 'organization.spend_limit', ...LIMIT, enforcement: { status: 'enforcing' } });
      await emu().request('POST', '/_emulator/spend-limit-enforcement', { status: 'inactive' });
      const raised = await emu().api('POST', '/organization/spend_limit', { ...LIMIT, threshold_amount: 25000 });
      expect(raised.body).toMatchObject({ threshold_amount: 25000, enforcement: { status: 'inactive' } });
      expect((await emu().api('GET', '/organization/spend_limit')).body).toEqual(raised.body);
      expect((await emu().api('DELETE', '/organization/spend_limit')).body).toEqual({ object: 'organization.spend_limit.deleted', deleted: true });
      expect((await emu().api('GET', '/organization/spend_limit')).status).toBe(404);
    });

    it('a project limit belongs to its project only', async () => {
      const p = project();
      expect((await emu().api('POST', `/organization/projects/${p}/spend_limit`, { ...LIMIT, threshold_amount: 700 })).body).toEqual({
        object: 'project.spend_limit',
        threshold_amount: 700,
        currency: 'USD',
        interval: 'month',
        enforcement: { status: 'enforcing' },
      });
      expect((await emu().api('GET', `/organization/projects/${project('Support Assistant')}/spend_limit`)).status).toBe(404);
      expect((await emu().api('GET', '/organization/spend_limit')).status).toBe(404);
      await emu().request('POST', '/_emulator/spend-limit-enforcement', { project_id: p, status: 'inactive' });
      expect((await emu().api('GET', `/organization/projects/${p}/spend_limit`)).body).toMatchObject({ enforcement: { status: 'inactive' } });
      expect((await emu().api('DELETE', `/organization/projects/${p}/spend_limit`)).body).toEqual({ object: 'project.spend_limit.deleted', deleted: true });
    });
  });

  describe('spend alerts', () => {
    it('create, get, update (full body), delete; subject_prefix only when set', async () => {
      const created = (await emu().api<Alert>('POST', '/organization/spend_alerts', ALERT)).body;
      expect(created).toEqual({ id: expect.stringMatching(/^alert_/) as unknown, object: 'organization.spend_alert', ...ALERT });
      expect((await emu().api('GET', `/organization/spend_alerts/${created.id}`)).body).toEqual(created);
      const plain = { ...ALERT, threshold_amount: 9000, notification_channel: { type: 'email', recipients: ['a@acme.test', 'b@acme.test'] } };
      const updated = (await emu().api<Alert>('POST', `/organization/spend_alerts/${created.id}`, plain)).body;
      expect(updated).toEqual({ id: created.id, object: 'organization.spend_alert', ...plain });
      expect((await emu().api('DELETE', `/organization/spend_alerts/${created.id}`)).body).toEqual({ id: created.id, object: 'organization.spend_alert.deleted', deleted: true });
      expect((await emu().api<Page<Alert>>('GET', '/organization/spend_alerts')).body.data).toEqual([]);
    });

    it('lists page with limit and after (first_id/last_id/has_more), ascending unless order=desc', async () => {
      const p = project();
      const ids: string[] = [];
      for (let i = 1; i <= 5; i += 1) {
        ids.push((await emu().api<Alert>('POST', `/organization/projects/${p}/spend_alerts`, { ...ALERT, threshold_amount: i * 1000 })).body.id);
      }
      const first = (await emu().api<Page<Alert>>('GET', `/organization/projects/${p}/spend_alerts?limit=2`)).body;
      expect(first).toMatchObject({ object: 'list', first_id: ids[0], last_id: ids[1], has_more: true });
      expect(first.data.map((a) => a.object)).toEqual(['project.spend_alert', 'project.spend_alert']);
      const rest = (await emu().api<Page<Alert>>('GET', `/organization/projects/${p}/spend_alerts?limit=2&after=${ids[3]}`)).body;
      expect(rest).toMatchObject({ data: [{ id: ids[4] }], has_more: false });
      const desc = (await emu().api<Page<Alert>>('GET', `/organization/projects/${p}/spend_alerts?order=desc&limit=1`)).body;
      expect(desc.data[0]?.id).toBe(ids[4]);
      expect((await emu().api('GET', `/organization/projects/${p}/spend_alerts?limit=101`)).status).toBe(400);
      // Another project's alerts are its own.
      expect((await emu().api<Page<Alert>>('GET', `/organization/projects/${project('Support Assistant')}/spend_alerts`)).body.data).toEqual([]);
      expect((await emu().api('GET', `/organization/projects/${project('Support Assistant')}/spend_alerts/${ids[0]}`)).status).toBe(404);
    });
  });

  describe('model and hosted-tool permissions, data retention', () => {
    it('model permissions: set (ids deduplicated), read, delete back to unset', async () => {
      const p = project();
      const set = await emu().api('POST', `/organization/projects/${p}/model_permissions`, { mode: 'allow_list', model_ids: ['gpt-4o', 'gpt-4o', 'o3'] });
      expect(set.body).toEqual({ object: 'project.model_permissions', mode: 'allow_list', model_ids: ['gpt-4o', 'o3'] });
      expect((await emu().api('GET', `/organization/projects/${p}/model_permissions`)).body).toEqual(set.body);
      expect((await emu().api('DELETE', `/organization/projects/${p}/model_permissions`)).body).toEqual({ object: 'project.model_permissions.deleted', deleted: true });
      expect((await emu().api('GET', `/organization/projects/${p}/model_permissions`)).status).toBe(404);
    });

    it('hosted tools: a tool left out or null keeps its setting', async () => {
      const p = project();
      await emu().api('POST', `/organization/projects/${p}/hosted_tool_permissions`, { web_search: { enabled: false }, mcp: { enabled: false } });
      const second = await emu().api('POST', `/organization/projects/${p}/hosted_tool_permissions`, { mcp: { enabled: true }, web_search: null });
      expect(second.body).toEqual({
        file_search: { enabled: true },
        web_search: { enabled: false },
        image_generation: { enabled: true },
        mcp: { enabled: true },
        code_interpreter: { enabled: true },
      });
    });

    it('data retention: organization and project types from their own enums', async () => {
      const p = project();
      expect((await emu().api('POST', '/organization/data_retention', { retention_type: 'zero_data_retention' })).body).toEqual({ object: 'organization.data_retention', type: 'zero_data_retention' });
      expect((await emu().api('POST', `/organization/projects/${p}/data_retention`, { retention_type: 'none' })).body).toEqual({ object: 'project.data_retention', type: 'none' });
      expect((await emu().api('GET', `/organization/projects/${p}/data_retention`)).body).toEqual({ object: 'project.data_retention', type: 'none' });
    });
  });

  describe('audit events', () => {
    it('spend-limit and spend-alert changes are tenant-scoped billing events, listed only with tenant_only=true', async () => {
      const p = project();
      await emu().api('POST', '/organization/spend_limit', LIMIT);
      await emu().api('POST', `/organization/projects/${p}/spend_limit`, LIMIT);
      const alert = (await emu().api<Alert>('POST', `/organization/projects/${p}/spend_alerts`, ALERT)).body;
      await emu().api('DELETE', `/organization/projects/${p}/spend_alerts/${alert.id}`);
      const events = await tenantEvents();
      // Newest first; no payload (the spec gives these types none); project set for project changes.
      expect(events.map((e) => [e.type, e.project?.id ?? null])).toEqual([
        ['tenant.billing.alerts.updated', p],
        ['tenant.billing.alerts.updated', p],
        ['tenant.billing.overage_limit.updated', p],
        ['tenant.billing.overage_limit.updated', null],
      ]);
      for (const e of events) expect(Object.keys(e).sort()).toEqual(['actor', 'effective_at', 'id', 'type', ...(e.project ? ['project'] : [])].sort());
      expect((await orgEvents()).filter((e) => e.type.startsWith('tenant.'))).toEqual([]);
      const filtered = await emu().api<Page<AuditLog>>('GET', '/organization/audit_logs?tenant_only=true&event_types[]=tenant.billing.overage_limit.updated');
      expect(filtered.body.data).toHaveLength(2);
      // Without tenant_only the type may not even be asked for (the spec's rule).
      expect((await emu().api('GET', '/organization/audit_logs?event_types[]=tenant.billing.alerts.updated')).status).toBe(400);
    });

    it('model permissions, hosted tools and data retention record no event (the spec has no type for them)', async () => {
      const p = project();
      const before = (await orgEvents()).length;
      await emu().api('POST', `/organization/projects/${p}/model_permissions`, { mode: 'deny_list', model_ids: ['o1'] });
      await emu().api('DELETE', `/organization/projects/${p}/model_permissions`);
      await emu().api('POST', `/organization/projects/${p}/hosted_tool_permissions`, { mcp: { enabled: false } });
      await emu().api('POST', '/organization/data_retention', { retention_type: 'modified_abuse_monitoring' });
      await emu().api('POST', `/organization/projects/${p}/data_retention`, { retention_type: 'none' });
      expect((await orgEvents()).length).toBe(before);
      expect(await tenantEvents()).toEqual([]);
    });
  });

  describe('out-of-band changes as a dashboard user', () => {
    it('every setting can be changed through /_emulator/as-user; spend changes carry the session actor', async () => {
      const p = project();
      const as = (method: 'POST' | 'DELETE', path: string, body?: unknown) => emu().actAs('grace@acme.test', method, path, body, '10.0.0.7');
      expect((await as('POST', '/organization/spend_limit', { ...LIMIT, threshold_amount: 99900 })).status).toBe(200);
      expect((await as('POST', `/organization/projects/${p}/spend_limit`, LIMIT)).status).toBe(200);
      const alert = await as('POST', '/organization/spend_alerts', ALERT);
      expect((await as('POST', `/organization/spend_alerts/${(alert.body as Alert).id}`, { ...ALERT, threshold_amount: 1 })).status).toBe(200);
      expect((await as('POST', `/organization/projects/${p}/spend_alerts`, ALERT)).status).toBe(200);
      expect((await as('POST', `/organization/projects/${p}/model_permissions`, { mode: 'allow_list', model_ids: ['gpt-4o'] })).status).toBe(200);
      expect((await as('POST', `/organization/projects/${p}/hosted_tool_permissions`, { code_interpreter: { enabled: false } })).status).toBe(200);
      expect((await as('POST', '/organization/data_retention', { retention_type: 'zero_data_retention' })).status).toBe(200);
      expect((await as('POST', `/organization/projects/${p}/data_retention`, { retention_type: 'zero_data_retention' })).status).toBe(200);

      const dump = await emu().dump();
      const research = dump.projects?.find((x) => x.id === p);
      expect(dump.spend_limit).toMatchObject({ threshold_amount: 99900 });
      expect(dump.spend_alerts).toMatchObject([{ threshold_amount: 1 }]);
      expect(dump.data_retention).toBe('zero_data_retention');
      expect(research).toMatchObject({
        spend_limit: { threshold_amount: 10000 },
        spend_alerts: [{ threshold_amount: 5000 }],
        model_permissions: { mode: 'allow_list', model_ids: ['gpt-4o'] },
        hosted_tool_permissions: { code_interpreter: { enabled: false }, mcp: { enabled: true } },
        data_retention: 'zero_data_retention',
      });
      const events = await tenantEvents();
      expect(events).toHaveLength(5);
      for (const e of events) expect(e.actor).toEqual({ type: 'session', session: { user: { id: expect.any(String) as unknown, email: 'grace@acme.test' }, ip_address: '10.0.0.7' } });
    });
  });
});

describe('emulator governance seeds and dumps', () => {
  const seed: EmulatorSeed = {
    organization: { id: 'org-gov', name: 'Gov' },
    users: [{ id: 'user-owner', email: 'owner@gov.test', role: 'owner' }],
    spend_limit: { threshold_amount: 500000, enforcement_status: 'inactive' },
    spend_alerts: [{ id: 'alert_org1', threshold_amount: 250000, notification_channel: { recipients: ['cfo@gov.test'], subject_prefix: 'Org' } }],
    data_retention: 'zero_data_retention',
    projects: [
      {
        id: 'proj_gov1',
        name: 'governed',
        spend_limit: { threshold_amount: 10000 },
        spend_alerts: [{ id: 'alert_p1', threshold_amount: 8000, notification_channel: { recipients: ['ops@gov.test'] } }],
        model_permissions: { mode: 'allow_list', model_ids: ['gpt-4o-mini'] },
        hosted_tool_permissions: { web_search: { enabled: false } },
        data_retention: 'organization_default',
      },
      { id: 'proj_gov2', name: 'ungoverned' },
    ],
  };

  it('a seed sets every governance setting; the API answers them', async () => {
    const emu = await startTestEmulator({ seed });
    try {
      expect((await emu.api('GET', '/organization/spend_limit')).body).toEqual({ object: 'organization.spend_limit', threshold_amount: 500000, currency: 'USD', interval: 'month', enforcement: { status: 'inactive' } });
      expect((await emu.api<Page<Alert>>('GET', '/organization/spend_alerts')).body.data).toEqual([
        { id: 'alert_org1', object: 'organization.spend_alert', threshold_amount: 250000, currency: 'USD', interval: 'month', notification_channel: { type: 'email', recipients: ['cfo@gov.test'], subject_prefix: 'Org' } },
      ]);
      expect((await emu.api('GET', '/organization/data_retention')).body).toMatchObject({ type: 'zero_data_retention' });
      expect((await emu.api('GET', '/organization/projects/proj_gov1/spend_limit')).body).toMatchObject({ threshold_amount: 10000, enforcement: { status: 'enforcing' } });
      expect((await emu.api('GET', '/organization/projects/proj_gov1/model_permissions')).body).toMatchObject({ mode: 'allow_list', model_ids: ['gpt-4o-mini'] });
      expect((await emu.api('GET', '/organization/projects/proj_gov1/hosted_tool_permissions')).body).toMatchObject({ web_search: { enabled: false }, file_search: { enabled: true } });
      expect((await emu.api('GET', '/organization/projects/proj_gov1/data_retention')).body).toMatchObject({ type: 'organization_default' });
      expect((await emu.api('GET', '/organization/projects/proj_gov2/model_permissions')).status).toBe(404);
    } finally {
      await emu.stop();
    }
  });

  it('dump → seed → dump is the same state, governance included; null and absent mean unset', async () => {
    // A fixed clock: the admin key's last_used_at would otherwise move with the wall clock.
    const emu = await startTestEmulator({ seed, clock: () => 1_800_000_000_000 });
    try {
      const first = await emu.dump();
      expect(first.projects?.find((p) => p.id === 'proj_gov2')).toMatchObject({ spend_limit: null, spend_alerts: [], model_permissions: null, hosted_tool_permissions: null, data_retention: null });
      await emu.seed(first);
      expect(await emu.dump()).toEqual(first);
    } finally {
      await emu.stop();
    }
  });

  it('seed `unset_settings` and the emulator option choose how unset settings answer; the seed wins', async () => {
    const byOption = await startTestEmulator({ seed: { ...seed, projects: [{ id: 'proj_x', name: 'x' }] }, unsetSettings: 'default' });
    try {
      expect((await byOption.api('GET', '/organization/projects/proj_x/model_permissions')).status).toBe(200);
      expect((await byOption.dump()).unset_settings).toBe('default');
      await byOption.seed({ ...seed, unset_settings: '404' });
      expect((await byOption.api('GET', '/organization/projects/proj_gov2/model_permissions')).status).toBe(404);
      expect(byOption.control.unsetSettings('default')).toBe('default');
      expect((await byOption.api('GET', '/organization/projects/proj_gov2/model_permissions')).status).toBe(200);
    } finally {
      await byOption.stop();
    }
  });

  it('the seed schema refuses malformed governance settings', async () => {
    const emu = await startTestEmulator();
    try {
      for (const bad of [
        { spend_limit: { threshold_amount: 0 } },
        { spend_alerts: [{ threshold_amount: 1, notification_channel: { recipients: [] } }] },
        { data_retention: 'organization_default' },
        { unset_settings: 'sometimes' },
        { projects: [{ name: 'p', model_permissions: { mode: 'allow_list' } }] },
        { projects: [{ name: 'p', hosted_tool_permissions: { shell: { enabled: true } } }] },
      ]) {
        const res = await emu.request<ErrorBody>('POST', '/_emulator/seed', bad);
        expect(res.status, JSON.stringify(bad)).toBe(400);
        expect(res.body.error.message).toContain('invalid seed');
      }
    } finally {
      await emu.stop();
    }
  });
});

describe('strict mode on the governance bodies', () => {
  it('records (and answers 400 to) orgplane requests the spec refuses: a read-only field, a wrong enum, a missing channel', async () => {
    const emu = await startTestEmulator({ seed: { users: [{ email: 'o@x.test', role: 'owner' }], projects: [{ id: 'proj_s', name: 's' }] } });
    try {
      const send = (path: string, body: unknown) =>
        fetch(`${emu.baseUrl}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${emu.adminKey}`, 'user-agent': 'orgplane', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await send('/organization/spend_limit', { ...LIMIT, enforcement: { status: 'enforcing' } })).status).toBe(400);
      expect((await send('/organization/projects/proj_s/model_permissions', { mode: 'allowlist', model_ids: [] })).status).toBe(400);
      expect((await send('/organization/projects/proj_s/spend_alerts', { threshold_amount: 1, currency: 'USD', interval: 'month' })).status).toBe(400);
      expect((await send('/organization/projects/proj_s/data_retention', { retention_type: 'none' })).status).toBe(200);
      expect(emu.control.takeViolations().map((v) => [v.route, v.param, v.code])).toEqual([
        ['POST /v1/organization/spend_limit', 'enforcement', 'unknown_parameter'],
        ['POST /v1/organization/projects/{project_id}/model_permissions', 'mode', 'invalid_value'],
        ['POST /v1/organization/projects/{project_id}/spend_alerts', 'notification_channel', 'missing_required_parameter'],
      ]);
    } finally {
      await emu.stop();
    }
  });
});

describe('orgplane\'s client against the emulator (strict: every request checked against the spec)', () => {
  it('every governance method round-trips; getters answer null for unset settings in 404 mode and defaults otherwise', async () => {
    const emu = await startTestEmulator({ seed: { users: [{ email: 'o@x.test', role: 'owner' }], projects: [{ id: 'proj_c', name: 'c' }] } });
    try {
      const api = createAdminClient({ baseUrl: emu.baseUrl, adminKey: emu.adminKey });
      const P = 'proj_c';
      expect(await api.getOrgSpendLimit()).toBeNull();
      expect(await api.getProjectSpendLimit(P)).toBeNull();
      expect(await api.getProjectModelPermissions(P)).toBeNull();
      expect(await api.getProjectHostedToolPermissions(P)).toBeNull();
      expect(await api.getOrgDataRetention()).toBeNull();
      expect(await api.getProjectDataRetention(P)).toBeNull();

      await api.setOrgSpendLimit({ threshold_amount: 100, currency: 'USD', interval: 'month' });
      await api.setProjectSpendLimit(P, { threshold_amount: 50, currency: 'USD', interval: 'month' });
      expect(await api.getProjectSpendLimit(P)).toMatchObject({ threshold_amount: 50, enforcement: { status: 'enforcing' } });
      const orgAlert = await api.createOrgSpendAlert({ threshold_amount: 80, currency: 'USD', interval: 'month', notification_channel: { type: 'email', recipients: ['o@x.test'] } });
      await api.updateOrgSpendAlert(orgAlert.id, { threshold_amount: 90, currency: 'USD', interval: 'month', notification_channel: { type: 'email', recipients: ['o@x.test'], subject_prefix: 'p' } });
      expect(await api.getOrgSpendAlert(orgAlert.id)).toMatchObject({ threshold_amount: 90, notification_channel: { subject_prefix: 'p' } });
      for (let i = 0; i < 3; i += 1) {
        await api.createProjectSpendAlert(P, { threshold_amount: i, currency: 'USD', interval: 'month', notification_channel: { type: 'email', recipients: ['o@x.test'] } });
      }
      const projectAlerts = await collect(api.listProjectSpendAlerts(P));
      expect(projectAlerts.map((a) => a.threshold_amount)).toEqual([0, 1, 2]);
      await api.updateProjectSpendAlert(P, projectAlerts[0]!.id, { threshold_amount: 7, currency: 'USD', interval: 'month', notification_channel: { type: 'email', recipients: ['o@x.test'] } });
      expect(await api.getProjectSpendAlert(P, projectAlerts[0]!.id)).toMatchObject({ threshold_amount: 7 });
      await api.deleteProjectSpendAlert(P, projectAlerts[1]!.id);
      await api.setProjectModelPermissions(P, { mode: 'deny_list', model_ids: ['o1'] });
      await api.setProjectHostedToolPermissions(P, { image_generation: { enabled: false } });
      await api.setOrgDataRetention({ retention_type: 'enhanced_zero_data_retention' });
      await api.setProjectDataRetention(P, { retention_type: 'modified_abuse_monitoring' });
      expect(await api.getProjectModelPermissions(P)).toEqual({ object: 'project.model_permissions', mode: 'deny_list', model_ids: ['o1'] });
      expect(await api.getProjectHostedToolPermissions(P)).toMatchObject({ image_generation: { enabled: false }, mcp: { enabled: true } });
      expect(await api.getOrgDataRetention()).toEqual({ object: 'organization.data_retention', type: 'enhanced_zero_data_retention' });
      expect(await api.getProjectDataRetention(P)).toEqual({ object: 'project.data_retention', type: 'modified_abuse_monitoring' });
      expect(await collect(api.listOrgSpendAlerts())).toHaveLength(1);
      await api.deleteOrgSpendAlert(orgAlert.id);
      await api.deleteProjectModelPermissions(P);
      await api.deleteProjectSpendLimit(P);
      await api.deleteOrgSpendLimit();
      expect(await api.getProjectModelPermissions(P)).toBeNull();
      expect(await api.getOrgSpendLimit()).toBeNull();

      emu.control.unsetSettings('default');
      expect(await api.getProjectModelPermissions(P)).toEqual({ object: 'project.model_permissions', mode: 'deny_list', model_ids: [] });
      expect(await api.getProjectSpendLimit(P)).toBeNull();
      // Unknown project: the client cannot tell it from unset (documented in AdminApi).
      expect(await api.getProjectDataRetention('proj_unknown')).toBeNull();
      await expect(api.getOrgSpendAlert('alert_missing')).rejects.toMatchObject({ status: 404 });
      expect(emu.control.takeViolations()).toEqual([]);
    } finally {
      await emu.stop();
    }
  });
});
