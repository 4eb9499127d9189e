// Audit events exactly as reference/openapi-admin.yaml (AuditLog) and the reference's
// "List audit logs" describe them, not as our emulator writes them. Two guards:
//  - every hand-written fixture below uses only fields the spec's AuditLog schema has;
//  - every field the drift stage READS (recorded through a Proxy) exists in that schema.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AuditLog } from '../../src/api/types.js';
import {
  addressesOverlap,
  analyzeEvents,
  describeActor,
  formatActor,
  mapAuditEvent,
  MANAGED_EVENT_TYPES,
} from '../../src/drift/index.js';
import type { Change } from '../../src/plan/types.js';
import { desiredFixture, indexFixture } from './fixtures.js';

type Json = Record<string, unknown>;
const spec = parse(readFileSync('reference/openapi-admin.yaml', 'utf8')) as { components: { schemas: Record<string, Json> } };
const schemas = spec.components.schemas;
const auditLogSchema = schemas.AuditLog!;

function deref(schema: Json): Json {
  const ref = schema.$ref;
  if (typeof ref === 'string') return deref(schemas[ref.replace('#/components/schemas/', '')]!);
  return schema;
}

/** The sub-schemas a path step leads to ('[]' steps into array items); empty when the spec has no such field. */
function step(schema: Json, key: string): Json[] {
  const s = deref(schema);
  if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).flatMap((branch) => step(branch, key));
  if (key === '[]') return s.type === 'array' && s.items ? [s.items as Json] : [];
  const props = s.properties as Record<string, Json> | undefined;
  return props?.[key] ? [props[key]] : [];
}

function inSpec(path: readonly string[]): boolean {
  let at: Json[] = [auditLogSchema];
  for (const key of path) at = at.flatMap((s) => step(s, key));
  return at.length > 0;
}

/** Every key path of a value, arrays as '[]'. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (Array.isArray(value)) return value.flatMap((v) => paths(v, [...prefix, '[]']));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

/** Wraps a value so each property read is recorded as a path. */
function recording(value: unknown, reads: string[][], prefix: string[] = []): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    return new Proxy(value, {
      get: (target, prop, receiver) =>
        typeof prop === 'string' && /^\d+$/.test(prop)
          ? recording(target[Number(prop)], reads, [...prefix, '[]'])
          : (Reflect.get(target, prop, receiver) as unknown),
    });
  }
  return new Proxy(value, {
    get: (target, prop) => {
      if (typeof prop !== 'string' || prop === 'toJSON' || prop === 'then') return Reflect.get(target, prop) as unknown;
      reads.push([...prefix, prop]);
      return recording((target as Json)[prop], reads, [...prefix, prop]);
    },
  });
}

const session = { type: 'session', session: { user: { id: 'user-grace', email: 'grace@example.com' }, ip_address: '203.0.113.9' } };
const userKey = { type: 'api_key', api_key: { id: 'key_other', type: 'user', user: { id: 'user-grace', email: 'grace@example.com' } } };
const serviceAccountKey = { type: 'api_key', api_key: { id: 'key_svc', type: 'service_account', service_account: { id: 'svc_acct_ci' } } };
const search = { id: 'proj_search', name: 'search' };

/** `payload` undefined: the spec gives the type no payload object at all. */
function event(type: string, payload: Json | undefined, extra: Json = {}): AuditLog {
  const body = payload === undefined ? {} : { [type]: payload };
  return { id: `audit_${type}`, type, effective_at: 1_700_000_000, actor: session, ...body, ...extra } as unknown as AuditLog;
}

