// GET /organization/audit_logs: newest first, every documented filter, cursors both ways.
import type { AuditLog } from '../../api/types.js';
import { cursorPage, LIMITS, queryArray, type RouteDef } from '../context.js';
import { isKnownEventType, isTenantScoped } from '../audit-event-types.js';
import { badRequest } from '../http-error.js';

type Bound = 'gt' | 'gte' | 'lt' | 'lte';
const BOUNDS: readonly Bound[] = ['gt', 'gte', 'lt', 'lte'];

/** The id of the thing an event is about: its payload's `id`, or the ids of the certificates it lists. */
export function resourceIds(event: AuditLog): string[] {
  const payload = (event as unknown as Record<string, unknown>)[event.type];
  if (payload === null || typeof payload !== 'object') return [];
  const record = payload as { id?: unknown; certificates?: { id?: unknown }[] };
  const ids: string[] = [];
  if (typeof record.id === 'string') ids.push(record.id);
  for (const cert of record.certificates ?? []) if (typeof cert.id === 'string') ids.push(cert.id);
  return ids;
}

function actorOf(event: AuditLog): { id?: string | undefined; email?: string | undefined } {
  const actor = event.actor;
  if (!actor) return {};
  return actor.type === 'session' ? (actor.session?.user ?? {}) : (actor.api_key?.user ?? {});
}

/** The spec's `tenant_only` boolean (default false). */
function readTenantOnly(query: URLSearchParams): boolean {
  const raw = query.get('tenant_only');
  if (raw === null || raw === 'false') return false;
  if (raw === 'true') return true;
  throw badRequest(`Invalid value for 'tenant_only': expected a boolean, got '${raw}'.`, 'tenant_only');
}

/**
 * `event_types[]`: every value must be one of the spec's AuditLogEventType, and its scope must
 * match `tenant_only` (tenant-scoped types need it; with it, every type must be tenant-scoped).
 */
function readEventTypes(query: URLSearchParams, tenantOnly: boolean): Set<string> {
  const types = queryArray(query, 'event_types[]');
  for (const type of types) {
    if (!isKnownEventType(type)) {
      throw badRequest(`Invalid value for 'event_types[]': '${type}' is not a supported audit log event type.`, 'event_types');
    }
    if (isTenantScoped(type) && !tenantOnly) {
      throw badRequest(`Invalid value for 'event_types[]': '${type}' is tenant-scoped and requires 'tenant_only=true'.`, 'event_types');
    }
    if (!isTenantScoped(type) && tenantOnly) {
      throw badRequest(`Invalid value for 'event_types[]': '${type}' is not tenant-scoped; with 'tenant_only=true' every event type must be tenant-scoped.`, 'event_types');
    }
  }
  return new Set(types);
}

export const auditLogRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/v1/organization/audit_logs',
    handler: (ctx) => {
      const bounds: Partial<Record<Bound, number>> = {};
      for (const bound of BOUNDS) {
        const raw = ctx.query.get(`effective_at[${bound}]`);
        if (raw === null) continue;
        const value = Number(raw);
        if (!Number.isInteger(value)) throw badRequest(`Invalid 'effective_at[${bound}]': expected a Unix timestamp.`, `effective_at[${bound}]`);
        bounds[bound] = value;
      }
      const projectIds = new Set(queryArray(ctx.query, 'project_ids[]'));
      const tenantOnly = readTenantOnly(ctx.query);
      const types = readEventTypes(ctx.query, tenantOnly);
      const actorIds = new Set(queryArray(ctx.query, 'actor_ids[]'));
      const actorEmails = new Set(queryArray(ctx.query, 'actor_emails[]').map((e) => e.toLowerCase()));
      const resources = new Set(queryArray(ctx.query, 'resource_ids[]'));
      const events: AuditLog[] = [];
      for (let i = ctx.store.auditLogs.length - 1; i >= 0; i -= 1) {
        const event = ctx.store.auditLogs[i];
        if (event === undefined) continue;
        const at = event.effective_at;
        if (bounds.gt !== undefined && !(at > bounds.gt)) continue;
        if (bounds.gte !== undefined && !(at >= bounds.gte)) continue;
        if (bounds.lt !== undefined && !(at < bounds.lt)) continue;
        if (bounds.lte !== undefined && !(at <= bounds.lte)) continue;
        if (projectIds.size > 0 && !projectIds.has(event.project?.id ?? '')) continue;
        // Tenant-scoped events live only under tenant_only=true, and only they do.
        if (isTenantScoped(event.type) !== tenantOnly) continue;
        if (types.size > 0 && !types.has(event.type)) continue;
        const actor = actorOf(event);
        if (actorIds.size > 0 && !actorIds.has(actor.id ?? '')) continue;
        if (actorEmails.size > 0 && !actorEmails.has((actor.email ?? '').toLowerCase())) continue;
        if (resources.size > 0 && !resourceIds(event).some((id) => resources.has(id))) continue;
        events.push(event);
      }
      // Already newest first: the list has no `order` parameter.
      return cursorPage(events, (e) => e.id, (e) => e, ctx.query, LIMITS.standard);
    },
  },
];
