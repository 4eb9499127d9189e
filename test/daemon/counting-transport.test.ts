import { describe, expect, it } from 'vitest';
import { countingTransport, routeTemplate } from '../../src/daemon/index.js';

describe('routeTemplate', () => {
  it.each([
    ['https://api.openai.com/v1/organization/users?limit=100', '/v1/organization/users'],
    ['https://api.openai.com/v1/organization/users/user-abc', '/v1/organization/users/{id}'],
    ['https://x/v1/organization/projects/proj_1/users/user-2', '/v1/organization/projects/{id}/users/{id}'],
    ['https://x/v1/organization/projects/proj_1/rate_limits/rl-gpt-4o', '/v1/organization/projects/{id}/rate_limits/{id}'],
    ['https://x/v1/organization/audit_logs', '/v1/organization/audit_logs'],
    ['https://x/v1/organization/certificates/activate', '/v1/organization/certificates/activate'],
    ['https://x/v1/projects/proj_1/groups/g1/roles', '/v1/projects/{id}/groups/{id}/roles'],
  ])('%s → %s', (url, template) => {
    expect(routeTemplate(url)).toBe(template);
  });

  it('counts each exchange by route and status, network failures included', async () => {
    const seen: string[] = [];
    const ok = countingTransport((r, s) => seen.push(`${r} ${s}`), () => Promise.resolve({ status: 429, headers: {}, body: '' }));
    await ok({ method: 'GET', url: 'https://x/v1/organization/users', headers: {} });
    const failing = countingTransport((r, s) => seen.push(`${r} ${s}`), () => Promise.reject(new Error('reset')));
    await expect(failing({ method: 'POST', url: 'https://x/v1/organization/groups', headers: {} })).rejects.toThrow('reset');
    expect(seen).toEqual(['GET /v1/organization/users 429', 'POST /v1/organization/groups network_error']);
  });
});