/** One spec-shaped event per managed type, every payload field the spec gives that type filled in. */
const SPEC_EVENTS: [AuditLog, string[]][] = [
  [event('user.added', { id: 'user-eve', data: { role: 'member' } }, { project: search }), ['project["search"].member["eve@example.com"]']],
  [event('user.updated', { id: 'user-grace', changes_requested: { role: 'owner' } }), ['org.member["grace@example.com"]']],
  [event('user.deleted', { id: 'user-ada' }), ['org.member["ada@example.com"]']],
  [event('invite.sent', { id: 'invite-2', data: { email: 'Mallory@Example.com', role: 'owner' } }), ['org.invite["mallory@example.com"]']],
  [event('invite.accepted', { id: 'invite-1' }), ['org.invite["zed@example.com"]']],
  [event('invite.deleted', { id: 'invite-1' }), ['org.invite["zed@example.com"]']],
  [event('group.created', { id: 'group-new', data: { group_name: 'shadow' } }), ['org.group["shadow"]']],
  [event('group.updated', { id: 'group-ml', changes_requested: { group_name: 'renamed' } }), ['org.group["ml-platform"]']],
  [event('group.deleted', { id: 'group-ml' }), ['org.group["ml-platform"]']],
  [event('tenant.group.member.added', undefined), ['org.group[*].member[*]']],
  [event('tenant.group.member.removed', undefined), ['org.group[*].member[*]']],
  // Payload-less billing types: the organization's setting (declared or not) and each project's declared one.
  [event('tenant.billing.overage_limit.updated', undefined), ['org.spend_limit']],
  [event('tenant.billing.alerts.updated', undefined), ['org.spend_alert[*]']],
  [
    event('role.created', { id: 'role-new', role_name: 'Shadow', permissions: ['api.model.request'], resource_type: 'api.project', resource_id: 'proj_search' }, { project: search }),
    ['project["search"].role["Shadow"]'],
  ],
  [
    event('role.updated', {
      id: 'role-new-org',
      changes_requested: { role_name: 'Rogue', resource_id: 'org-1', resource_type: 'api.organization', permissions_added: ['a'], permissions_removed: [], description: 'd', metadata: {} },
    }),
    ['org.role["Rogue"]'],
  ],
  [event('role.deleted', { id: 'role-billing' }), ['org.role["Billing Viewer"]']],
  [
    event('role.assignment.created', { id: 'role_assignment_01', principal_id: 'user-grace', principal_type: 'user', resource_id: 'org-1', resource_type: 'api.organization' }),
    ['org.member["grace@example.com"].role[*]'],
  ],
  [
    event('role.assignment.deleted', { id: 'role_assignment_02', principal_id: 'group-ml', principal_type: 'group', resource_id: 'proj_search', resource_type: 'api.project' }, { project: search }),
    ['project["search"].group["ml-platform"].role[*]'],
  ],
  [event('project.created', { id: 'proj_new', data: { name: 'skunkworks', title: 'Skunkworks' } }), ['project["skunkworks"]']],
  [event('project.updated', { id: 'proj_search', changes_requested: { title: 'Search 2' } }), ['project["search"]']],
  [event('project.archived', { id: 'proj_search' }), ['project["search"]']],
  [event('project.deleted', { id: 'proj_search' }), ['project["search"]']],
  [event('service_account.created', { id: 'svc_new', data: { role: 'member' } }, { project: search }), ['project["search"].service_account["id:svc_new"]']],
  [event('service_account.updated', { id: 'user-sa1', changes_requested: { role: 'owner' } }, { project: search }), ['project["search"].service_account["indexer"]']],
  [event('service_account.deleted', { id: 'user-sa1' }, { project: search }), ['project["search"].service_account["indexer"]']],
  [
    event('rate_limit.updated', {
      id: 'rl-gpt-4o',
      changes_requested: {
        max_requests_per_1_minute: 9, max_tokens_per_1_minute: 1, max_images_per_1_minute: 1,
        max_audio_megabytes_per_1_minute: 1, max_requests_per_1_day: 1, batch_1_day_max_input_tokens: 1,
      },
    }, { project: search }),
    ['project["search"].rate_limit["gpt-4o"]'],
  ],
  [event('rate_limit.deleted', { id: 'rl-gpt-4o' }, { project: search }), ['project["search"].rate_limit["gpt-4o"]']],
  [event('certificate.created', { id: 'cert-2', name: 'other' }), ['org.certificate["other"]']],
  [event('certificate.updated', { id: 'cert-1', name: 'corp-mtls' }), ['org.certificate["corp-mtls"]']],
  [event('certificate.deleted', { id: 'cert-1', name: 'corp-mtls', certificate: '-----BEGIN CERTIFICATE-----' }), ['org.certificate["corp-mtls"]']],
  [event('certificates.activated', { certificates: [{ id: 'cert-1', name: 'corp-mtls' }] }), ['org.certificate["corp-mtls"]']],
  [event('certificates.deactivated', { certificates: [{ id: 'cert-9', name: 'x' }] }, { project: search }), ['project["search"].certificate["x"]']],
];

