// Which audit-log queries drift makes (spec: tenant_only), and which refusal drops a type.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { auditStreams, isTenantScoped, RefusedEventTypes, refusedEventType } from '../../src/drift/index.js';
import { ORG_EVENT_TYPES as SPEC_ORG_TYPES, TENANT_EVENT_TYPES as SPEC_TENANT_TYPES } from '../../src/emulator/audit-event-types.js';
import { desiredFixture } from './fixtures.js';

const badRequest = (message: string, param?: string): ApiError =>
  new ApiError(message, { kind: 'http', method: 'GET', route: '/organization/audit_logs', status: 400, ...(param ? { param } : {}) });

describe('auditStreams', () => {
  it('asks for tenant-scoped types apart, with tenant_only, when group members are managed', () => {
    const streams = auditStreams(desiredFixture(), new RefusedEventTypes());
    expect(streams.map((s) => [s.name, s.tenantOnly])).toEqual([['org', false], ['tenant', true]]);
    expect(streams[0]!.eventTypes.some(isTenantScoped)).toBe(false);
    expect(streams[1]!.eventTypes.every(isTenantScoped)).toBe(true);
  });

  it('makes no tenant query when no group declares members', () => {
    const desired = desiredFixture();
    desired.org.groups = new Map([['ml-platform', { name: 'ml-platform', roles: [] }]]);
    expect(auditStreams(desired, new RefusedEventTypes()).map((s) => s.name)).toEqual(['org']);
  });

  it('leaves refused types out, and drops a query whose every type was refused (an empty filter would mean all)', () => {
    const refused = new RefusedEventTypes();
    refused.add('tenant.group.member.added', 'refused');
    refused.add('tenant.group.member.removed', 'refused');
    refused.add('rate_limit.deleted', 'refused');
    const streams = auditStreams(desiredFixture(), refused);
    expect(streams.map((s) => s.name)).toEqual(['org']);
    expect(streams[0]!.eventTypes).not.toContain('rate_limit.deleted');
  });

  it('agrees with the spec on which types are tenant-scoped', () => {
    for (const type of SPEC_TENANT_TYPES) expect(isTenantScoped(type), type).toBe(true);
    for (const type of SPEC_ORG_TYPES) expect(isTenantScoped(type), type).toBe(false);
  });
});

describe('refusedEventType', () => {
  const sent = ['role.updated', 'rate_limit.deleted', 'user.added'];

  it('names the type a 400 about event_types quotes', () => {
    expect(refusedEventType(badRequest("Invalid value for 'event_types[]': 'rate_limit.deleted' is not supported.", 'event_types'), sent)).toBe('rate_limit.deleted');
    // Without a param, the message naming event_types is enough.
    expect(refusedEventType(badRequest('event_types contains unsupported value user.added'), sent)).toBe('user.added');
  });

  it('does not read a type out of a longer name', () => {
    expect(refusedEventType(badRequest("Invalid 'event_types[]': 'tenant.role.updated'", 'event_types'), sent)).toBeUndefined();
  });

  it('is undefined for any other error, so the poll counts as failed', () => {
    expect(refusedEventType(badRequest("Invalid 'limit'", 'limit'), sent)).toBeUndefined();
    expect(refusedEventType(badRequest("Invalid value for 'event_types[]'", 'event_types'), sent)).toBeUndefined();
    expect(refusedEventType(new ApiError('boom', { kind: 'http', method: 'GET', route: '/organization/audit_logs', status: 500 }), sent)).toBeUndefined();
    expect(refusedEventType(new Error("'user.added' event_types"), sent)).toBeUndefined();
  });
});
