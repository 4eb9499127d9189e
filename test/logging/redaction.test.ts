// The real logger (createLogger: its redaction paths and pino's err serializer) given the
// log calls code actually makes, with a canary admin key and a canary service-account key.
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import got from 'got';
import { describe, expect, it } from 'vitest';
import { createAdminClient } from '../../src/api/client.js';
import { createLogger } from '../../src/logging/logger.js';
import { maskError } from '../../src/mask-secrets.js';

const ADMIN = 'sk-admin-CANARY-0123456789abcdef';
const SVCACCT = 'sk-svcacct-CANARY-0123456789abcdef';
const BEARER_TAIL = 'CANARY-0123456789abcdef';

function logTo(write: (logger: ReturnType<typeof createLogger>) => void): string {
  const file = join(mkdtempSync(join(tmpdir(), 'orgplane-log-')), 'log.jsonl');
  const fd = openSync(file, 'w');
  try {
    write(createLogger({ fd, level: 'debug' }));
  } finally {
    closeSync(fd);
  }
  return readFileSync(file, 'utf8');
}

function expectClean(text: string): void {
  expect(text).not.toContain(BEARER_TAIL);
}

describe('createLogger redaction, for realistic log calls', () => {
  it('redacts headers however deep they are logged', () => {
    const headers = { authorization: `Bearer ${ADMIN}`, Authorization: `Bearer ${ADMIN}` };
    const out = logTo((log) => {
      log.debug({ headers }, 'm');
      log.debug({ request: { headers } }, 'm');
      log.debug({ options: { request: { headers } } }, 'm');
      log.debug({ client: { adminKey: ADMIN } }, 'm');
      log.debug({ created: { api_key: { value: SVCACCT } } }, 'm');
      log.debug({ response: { data: { api_key: { value: SVCACCT } } } }, 'm');
      log.debug({ secret: { key: SVCACCT } }, 'm');
    });
    expect(out.split('\n').filter(Boolean)).toHaveLength(7);
    expectClean(out);
  });

  it('keeps keys out of a logged got error (err serializer copies enumerable props)', async () => {
    const error = await got('http://127.0.0.1:1/v1/x', { headers: { authorization: `Bearer ${ADMIN}` }, retry: { limit: 0 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const out = logTo((log) => {
      log.error({ err: error }, 'failed');
      log.error(error as Error, 'failed');
    });
    expectClean(out);
    expect(out).not.toContain('"options"');
    expect(out).toContain('ECONNREFUSED');
  });

  it('masks credential-shaped strings on any path, as a last line of defence', () => {
    const out = logTo((log) => {
      log.warn({ detail: `server said: invalid key ${ADMIN}`, deep: { a: { b: { c: SVCACCT } } } }, 'm');
      log.warn({ text: 'Authorization: Bearer CANARY-0123456789abcdef' }, 'm');
      log.warn({ text: 'token ghp_CANARY0123456789abcdef0123456789' }, 'm');
      log.info({ projects: 3 }, 'plan computed: 3 changes');
    });
    expectClean(out);
    expect(out).not.toContain('ghp_CANARY');
    expect(out).toContain('plan computed: 3 changes');
  });

  it('keeps keys out of a logged ApiError from a real failed request', async () => {
    const api = createAdminClient({ baseUrl: 'http://127.0.0.1:1/v1', adminKey: ADMIN, maxAttempts: 1 });
    const error = await api.getProject('proj_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const out = logTo((log) => log.error({ err: error }, 'failed'));
    expectClean(out);
    expectClean(JSON.stringify(error));
    expectClean(inspect(error, { depth: Infinity, showHidden: true }));
  });

  it('masks keys in a logged error: its message, stack, fields, causes and aggregated errors', () => {
    const cause = new Error(`sink answered: ${SVCACCT} refused`);
    const error = Object.assign(new Error(`write failed for ${ADMIN}`, { cause }), { detail: `echo ${SVCACCT}` });
    const out = logTo((log) => {
      log.error({ err: error }, 'failed');
      log.error({ err: new AggregateError([error, new Error(`other ${ADMIN}`)], 'two streams failed') }, 'failed');
    });
    const records = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { err: { message: string; stack: string } });
    expect(records).toHaveLength(2);
    // Still the error: message and stack are there, with the key masked.
    expect(records[0]?.err.message).toContain('write failed for sk-[redacted]');
    expect(records[0]?.err.stack).toMatch(/\n\s+at /);
    expectClean(out);
  });

  it('masks a named secret of any shape in an error logged through maskError', () => {
    const opaque = 'CANARY-opaque-0123456789abcdef';
    const error = Object.assign(new Error(`command printed ${opaque}`, { cause: new Error(`inner ${opaque}`) }), { code: `E_${opaque}`, status: 500 });
    const out = logTo((log) => log.warn({ err: maskError(error, [opaque]) }, 'secrets sink write failed'));
    expect(out).not.toContain(opaque);
    expect(out).not.toContain('0123456789abcdef');
    const record = JSON.parse(out) as { err: { message: string; stack: string; status: number } };
    expect(record.err.message).toContain('command printed [redacted]');
    expect(record.err.status).toBe(500);
  });
});