const ctx = { desired: desiredFixture(), index: indexFixture() };
const addresses = (e: AuditLog): string[] => {
  const m = mapAuditEvent(e, ctx);
  if (!m.relevant) throw new Error(`${e.type} not relevant: ${m.reason}`);
  return m.targets.map((t) => t.address);
};

describe('spec-shaped audit events', () => {
  it('the fixtures use only fields the spec gives (the guard itself rejects a non-spec field)', () => {
    for (const [e] of SPEC_EVENTS) {
      for (const p of paths(e)) expect(inSpec(p), `${e.type}: ${p.join('.')}`).toBe(true);
    }
    expect(inSpec(['role.assignment.created', 'role_id'])).toBe(false);
    expect(inSpec(['user.added', 'data', 'email'])).toBe(false);
    expect(inSpec(['actor', 'ip_address'])).toBe(false);
    expect(inSpec(['actor', 'api_key', 'service_account', 'id'])).toBe(true);
  });

  it('covers every managed event type', () => {
    expect(new Set(SPEC_EVENTS.map(([e]) => e.type))).toEqual(new Set(MANAGED_EVENT_TYPES));
  });

  it.each(SPEC_EVENTS.map(([e, expected]) => [e.type, e, expected] as const))('%s maps to its resource', (_type, e, expected) => {
    expect(addresses(e)).toEqual(expected);
  });

  it('reads no field the spec does not give, for any managed type, actor or scope', () => {
    const reads: string[][] = [];
    const variants = SPEC_EVENTS.flatMap(([e]) => [
      e,
      { ...e, actor: userKey, project: search },
      { ...e, actor: serviceAccountKey },
      { ...e, actor: null, ...(e.type.startsWith('tenant.') ? {} : { [e.type]: {} }) },
    ]) as AuditLog[];
    const events = variants.map((e, i) => recording({ ...e, id: `audit_${i}` }, reads) as AuditLog);
    analyzeEvents({ events, ownActorIds: new Set(['key_own']), desired: ctx.desired, index: ctx.index, changes: [], mode: 'report' });
    for (const e of events) describeActor(e);
    expect(reads.length).toBeGreaterThan(100);
    const outside = [...new Set(reads.filter((p) => !inSpec(p)).map((p) => p.join(' → ')))];
    expect(outside).toEqual([]);
  });
});

