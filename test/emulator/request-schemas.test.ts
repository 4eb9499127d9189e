// The emulator's copy of the spec's request side (schemas/admin-api-requests.json) is what
// scripts/gen-request-schemas.mjs makes of reference/openapi-admin.yaml, and the checker
// built on it refuses what the spec refuses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RequestChecker } from '../../src/emulator/spec-requests.js';
import { startTestEmulator } from '../support/emulator.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { buildRequestSchemas, OUT, render } from '../../scripts/gen-request-schemas.mjs';

const q = (s: string) => new URLSearchParams(s);

describe('schemas/admin-api-requests.json', () => {
  it('is up to date with reference/openapi-admin.yaml (run node scripts/gen-request-schemas.mjs)', () => {
    expect(readFileSync(OUT as string, 'utf8')).toBe((render as (s: unknown) => string)((buildRequestSchemas as () => unknown)()));
  });
});

describe('RequestChecker', () => {
  const checker = new RequestChecker();

  it('accepts a request that follows the spec', () => {
    expect(checker.check('POST', '/v1/organization/projects', q(''), { name: 'p', residency: 'EU_STORAGE_PROCESSING' })).toEqual([]);
    expect(checker.check('GET', '/v1/organization/audit_logs', q('event_types[]=project.created&effective_at[gt]=10&limit=5'), undefined)).toEqual([]);
    expect(checker.check('GET', '/v1/organization/certificates/{certificate_id}', q('include[]=content'), undefined)).toEqual([]);
  });

  it('refuses an unknown body field and a value outside an enum, naming them as the API does', () => {
    expect(checker.check('POST', '/v1/organization/projects', q(''), { name: 'p', geography: 'eu' })).toEqual([
      expect.objectContaining({ where: 'body', param: 'geography', code: 'unknown_parameter', message: 'Unrecognized request argument supplied: geography' }),
    ]);
    expect(checker.check('POST', '/v1/organization/projects', q(''), { name: 'p', residency: 'eu' })).toEqual([
      expect.objectContaining({ param: 'residency', code: 'invalid_value', message: expect.stringMatching(/^Invalid value: "eu"\. Supported values are: 'GLOBAL', /) }),
    ]);
  });

  it('refuses unknown query parameters, an unbracketed array and values outside the parameter schema', () => {
    const found = checker.check('GET', '/v1/organization/certificates/{certificate_id}', q('include=content&foo=1'), undefined);
    expect(found.map((v) => `${v.param} ${v.code}`)).toEqual(['include unknown_parameter', 'foo unknown_parameter']);
    expect(checker.check('GET', '/v1/organization/audit_logs', q('event_types[]=no.such&limit=x'), undefined).map((v) => `${v.param} ${v.code}`)).toEqual([
      'event_types[] invalid_value',
      'limit invalid_type',
    ]);
  });
});

describe('the emulator against the spec\'s request side', () => {
  it('answers 400 with the API\'s error body to an unknown body field and an invalid residency', async () => {
    const emu = await startTestEmulator({ strict: false });
    try {
      const unknown = await emu.api('POST', '/organization/projects', { name: 'p', geography: 'eu' });
      expect(unknown).toMatchObject({ status: 400, body: { error: { type: 'invalid_request_error', param: 'geography', code: 'unknown_parameter' } } });
      const invalid = await emu.api('POST', '/organization/projects', { name: 'p', residency: 'eu' });
      expect(invalid).toMatchObject({ status: 400, body: { error: { param: 'residency', code: 'invalid_value' } } });
      expect((await emu.api('POST', '/organization/projects', { name: 'p', residency: 'EU_STORAGE_PROCESSING' })).status).toBe(200);
    } finally {
      await emu.stop();
    }
  });

  it('in strict mode records what orgplane\'s client (user-agent orgplane) sends against the spec, and only that', async () => {
    const emu = await startTestEmulator({ strict: true });
    try {
      const headers = { authorization: `Bearer ${emu.adminKey}` };
      await fetch(`${emu.baseUrl}/organization/users?emails=a@x.io`, { headers: { ...headers, 'user-agent': 'orgplane' } });
      await fetch(`${emu.baseUrl}/organization/users?bogus=1`, { headers: { ...headers, 'user-agent': 'curl/8' } });
      expect(emu.control.takeViolations()).toEqual([expect.objectContaining({ route: 'GET /v1/organization/users', where: 'query', param: 'emails' })]);
      expect(emu.control.takeViolations()).toEqual([]);
      await fetch(`${emu.baseUrl}/organization/projects`, { method: 'POST', headers: { ...headers, 'user-agent': 'orgplane', 'content-type': 'application/json' }, body: '{"name":"p","extra":1}' });
      const read = await emu.request<{ violations: { param: string }[] }>('GET', '/_emulator/violations');
      expect(read.body.violations.map((v) => v.param)).toEqual(['extra']);
    } finally {
      await emu.stop();
    }
  });
});
