// The client over an injected transport: what one attempt sends.
import { describe, expect, it } from 'vitest';
import { createAdminClient } from '../../src/api/client.js';
import type { HttpRequest, Transport } from '../../src/api/transport.js';
import { autoClock, BASE_URL, KEY } from './helpers.js';

function recording(status = 200, body = '{"id":"x"}'): { transport: Transport; seen: HttpRequest[] } {
  const seen: HttpRequest[] = [];
  return {
    seen,
    transport: (request) => {
      seen.push(request);
      return Promise.resolve({ status, headers: {}, body });
    },
  };
}

describe('one attempt', () => {
  it('sends JSON with the bearer key, and tells the transport the route template', async () => {
    const { transport, seen } = recording();
    const api = createAdminClient({ baseUrl: `${BASE_URL}/`, adminKey: KEY, clock: autoClock(), transport });
    await api.updateProjectUser('proj 1', 'user_1', { role: 'owner' });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: `${BASE_URL}/organization/projects/proj%201/users/user_1`,
        route: '/organization/projects/{project_id}/users/{user_id}',
        headers: { authorization: `Bearer ${KEY}`, accept: 'application/json', 'user-agent': 'orgplane', 'content-type': 'application/json' },
        body: '{"role":"owner"}',
      },
    ]);
  });

  it('sends no body and no content type on GET and archive', async () => {
    const { transport, seen } = recording();
    const api = createAdminClient({ baseUrl: BASE_URL, adminKey: KEY, clock: autoClock(), transport });
    await api.getProject('p1');
    await api.archiveProject('p1');
    for (const request of seen) {
      expect(request.body).toBeUndefined();
      expect(request.headers['content-type']).toBeUndefined();
    }
  });

  it('refuses an empty 200 where JSON is expected', async () => {
    const { transport } = recording(200, '');
    const api = createAdminClient({ baseUrl: BASE_URL, adminKey: KEY, clock: autoClock(), transport });
    await expect(api.getProject('p1')).rejects.toMatchObject({ kind: 'malformed', status: 200 });
  });

  it('refuses an empty id rather than calling the collection', async () => {
    const { transport, seen } = recording();
    const api = createAdminClient({ baseUrl: BASE_URL, adminKey: KEY, clock: autoClock(), transport });
    await expect(api.deleteGroup('')).rejects.toThrow(/missing path parameter group_id/);
    expect(seen).toEqual([]);
  });
});