describe('role.assignment.* (no role in the payload; id is the assignment id)', () => {
  it('does not take the assignment id for a role id, even when it looks like one', () => {
    const e = event('role.assignment.created', { id: 'role-billing', principal_id: 'user-grace', principal_type: 'user', resource_id: 'org-1', resource_type: 'api.organization' });
    expect(addresses(e)).toEqual(['org.member["grace@example.com"].role[*]']);
  });

  it('ignores a role_id a server adds beyond the spec', () => {
    const e = event('role.assignment.created', { id: 'ra_1', role_id: 'role-billing', principal_id: 'user-grace', principal_type: 'user', resource_id: 'org-1', resource_type: 'api.organization' });
    expect(addresses(e)).toEqual(['org.member["grace@example.com"].role[*]']);
  });

  it('scopes by resource_type/resource_id, not by the event project', () => {
    const onProject = event('role.assignment.created', { id: 'ra_2', principal_id: 'user-ada', principal_type: 'user', resource_id: 'proj_search', resource_type: 'api.project' });
    expect(addresses(onProject)).toEqual(['project["search"].member["ada@example.com"].role[*]']);
    const orgWithDefaultProject = event('role.assignment.created', { id: 'ra_3', principal_id: 'group-ml', principal_type: 'group', resource_id: 'org-1', resource_type: 'api.organization' }, { actor: userKey, project: search });
    expect(addresses(orgWithDefaultProject)).toEqual(['org.group["ml-platform"].role[*]']);
  });

  it('alerts on the role assignments of the principal, and the re-plan names the role', () => {
    const removed = event('role.assignment.deleted', { id: 'ra_4', principal_id: 'user-ada', principal_type: 'user', resource_id: 'org-1', resource_type: 'api.organization' });
    const reassign: Change = {
      address: 'org.member["ada@example.com"].role["Billing Viewer"]',
      action: 'assign',
      kind: 'org.member.role',
      target: { email: 'ada@example.com', role: 'Billing Viewer' },
      reason: 'declared role not assigned',
      destructive: false,
      dependsOn: [],
    };
    const unrelated: Change = { ...reassign, address: 'org.member["grace@example.com"].role["Billing Viewer"]', target: { email: 'grace@example.com', role: 'Billing Viewer' } };
    const { alerts } = analyzeEvents({ events: [removed], ownActorIds: new Set(), desired: ctx.desired, index: ctx.index, changes: [reassign, unrelated], mode: 'report' });
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(alert.targets).toEqual([
      { address: 'org.member["ada@example.com"].role[*]', kind: 'org.member.role', managed: true, source: { file: 'org.yaml', line: 5, column: 5 } },
    ]);
    expect(alert.planned).toEqual(['+ assign org.member["ada@example.com"].role["Billing Viewer"]']);
    expect(alert.summary).toContain('role.assignment.deleted on the role assignments of org.member["ada@example.com"], declared at org.yaml:5');
    expect(alert.summary).not.toMatch(/id:|unknown/);
  });

  it('is settled when the re-plan has nothing for that principal', () => {
    const added = event('role.assignment.created', { id: 'ra_5', principal_id: 'user-ada', principal_type: 'user', resource_id: 'org-1', resource_type: 'api.organization' });
    const other: Change = {
      address: 'org.member["grace@example.com"].role["Billing Viewer"]', action: 'unassign', kind: 'org.member.role',
      target: { email: 'grace@example.com', role: 'Billing Viewer' }, reason: 'r', destructive: false, dependsOn: [],
    };
    const result = analyzeEvents({ events: [added], ownActorIds: new Set(), desired: ctx.desired, index: ctx.index, changes: [other], mode: 'report' });
    expect(result.alerts).toEqual([]);
    expect(result.settled).toHaveLength(1);
  });
});

