// Every AdminApi method hits the right method, path, query and body (paths checked against
// reference/openai-admin-api.md and reference/openapi-admin.yaml).
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdminApi } from '../../src/api/admin-api.js';
import { collect } from '../../src/api/collect.js';
import { BASE, testClient } from './helpers.js';

type Method = Exclude<keyof AdminApi, 'requestStats'>;

interface Row {
  name: Method;
  args: unknown[];
  verb: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | string[]>;
  body?: unknown;
  /** Envelope of a list (answered with one empty page). */
  list?: 'cursor' | 'next';
}

const P = 'proj_1';
const ALERT = { threshold_amount: 5000, currency: 'USD', interval: 'month', notification_channel: { type: 'email', recipients: ['ops@x.io'], subject_prefix: '[spend]' } };
const rows: Row[] = [
  { name: 'listAuditLogs', args: [{ effective_at: { gt: 10, lte: 20 }, event_types: ['project.created', 'user.added'], project_ids: [P] }], verb: 'GET', path: '/organization/audit_logs', query: { limit: '100', 'effective_at[gt]': '10', 'effective_at[lte]': '20', 'event_types[]': ['project.created', 'user.added'], 'project_ids[]': P }, list: 'cursor' },
  { name: 'listAdminApiKeys', args: [], verb: 'GET', path: '/organization/admin_api_keys', query: { limit: '100' }, list: 'cursor' },
  { name: 'createAdminApiKey', args: [{ name: 'k' }], verb: 'POST', path: '/organization/admin_api_keys', body: { name: 'k' } },
  { name: 'getAdminApiKey', args: ['key_1'], verb: 'GET', path: '/organization/admin_api_keys/key_1' },
  { name: 'deleteAdminApiKey', args: ['key_1'], verb: 'DELETE', path: '/organization/admin_api_keys/key_1' },
  { name: 'listInvites', args: [], verb: 'GET', path: '/organization/invites', query: { limit: '100' }, list: 'cursor' },
  { name: 'createInvite', args: [{ email: 'a@x.io', role: 'reader' }], verb: 'POST', path: '/organization/invites', body: { email: 'a@x.io', role: 'reader' } },
  { name: 'getInvite', args: ['inv_1'], verb: 'GET', path: '/organization/invites/inv_1' },
  { name: 'deleteInvite', args: ['inv_1'], verb: 'DELETE', path: '/organization/invites/inv_1' },
  { name: 'listUsers', args: [{ emails: ['a@x.io'] }], verb: 'GET', path: '/organization/users', query: { limit: '100', 'emails[]': 'a@x.io' }, list: 'cursor' },
  { name: 'getUser', args: ['user_1'], verb: 'GET', path: '/organization/users/user_1' },
  { name: 'updateUser', args: ['user_1', { role: 'owner' }], verb: 'POST', path: '/organization/users/user_1', body: { role: 'owner' } },
  { name: 'deleteUser', args: ['user_1'], verb: 'DELETE', path: '/organization/users/user_1' },
  { name: 'listUserRoles', args: ['user_1'], verb: 'GET', path: '/organization/users/user_1/roles', query: { limit: '1000' }, list: 'next' },
  { name: 'assignUserRole', args: ['user_1', 'role_1'], verb: 'POST', path: '/organization/users/user_1/roles', body: { role_id: 'role_1' } },
  { name: 'unassignUserRole', args: ['user_1', 'role_1'], verb: 'DELETE', path: '/organization/users/user_1/roles/role_1' },
  { name: 'listGroups', args: [], verb: 'GET', path: '/organization/groups', query: { limit: '1000' }, list: 'next' },
  { name: 'createGroup', args: [{ name: 'g' }], verb: 'POST', path: '/organization/groups', body: { name: 'g' } },
  { name: 'updateGroup', args: ['group_1', { name: 'h' }], verb: 'POST', path: '/organization/groups/group_1', body: { name: 'h' } },
  { name: 'deleteGroup', args: ['group_1'], verb: 'DELETE', path: '/organization/groups/group_1' },
  { name: 'listGroupUsers', args: ['group_1'], verb: 'GET', path: '/organization/groups/group_1/users', query: { limit: '1000' }, list: 'next' },
  { name: 'addGroupUser', args: ['group_1', 'user_1'], verb: 'POST', path: '/organization/groups/group_1/users', body: { user_id: 'user_1' } },
  { name: 'removeGroupUser', args: ['group_1', 'user_1'], verb: 'DELETE', path: '/organization/groups/group_1/users/user_1' },
  { name: 'listGroupRoles', args: ['group_1'], verb: 'GET', path: '/organization/groups/group_1/roles', query: { limit: '1000' }, list: 'next' },
  { name: 'assignGroupRole', args: ['group_1', 'role_1'], verb: 'POST', path: '/organization/groups/group_1/roles', body: { role_id: 'role_1' } },
  { name: 'unassignGroupRole', args: ['group_1', 'role_1'], verb: 'DELETE', path: '/organization/groups/group_1/roles/role_1' },
  { name: 'listRoles', args: [], verb: 'GET', path: '/organization/roles', query: { limit: '1000' }, list: 'next' },
  { name: 'createRole', args: [{ role_name: 'r', permissions: ['api.groups.read'] }], verb: 'POST', path: '/organization/roles', body: { role_name: 'r', permissions: ['api.groups.read'] } },
  { name: 'updateRole', args: ['role_1', { description: 'd' }], verb: 'POST', path: '/organization/roles/role_1', body: { description: 'd' } },
  { name: 'deleteRole', args: ['role_1'], verb: 'DELETE', path: '/organization/roles/role_1' },
  { name: 'listCertificates', args: [], verb: 'GET', path: '/organization/certificates', query: { limit: '100' }, list: 'cursor' },
  { name: 'uploadCertificate', args: [{ name: 'c', certificate: 'PEM' }], verb: 'POST', path: '/organization/certificates', body: { name: 'c', certificate: 'PEM' } },
  { name: 'getCertificate', args: ['cert_1', { includeContent: true }], verb: 'GET', path: '/organization/certificates/cert_1', query: { 'include[]': 'content' } },
  { name: 'updateCertificate', args: ['cert_1', { name: 'n' }], verb: 'POST', path: '/organization/certificates/cert_1', body: { name: 'n' } },
  { name: 'deleteCertificate', args: ['cert_1'], verb: 'DELETE', path: '/organization/certificates/cert_1' },
  { name: 'activateCertificates', args: [['cert_1']], verb: 'POST', path: '/organization/certificates/activate', body: { certificate_ids: ['cert_1'] } },
  { name: 'deactivateCertificates', args: [['cert_1']], verb: 'POST', path: '/organization/certificates/deactivate', body: { certificate_ids: ['cert_1'] } },
  { name: 'listProjects', args: [{ includeArchived: false }], verb: 'GET', path: '/organization/projects', query: { limit: '100', include_archived: 'false' }, list: 'cursor' },
  { name: 'createProject', args: [{ name: 'p' }], verb: 'POST', path: '/organization/projects', body: { name: 'p' } },
  { name: 'getProject', args: [P], verb: 'GET', path: `/organization/projects/${P}` },
  { name: 'updateProject', args: [P, { name: 'q' }], verb: 'POST', path: `/organization/projects/${P}`, body: { name: 'q' } },
  { name: 'archiveProject', args: [P], verb: 'POST', path: `/organization/projects/${P}/archive` },
  { name: 'listProjectUsers', args: [P], verb: 'GET', path: `/organization/projects/${P}/users`, query: { limit: '100' }, list: 'cursor' },
  { name: 'addProjectUser', args: [P, { user_id: 'user_1', role: 'member' }], verb: 'POST', path: `/organization/projects/${P}/users`, body: { user_id: 'user_1', role: 'member' } },
  { name: 'getProjectUser', args: [P, 'user_1'], verb: 'GET', path: `/organization/projects/${P}/users/user_1` },
  { name: 'updateProjectUser', args: [P, 'user_1', { role: 'owner' }], verb: 'POST', path: `/organization/projects/${P}/users/user_1`, body: { role: 'owner' } },
  { name: 'removeProjectUser', args: [P, 'user_1'], verb: 'DELETE', path: `/organization/projects/${P}/users/user_1` },
  { name: 'listProjectUserRoles', args: [P, 'user_1'], verb: 'GET', path: `/projects/${P}/users/user_1/roles`, query: { limit: '1000' }, list: 'next' },
  { name: 'assignProjectUserRole', args: [P, 'user_1', 'role_1'], verb: 'POST', path: `/projects/${P}/users/user_1/roles`, body: { role_id: 'role_1' } },
  { name: 'unassignProjectUserRole', args: [P, 'user_1', 'role_1'], verb: 'DELETE', path: `/projects/${P}/users/user_1/roles/role_1` },
  { name: 'listProjectServiceAccounts', args: [P], verb: 'GET', path: `/organization/projects/${P}/service_accounts`, query: { limit: '100' }, list: 'cursor' },
  { name: 'createProjectServiceAccount', args: [P, { name: 'bot' }], verb: 'POST', path: `/organization/projects/${P}/service_accounts`, body: { name: 'bot' } },
  { name: 'getProjectServiceAccount', args: [P, 'svc_1'], verb: 'GET', path: `/organization/projects/${P}/service_accounts/svc_1` },
  { name: 'deleteProjectServiceAccount', args: [P, 'svc_1'], verb: 'DELETE', path: `/organization/projects/${P}/service_accounts/svc_1` },
  { name: 'listProjectApiKeys', args: [P], verb: 'GET', path: `/organization/projects/${P}/api_keys`, query: { owner_project_access: 'any', limit: '100' }, list: 'cursor' },
  { name: 'getProjectApiKey', args: [P, 'key_1'], verb: 'GET', path: `/organization/projects/${P}/api_keys/key_1` },
  { name: 'deleteProjectApiKey', args: [P, 'key_1'], verb: 'DELETE', path: `/organization/projects/${P}/api_keys/key_1` },
  { name: 'listProjectRateLimits', args: [P], verb: 'GET', path: `/organization/projects/${P}/rate_limits`, query: { limit: '100' }, list: 'cursor' },
  { name: 'updateProjectRateLimit', args: [P, 'rl-gpt-4o', { max_requests_per_1_minute: 10 }], verb: 'POST', path: `/organization/projects/${P}/rate_limits/rl-gpt-4o`, body: { max_requests_per_1_minute: 10 } },
  { name: 'listProjectGroups', args: [P], verb: 'GET', path: `/organization/projects/${P}/groups`, query: { limit: '100' }, list: 'next' },
  { name: 'addProjectGroup', args: [P, { group_id: 'group_1', role: 'role_1' }], verb: 'POST', path: `/organization/projects/${P}/groups`, body: { group_id: 'group_1', role: 'role_1' } },
  { name: 'removeProjectGroup', args: [P, 'group_1'], verb: 'DELETE', path: `/organization/projects/${P}/groups/group_1` },
  { name: 'listProjectGroupRoles', args: [P, 'group_1'], verb: 'GET', path: `/projects/${P}/groups/group_1/roles`, query: { limit: '1000' }, list: 'next' },
  { name: 'assignProjectGroupRole', args: [P, 'group_1', 'role_1'], verb: 'POST', path: `/projects/${P}/groups/group_1/roles`, body: { role_id: 'role_1' } },
  { name: 'unassignProjectGroupRole', args: [P, 'group_1', 'role_1'], verb: 'DELETE', path: `/projects/${P}/groups/group_1/roles/role_1` },
  { name: 'listProjectRoles', args: [P], verb: 'GET', path: `/projects/${P}/roles`, query: { limit: '1000' }, list: 'next' },
  { name: 'createProjectRole', args: [P, { role_name: 'r', permissions: [] }], verb: 'POST', path: `/projects/${P}/roles`, body: { role_name: 'r', permissions: [] } },
  { name: 'updateProjectRole', args: [P, 'role_1', { role_name: 's' }], verb: 'POST', path: `/projects/${P}/roles/role_1`, body: { role_name: 's' } },
  { name: 'deleteProjectRole', args: [P, 'role_1'], verb: 'DELETE', path: `/projects/${P}/roles/role_1` },
  { name: 'listProjectCertificates', args: [P], verb: 'GET', path: `/organization/projects/${P}/certificates`, query: { limit: '100' }, list: 'cursor' },
  { name: 'activateProjectCertificates', args: [P, ['cert_1']], verb: 'POST', path: `/organization/projects/${P}/certificates/activate`, body: { certificate_ids: ['cert_1'] } },
  { name: 'deactivateProjectCertificates', args: [P, ['cert_1']], verb: 'POST', path: `/organization/projects/${P}/certificates/deactivate`, body: { certificate_ids: ['cert_1'] } },
  { name: 'getOrgSpendLimit', args: [], verb: 'GET', path: '/organization/spend_limit' },
  { name: 'setOrgSpendLimit', args: [{ threshold_amount: 10000, currency: 'USD', interval: 'month' }], verb: 'POST', path: '/organization/spend_limit', body: { threshold_amount: 10000, currency: 'USD', interval: 'month' } },
  { name: 'deleteOrgSpendLimit', args: [], verb: 'DELETE', path: '/organization/spend_limit' },
  { name: 'getProjectSpendLimit', args: [P], verb: 'GET', path: `/organization/projects/${P}/spend_limit` },
  { name: 'setProjectSpendLimit', args: [P, { threshold_amount: 500, currency: 'USD', interval: 'month' }], verb: 'POST', path: `/organization/projects/${P}/spend_limit`, body: { threshold_amount: 500, currency: 'USD', interval: 'month' } },
  { name: 'deleteProjectSpendLimit', args: [P], verb: 'DELETE', path: `/organization/projects/${P}/spend_limit` },
  { name: 'listOrgSpendAlerts', args: [], verb: 'GET', path: '/organization/spend_alerts', query: { limit: '100' }, list: 'cursor' },
  { name: 'createOrgSpendAlert', args: [ALERT], verb: 'POST', path: '/organization/spend_alerts', body: ALERT },
  { name: 'getOrgSpendAlert', args: ['alert_1'], verb: 'GET', path: '/organization/spend_alerts/alert_1' },
  { name: 'updateOrgSpendAlert', args: ['alert_1', ALERT], verb: 'POST', path: '/organization/spend_alerts/alert_1', body: ALERT },
  { name: 'deleteOrgSpendAlert', args: ['alert_1'], verb: 'DELETE', path: '/organization/spend_alerts/alert_1' },
  { name: 'listProjectSpendAlerts', args: [P], verb: 'GET', path: `/organization/projects/${P}/spend_alerts`, query: { limit: '100' }, list: 'cursor' },
  { name: 'createProjectSpendAlert', args: [P, ALERT], verb: 'POST', path: `/organization/projects/${P}/spend_alerts`, body: ALERT },
  { name: 'getProjectSpendAlert', args: [P, 'alert_1'], verb: 'GET', path: `/organization/projects/${P}/spend_alerts/alert_1` },
  { name: 'updateProjectSpendAlert', args: [P, 'alert_1', ALERT], verb: 'POST', path: `/organization/projects/${P}/spend_alerts/alert_1`, body: ALERT },
  { name: 'deleteProjectSpendAlert', args: [P, 'alert_1'], verb: 'DELETE', path: `/organization/projects/${P}/spend_alerts/alert_1` },
  { name: 'getProjectModelPermissions', args: [P], verb: 'GET', path: `/organization/projects/${P}/model_permissions` },
  { name: 'setProjectModelPermissions', args: [P, { mode: 'allow_list', model_ids: ['gpt-4o'] }], verb: 'POST', path: `/organization/projects/${P}/model_permissions`, body: { mode: 'allow_list', model_ids: ['gpt-4o'] } },
  { name: 'deleteProjectModelPermissions', args: [P], verb: 'DELETE', path: `/organization/projects/${P}/model_permissions` },
  { name: 'getProjectHostedToolPermissions', args: [P], verb: 'GET', path: `/organization/projects/${P}/hosted_tool_permissions` },
  { name: 'setProjectHostedToolPermissions', args: [P, { web_search: { enabled: false } }], verb: 'POST', path: `/organization/projects/${P}/hosted_tool_permissions`, body: { web_search: { enabled: false } } },
  { name: 'getOrgDataRetention', args: [], verb: 'GET', path: '/organization/data_retention' },
  { name: 'setOrgDataRetention', args: [{ retention_type: 'zero_data_retention' }], verb: 'POST', path: '/organization/data_retention', body: { retention_type: 'zero_data_retention' } },
  { name: 'getProjectDataRetention', args: [P], verb: 'GET', path: `/organization/projects/${P}/data_retention` },
  { name: 'setProjectDataRetention', args: [P, { retention_type: 'organization_default' }], verb: 'POST', path: `/organization/projects/${P}/data_retention`, body: { retention_type: 'organization_default' } },
  { name: 'getUsage', args: ['completions', { start_time: 1, bucket_width: '1h', group_by: ['model'] }], verb: 'GET', path: '/organization/usage/completions', query: { start_time: '1', bucket_width: '1h', 'group_by[]': 'model', limit: '168' } },
  { name: 'getCosts', args: [{ start_time: 1, project_ids: [P] }], verb: 'GET', path: '/organization/costs', query: { start_time: '1', 'project_ids[]': P, limit: '180' } },
];

