import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createGotTransport, toTransportFailure, TransportFailure } from '../../src/api/transport.js';
import { BASE, netError } from './helpers.js';

afterEach(() => nock.cleanAll());

describe('toTransportFailure', () => {
  it.each([
    ['ECONNREFUSED', false],
    ['ENOTFOUND', false],
    ['EAI_AGAIN', false],
    ['ECONNRESET', true],
    ['ETIMEDOUT', true],
    ['EPIPE', true],
  ])('%s: maybe sent = %s', (code, maybeSent) => {
    const failure = toTransportFailure(netError(code, 'x'));
    expect(failure).toMatchObject({ code, maybeSent });
  });

  it('keeps only code and message of got errors (whose options hold the headers)', async () => {
    nock(BASE).get('/v1/x').replyWithError(netError('ECONNRESET', 'socket hang up'));
    const transport = createGotTransport({ timeoutMs: 5000 });
    const error = await transport({ method: 'GET', url: `${BASE}/v1/x`, headers: { authorization: 'Bearer sk-admin-secret' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportFailure);
    expect(Object.keys(error as object).sort()).toEqual(['code', 'maybeSent', 'name']);
    expect(JSON.stringify(error)).not.toContain('sk-admin-secret');
    expect((error as Error).cause).toBeUndefined();
  });

  it('returns error statuses instead of throwing, with lower-case headers', async () => {
    nock(BASE).get('/v1/x').reply(503, 'busy', { 'X-Request-Id': 'req_7' });
    const response = await createGotTransport({ timeoutMs: 5000 })({ method: 'GET', url: `${BASE}/v1/x`, headers: {} });
    expect(response).toMatchObject({ status: 503, body: 'busy' });
    expect(response.headers['x-request-id']).toBe('req_7');
  });
});
