// Which audit-log queries drift needs, and reading one of them. The spec
// (GET /organization/audit_logs, `tenant_only`): tenant-scoped event types (`tenant.*`,
// `role.bound_to_resource`, `role.unbound_from_resource`) are listed only with
// `tenant_only=true`, and with it every type in the filter must be tenant-scoped. So drift
// asks in two streams, each with a cursor of its own, and the tenant stream only when
// something managed needs it. A type the server refuses (400 naming `event_types`) is
// dropped from the filter, with one warning, and polling goes on without it.
import type { AdminApi } from '../api/admin-api.js';
import { ApiError } from '../api/errors.js';
import { collect } from '../api/index.js';
import type { Logger } from '../logging/logger.js';
import type { DesiredState } from '../model/types.js';
import { cursorQuery } from './cursor.js';
import { ORG_EVENT_TYPES, tenantEventTypes } from './map-event.js';
import type { AuditCursor, AuditLog } from './types.js';

export type AuditStreamName = 'org' | 'tenant';

export interface AuditStream {
  name: AuditStreamName;
  /** Sent as `event_types[]`; never empty (an empty filter would mean every type). */
  eventTypes: readonly string[];
  tenantOnly: boolean;
}

/** The spec's tenant-scoped types need `tenant_only=true`. */
export function isTenantScoped(type: string): boolean {
  return type.startsWith('tenant.') || type === 'role.bound_to_resource' || type === 'role.unbound_from_resource';
}

/** Whether some kind the manifests manage wants its tenant-scoped events (group members: when a declared group lists them). */
export function needsTenantEvents(desired: DesiredState): boolean {
  return tenantEventTypes(desired).length > 0;
}

/** The queries a poll makes for these manifests, without the types the server refused. */
export function auditStreams(desired: DesiredState, refused: RefusedEventTypes): AuditStream[] {
  const streams: AuditStream[] = [];
  const org = ORG_EVENT_TYPES.filter((t) => !refused.has(t));
  if (org.length > 0) streams.push({ name: 'org', eventTypes: org, tenantOnly: false });
  const tenant = tenantEventTypes(desired).filter((t) => !refused.has(t));
  if (tenant.length > 0) streams.push({ name: 'tenant', eventTypes: tenant, tenantOnly: true });
  return streams;
}

/** Event types a server refused in a filter: remembered for the process, each warned about once. */
export class RefusedEventTypes {
  private readonly types = new Map<string, string>();

  has(type: string): boolean {
    return this.types.has(type);
  }

  get list(): string[] {
    return [...this.types.keys()];
  }

  add(type: string, reason: string, log?: Logger): void {
    if (this.types.has(type)) return;
    this.types.set(type, reason);
    log?.warn({ eventType: type, reason }, 'audit event type refused by the server: no longer asked for; changes it reports go unseen');
  }
}

/** The type a 400 about `event_types` names, among those sent; undefined for any other error. */
export function refusedEventType(error: unknown, sent: readonly string[]): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const aboutTypes = (error.param ?? '').startsWith('event_types') || error.message.includes('event_types');
  if (!aboutTypes) return undefined;
  // Longest first: `role.updated` must not be read out of `tenant.role.updated`-like names.
  const named = [...sent]
    .sort((a, b) => b.length - a.length)
    .find((type) => new RegExp(`(^|[^\\w.])${type.replace(/\./g, '\\.')}($|[^\\w.])`).test(error.message));
  return named;
}

export interface ReadStreamInput {
  api: AdminApi;
  stream: AuditStream;
  cursor: AuditCursor;
  overlapSeconds: number;
  refused: RefusedEventTypes;
  log?: Logger;
}

/** One stream's events since its cursor (overlap included); a refused type is dropped and the query asked again. */
export async function readAuditStream(input: ReadStreamInput): Promise<AuditLog[]> {
  const { stream, refused } = input;
  // Each refusal removes one type: at most one retry per type.
  for (let attempt = 0; attempt <= stream.eventTypes.length; attempt += 1) {
    const types = stream.eventTypes.filter((t) => !refused.has(t));
    if (types.length === 0) return [];
    const query = cursorQuery(input.cursor, input.overlapSeconds, types);
    if (stream.tenantOnly) query.tenant_only = true;
    try {
      return await collect(input.api.listAuditLogs(query));
    } catch (error) {
      const type = refusedEventType(error, types);
      if (type === undefined) throw error;
      refused.add(type, error instanceof Error ? error.message : String(error), input.log);
    }
  }
  return [];
}