beforeEach(() => nock.cleanAll());
afterEach(() => nock.cleanAll());

describe('every AdminApi method', () => {
  it('is in the table exactly once', () => {
    const client = testClient();
    const methods = Object.keys(client).filter((k) => !['requestStats', 'pacingProgress', 'rateLimitSummary', 'routeLimits'].includes(k)).sort();
    expect(rows.map((r) => r.name).sort()).toEqual(methods);
  });

  it.each(rows)('$name → $verb $path', async (row) => {
    const reply =
      row.list === 'cursor'
        ? { object: 'list', data: [], first_id: null, last_id: null, has_more: false }
        : row.list === 'next'
          ? { object: 'list', data: [], has_more: false, next: null }
          : row.name === 'getUsage' || row.name === 'getCosts'
            ? { object: 'page', data: [], has_more: false, next_page: null }
            : { id: 'x' };
    let seenQuery: Record<string, string | string[]> | undefined;
    const scope = nock(BASE)
      .intercept(`/v1${row.path}`, row.verb, row.body === undefined ? undefined : (body: unknown) => { expect(body).toEqual(row.body); return true; })
      .query((q) => {
        seenQuery = q as Record<string, string | string[]>;
        return true;
      })
      .reply(200, reply);
    const client = testClient();
    const result = (client[row.name] as (this: void, ...args: unknown[]) => unknown)(...row.args);
    if (row.list !== undefined) await collect(result as AsyncIterable<unknown>);
    else await result;
    expect(scope.isDone()).toBe(true);
    expect(seenQuery).toEqual(row.query ?? {});
  });
});
