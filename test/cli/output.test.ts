// The words of the CLI's messages: errors with where the client was talking to, the /v1 hint,
// drift --since, and the apply summary on a terminal.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/index.js';
import { formatApplyResult } from '../../src/apply/index.js';
import { parseSince, renderDriftText } from '../../src/cli/commands/drift.js';
import { baseUrlHint, explainError } from '../../src/cli/output.js';
import { LiveReadError } from '../../src/live/index.js';

const refused = new ApiError('GET /organization/users failed without an answer (ECONNREFUSED)', { kind: 'network', method: 'GET', route: '/organization/users' });

describe('explainError', () => {
  it('names the host and the base URL when nothing answered, through the live read wrapper', () => {
    const message = explainError(new LiveReadError('organization users', refused), 'https://proxy.corp.example:8443/openai/v1');
    expect(message).toBe(
      'could not read organization users: GET /organization/users failed without an answer (ECONNREFUSED): could not reach proxy.corp.example:8443 (base URL https://proxy.corp.example:8443/openai/v1); check OPENAI_BASE_URL or --base-url, that the server is up, and HTTPS_PROXY/NO_PROXY if a proxy is needed',
    );
  });

  it('adds the /v1 hint to a 404 only when the base URL lacks it', () => {
    const notFound = new ApiError('GET /organization/users answered 404', { kind: 'http', method: 'GET', route: '/organization/users', status: 404 });
    expect(explainError(notFound, 'https://api.openai.com')).toBe('GET /organization/users answered 404 (the base URL https://api.openai.com does not end in /v1, where the Admin API lives)');
    expect(explainError(notFound, 'https://api.openai.com/v1')).toBe('GET /organization/users answered 404');
    expect(explainError(new Error('plain'), 'https://api.openai.com')).toBe('plain');
  });
});

describe('baseUrlHint', () => {
  it('suggests the /v1 root', () => {
    expect(baseUrlHint('https://api.openai.com/v1')).toBeUndefined();
    expect(baseUrlHint('http://127.0.0.1:8080')).toMatch(/does not end in \/v1: .* set OPENAI_BASE_URL or --base-url to http:\/\/127\.0\.0\.1:8080\/v1 /);
  });
});

describe('drift --since', () => {
  const now = Date.parse('2026-05-02T12:00:00Z');
  it('takes a duration back from now', () => {
    expect(parseSince('24h', now)).toBe(Date.parse('2026-05-01T12:00:00Z'));
  });

  it('takes an RFC 3339 time, with Z, an offset or fractional seconds', () => {
    expect(parseSince('2026-05-01T09:00:00Z', now)).toBe(Date.parse('2026-05-01T09:00:00Z'));
    expect(parseSince('2026-05-01T11:00:00+02:00', now)).toBe(Date.parse('2026-05-01T09:00:00Z'));
    expect(parseSince('2026-05-01 09:00:00.5z', now)).toBe(Date.parse('2026-05-01T09:00:00.500Z'));
  });

  it('says what is wrong with anything else', () => {
    expect(() => parseSince('2026-05-01', now)).toThrow('needs a time of day and an offset, e.g. 2026-05-01T00:00:00Z');
    expect(() => parseSince('2026-05-03T00:00:00Z', now)).toThrow('is in the future');
    expect(() => parseSince('2026-13-45T00:00:00Z', now)).toThrow('not a valid time');
    expect(() => parseSince('yesterday', now)).toThrow('not a duration or an RFC 3339 time');
  });
});

describe('apply summary on a terminal', () => {
  const result = {
    refusals: [],
    applied: [{ address: 'org.role["a"]', kind: 'role', action: 'create', status: 'applied' }],
    failed: [{ address: 'org.group["b"]', kind: 'group', action: 'create', status: 'failed', reason: 'POST /organization/groups answered 500' }],
    skipped: [],
    warnings: [],
  } as unknown as Parameters<typeof formatApplyResult>[0];

  it('lists each outcome, unless the terminal showed them as they ended', () => {
    expect(formatApplyResult(result)).toBe(
      '  applied  org.role["a"] (create)\n  FAILED   org.group["b"] (create): POST /organization/groups answered 500\n\nApply complete: 1 applied, 1 failed, 0 skipped.',
    );
    expect(formatApplyResult(result, undefined, { outcomesShown: true })).toBe('Apply complete: 1 applied, 1 failed, 0 skipped.');
  });
});

describe('drift text', () => {
  it('counts in the singular and the plural, never "event(s)"', () => {
    const report = {
      revision: 'rev-1',
      events: 1,
      own: 0,
      since: '2026-05-01T09:00:00Z',
      ownActorIds: [],
      settled: [],
      joined: 0,
      refusedEventTypes: [],
      alerts: [{ at: '2026-05-01T10:00:00Z', summary: 'ada@acme.test removed from project Search', planned: [] }],
    } as unknown as Parameters<typeof renderDriftText>[0];
    const text = renderDriftText(report);
    expect(text).toContain(': 1 event about what orgplane manages');
    expect(text).toContain('\n1 out-of-band change (manifests at rev-1):');
    expect(text).not.toContain('(s)');
  });
});
