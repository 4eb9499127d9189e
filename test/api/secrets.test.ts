// The admin key must be nowhere in an error (message, properties, JSON, cause chain, stack)
// nor in any log line, whatever went wrong.
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { collect } from '../../src/api/collect.js';
import { createAdminClient } from '../../src/api/client.js';
import { autoClock, BASE, BASE_URL, captureLog, netError } from './helpers.js';

const CANARY = 'sk-admin-CANARY-0123456789abcdefXYZ';

function everythingIn(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  const walk = (value: unknown): void => {
    if (value === null || value === undefined || seen.has(value)) return;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      parts.push(String(value));
      return;
    }
    if (typeof value !== 'object' && typeof value !== 'function') {
      return;
    }
    seen.add(value);
    if (value instanceof Error) parts.push(value.message, value.stack ?? '', value.name);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor && 'value' in descriptor) walk(descriptor.value);
    }
  };
  walk(error);
  try {
    parts.push(JSON.stringify(error));
  } catch {
    parts.push('unserialisable');
  }
  if (error instanceof ApiError) {
    parts.push(String(error.operation));
    for (let cause: unknown = error.cause; cause !== undefined && cause !== null; cause = (cause as Error).cause) {
      parts.push(cause instanceof Error ? cause.toString() : JSON.stringify(cause));
      walk(cause);
    }
  }
  return parts.join('\n');
}

beforeEach(() => nock.cleanAll());
afterEach(() => {
  expect(nock.isDone()).toBe(true);
  nock.cleanAll();
});

describe('the admin key never leaks', () => {
  const scenarios: [string, () => void, (c: ReturnType<typeof createAdminClient>) => Promise<unknown>][] = [
    [
      'a 401 whose message echoes the key',
      () => nock(BASE).get('/v1/organization/projects/p1').reply(401, { error: { message: `Incorrect API key provided: ${CANARY}`, type: 'invalid_request_error', code: 'invalid_api_key', param: CANARY } }),
      (c) => c.getProject('p1'),
    ],
    [
      'a network reset on a create (ambiguous)',
      () => nock(BASE).post('/v1/organization/projects').replyWithError(netError('ECONNRESET', `socket hang up ${CANARY}`)),
      (c) => c.createProject({ name: 'x' }),
    ],
    [
      'network errors until the attempts run out',
      () => nock(BASE).get('/v1/organization/users/u1').times(2).replyWithError(netError('ETIMEDOUT', 'timed out')),
      (c) => c.getUser('u1'),
    ],
    [
      'a malformed list page',
      () => nock(BASE).get('/v1/organization/users').query(true).reply(200, { data: 'nope' }),
      (c) => collect(c.listUsers()),
    ],
    [
      'a 500 with the key in the body and headers',
      () => nock(BASE).get('/v1/organization/invites/i1').times(2).reply(500, `oops ${CANARY}`, { 'x-request-id': 'req_1', 'x-echo': CANARY }),
      (c) => c.getInvite('i1'),
    ],
  ];

  it.each(scenarios)('%s', async (_name, arrange, act) => {
    arrange();
    const log = captureLog();
    const client = createAdminClient({ baseUrl: BASE_URL, adminKey: CANARY, clock: autoClock(), maxAttempts: 2, logger: log.logger });
    const error = await act(client).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    const text = everythingIn(error);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain('CANARY');
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.lines.join('\n')).not.toContain('CANARY');
  });

  it('sends the key only as the bearer token', async () => {
    nock(BASE, { reqheaders: { authorization: `Bearer ${CANARY}` } }).get('/v1/organization/projects/p1').reply(200, { id: 'p1' });
    const client = createAdminClient({ baseUrl: BASE_URL, adminKey: CANARY, clock: autoClock() });
    await client.getProject('p1');
  });
});