describe('scope of an event', () => {
  it('a session event with a project is project-scoped; a key event with a project may be org-wide (default project)', () => {
    const payload = { id: 'user-grace', changes_requested: { role: 'owner' } };
    expect(addresses(event('user.updated', payload, { project: search }))).toEqual(['project["search"].member["grace@example.com"]']);
    expect(addresses(event('user.updated', payload, { actor: userKey, project: search }))).toEqual([
      'org.member["grace@example.com"]',
      'project["search"].member["grace@example.com"]',
    ]);
    expect(addresses(event('user.updated', payload, { actor: userKey }))).toEqual(['org.member["grace@example.com"]']);
    const activated = event('certificates.activated', { certificates: [{ id: 'cert-1', name: 'corp-mtls' }] }, { actor: serviceAccountKey, project: search });
    expect(addresses(activated)).toEqual(['org.certificate["corp-mtls"]', 'project["search"].certificate["corp-mtls"]']);
  });

  it('user.updated whose id is a project id (as the spec describes it) names the project members', () => {
    expect(addresses(event('user.updated', { id: 'proj_search', changes_requested: { role: 'owner' } }, { project: search }))).toEqual([
      'project["search"].member[*]',
    ]);
  });

  it('reads no email from user.* payloads and no data.email outside invite.sent', () => {
    expect(addresses(event('user.added', { id: 'user-zz', data: { role: 'member', email: 'x@example.com' } }))).toEqual(['org.member["id:user-zz"]']);
    expect(addresses(event('invite.deleted', { id: 'invite-zz', data: { email: 'x@example.com' } }))).toEqual(['org.invite["id:invite-zz"]']);
  });

  it('role.updated reads its scope from changes_requested, role.created from the payload', () => {
    const updated = event('role.updated', { id: 'role-x', changes_requested: { role_name: 'R', resource_type: 'api.project', resource_id: 'proj_search' } });
    expect(addresses(updated)).toEqual(['project["search"].role["R"]']);
    const createdNotUnderChanges = event('role.created', { id: 'role-y', changes_requested: { role_name: 'Wrong' }, role_name: 'Right', resource_type: 'api.organization' });
    expect(addresses(createdNotUnderChanges)).toEqual(['org.role["Right"]']);
  });
});

describe('actor (AuditLogActor)', () => {
  const withActor = (actor: unknown) => ({ ...SPEC_EVENTS[0]![0], actor }) as AuditLog;

  it('session: user email and ip_address', () => {
    const a = describeActor(withActor(session));
    expect(a).toEqual({ kind: 'user', email: 'grace@example.com', userId: 'user-grace', ipAddress: '203.0.113.9' });
    expect(formatActor(a)).toBe('grace@example.com from 203.0.113.9');
  });

  it('user key: owner is the user', () => {
    const a = describeActor(withActor(userKey));
    expect(a).toEqual({ kind: 'api_key', apiKeyId: 'key_other', keyType: 'user', keyOwner: 'grace@example.com', email: 'grace@example.com' });
    expect(formatActor(a)).toBe('API key key_other (owner grace@example.com)');
  });

  it('service-account key: owner is the service account, and a key has no IP in the spec', () => {
    const a = describeActor(withActor({ ...serviceAccountKey, ip_address: '198.51.100.1' }));
    expect(a).toEqual({ kind: 'api_key', apiKeyId: 'key_svc', keyType: 'service_account', keyOwner: 'svc_acct_ci' });
    expect(formatActor(a)).toBe('API key key_svc (service account svc_acct_ci)');
  });

  it('null actor (the spec allows it)', () => {
    expect(describeActor(withActor(null))).toEqual({ kind: 'unknown' });
  });
});

describe('set addresses', () => {
  it('[*] matches any one name, and only that', () => {
    const set = 'org.member["a@x.com"].role[*]';
    expect(addressesOverlap(set, 'org.member["a@x.com"].role["Billing Viewer"]')).toBe(true);
    expect(addressesOverlap('org.member["a@x.com"].role["R \\"q\\" .x"]', set)).toBe(true);
    expect(addressesOverlap(set, 'org.member["b@x.com"].role["R"]')).toBe(false);
    expect(addressesOverlap(set, 'org.member["a@x.com"]')).toBe(true);
    expect(addressesOverlap(set, 'org.group["a@x.com"].role["R"]')).toBe(false);
    expect(addressesOverlap('org.group[*].member[*]', 'org.group["ml"].member["a@x.com"]')).toBe(true);
    expect(addressesOverlap('org.group[*].member[*]', 'org.group["ml"].role["R"]')).toBe(false);
    expect(addressesOverlap('org.member["a"]', 'org.member["ab"]')).toBe(false);
  });
});
