// GET /organization/audit_logs follows the spec's `tenant_only` rule and its event type enum:
// a client that puts a tenant-scoped type in the ordinary filter (or an unknown type) gets
// the 400 a spec-following server gives, so orgplane's tests can catch it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AuditLog } from '../../src/api/types.js';
import { ORG_EVENT_TYPES, TENANT_EVENT_TYPES } from '../../src/emulator/audit-event-types.js';
import { useEmulator } from '../support/emulator.js';

interface Listed<T> {
  data: T[];
}
interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

const spec = parse(readFileSync('reference/openapi-admin.yaml', 'utf8')) as {
  components: { schemas: { AuditLogEventType: { enum: string[] } } };
};

describe('audit-log event types and tenant_only', () => {
  const holder = useEmulator();
  const emu = () => holder.current;
  const store = () => holder.current.control.store;

  async function addToGroup(): Promise<void> {
    const group = [...store().groups.values()].find((g) => g.name === 'ml-platform')!;
    const ada = store().userByEmail('ada@acme.test')!;
    expect((await emu().api('POST', `/organization/groups/${group.id}/users`, { user_id: ada.id })).status).toBe(200);
    expect((await emu().api('DELETE', `/organization/groups/${group.id}/users/${ada.id}`)).status).toBe(200);
  }

  it('knows exactly the spec enum, tenant-scoped ones being tenant.* and the role binding events', () => {
    expect(new Set([...ORG_EVENT_TYPES, ...TENANT_EVENT_TYPES])).toEqual(new Set(spec.components.schemas.AuditLogEventType.enum));
    for (const type of TENANT_EVENT_TYPES) expect(type.startsWith('tenant.') || type.startsWith('role.bound') || type.startsWith('role.unbound')).toBe(true);
    expect(TENANT_EVENT_TYPES).toEqual(expect.arrayContaining(['role.bound_to_resource', 'role.unbound_from_resource']));
    expect(ORG_EVENT_TYPES.some((t) => t.startsWith('tenant.'))).toBe(false);
  });

  it('refuses a tenant-scoped type without tenant_only=true, naming event_types', async () => {
    const res = await emu().api<ErrorBody>('GET', '/organization/audit_logs?event_types[]=user.added&event_types[]=tenant.group.member.added');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param: 'event_types' });
    expect(res.body.error.message).toContain("'tenant.group.member.added'");
  });

  it('refuses an org type under tenant_only=true', async () => {
    const res = await emu().api<ErrorBody>('GET', '/organization/audit_logs?tenant_only=true&event_types[]=tenant.group.member.added&event_types[]=user.added');
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('event_types');
    expect(res.body.error.message).toContain("'user.added'");
  });

  it('refuses a type the spec does not list, and a tenant_only that is not a boolean', async () => {
    const unknown = await emu().api<ErrorBody>('GET', '/organization/audit_logs?event_types[]=group.member.added');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.param).toBe('event_types');
    expect(unknown.body.error.message).toContain("'group.member.added'");
    expect((await emu().api<ErrorBody>('GET', '/organization/audit_logs?tenant_only=yes')).body.error.param).toBe('tenant_only');
  });

  it('records group membership as the spec tenant event, with no invented payload, listed only under tenant_only=true', async () => {
    await addToGroup();
    const plain = await emu().api<Listed<AuditLog>>('GET', '/organization/audit_logs');
    expect(plain.status).toBe(200);
    expect(plain.body.data.filter((e) => e.type.startsWith('tenant.'))).toEqual([]);

    const tenant = await emu().api<Listed<AuditLog>>(
      'GET',
      '/organization/audit_logs?tenant_only=true&event_types[]=tenant.group.member.added&event_types[]=tenant.group.member.removed',
    );
    expect(tenant.status).toBe(200);
    expect(tenant.body.data.map((e) => e.type)).toEqual(['tenant.group.member.removed', 'tenant.group.member.added']);
    for (const event of tenant.body.data) {
      // The spec's AuditLog has no property for these types.
      expect(Object.keys(event).sort()).toEqual(['actor', 'effective_at', 'id', 'type']);
    }
    const allTenant = await emu().api<Listed<AuditLog>>('GET', '/organization/audit_logs?tenant_only=true');
    expect(allTenant.body.data.every((e) => e.type.startsWith('tenant.'))).toBe(true);
    expect(allTenant.body.data).toHaveLength(2);
  });
});
