// Governance settings: hard spend limits and spend alerts (organization and project), project
// model and hosted-tool permissions, organization and project data retention. Shapes follow
// the spec's schemas; bodies are checked against its request schemas before a handler runs
// (server.ts), so handlers only add what a schema cannot say (an alert needs a recipient).
//
// Singletons never set: the spec documents only 200 for their GETs, but a server may answer
// 404. The emulator answers 404 by default (store.unsetSettings '404'); in 'default' mode it
// answers 200 with the setting's default instead: model permissions `deny_list` with no
// models (every model allowed), hosted tools all enabled, project data retention
// `organization_default` and organization data retention `modified_abuse_monitoring` (the
// spec's example answers; its organization enum has no "standard" value). A hard spend limit
// answers 404 in both modes: its resource cannot say "no limit" (`threshold_amount` is required,
// at least 1 cent), so a 200 would have to invent a cap.
//
// Audit events: the spec lists no organization-scoped event type for any of these endpoints.
// It lists the tenant-scoped `tenant.billing.alerts.updated` and
// `tenant.billing.overage_limit.updated` without a payload schema: spend-alert changes record the
// first and spend-limit changes the second, with no payload, listed only with `tenant_only=true`
// (routes/audit-logs.ts). Model permissions, hosted-tool permissions and data retention record
// nothing: the spec has no event type for them (a drift watcher cannot see those changes in the
// audit log; it must re-read them).
import type { HandlerContext, LimitSpec, RouteDef } from '../context.js';
import { bodyObject, cursorPage, oneOf, stringArray } from '../context.js';
import { badRequest, EmulatorHttpError, notFound } from '../http-error.js';
import { newId } from '../ids.js';
import {
  renderHostedTools,
  renderModelPermissions,
  renderOrgDataRetention,
  renderProjectDataRetention,
  renderSpendAlert,
  renderSpendLimit,
} from '../render.js';
import { nested } from '../store.js';
import {
  HOSTED_TOOLS,
  ORG_RETENTION_TYPES,
  PROJECT_RETENTION_TYPES,
  type HostedToolsRec,
  type ModelPermissionsRec,
  type SpendAlertRec,
  type SpendLimitRec,
} from '../types.js';
import { param, requireActiveProject, requireProject } from './lookup.js';

/** Spec, list spend alerts: `limit` 0..100, default 20; `order` asc by default. */
const ALERT_LIMITS: LimitSpec = { min: 0, max: 100, default: 20 };

export const DEFAULT_MODEL_PERMISSIONS: Readonly<ModelPermissionsRec> = { mode: 'deny_list', model_ids: [] };
export const DEFAULT_HOSTED_TOOLS: Readonly<HostedToolsRec> = {
  file_search: true,
  web_search: true,
  image_generation: true,
  mcp: true,
  code_interpreter: true,
};
export const DEFAULT_ORG_RETENTION = 'modified_abuse_monitoring' as const;
export const DEFAULT_PROJECT_RETENTION = 'organization_default' as const;

function unset(message: string): EmulatorHttpError {
  return new EmulatorHttpError(404, message, { code: 'not_found' });
}

/** A setting's value, its default in 'default' mode, or a 404 naming what is not set. */
function orUnset<T>(ctx: HandlerContext, value: T | undefined | null, fallback: T | undefined, message: string): T {
  if (value !== undefined && value !== null) return value;
  if (fallback !== undefined && ctx.store.unsetSettings === 'default') return fallback;
  throw unset(message);
}

// --- bodies (already valid against the spec's schema; read them typed) ----------------------

function readSpendLimit(ctx: HandlerContext, previous: SpendLimitRec | null | undefined): SpendLimitRec {
  const body = bodyObject(ctx);
  const amount = body.threshold_amount;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1) {
    throw badRequest("Invalid 'threshold_amount': expected a whole number of cents, at least 1.", 'threshold_amount');
  }
  return {
    threshold_amount: amount,
    currency: oneOf(String(body.currency), ['USD'] as const, 'currency'),
    interval: oneOf(String(body.interval), ['month'] as const, 'interval'),
    // The enforcement state is the server's: replacing the amount keeps it, a new limit enforces.
    enforcement_status: previous?.enforcement_status ?? 'enforcing',
  };
}

const EMAIL = /^[^@\s]+@[^@\s]+$/;

function readSpendAlert(ctx: HandlerContext, id: string): SpendAlertRec {
  const body = bodyObject(ctx);
  const amount = body.threshold_amount;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0) {
    throw badRequest("Invalid 'threshold_amount': expected a whole number of cents.", 'threshold_amount');
  }
  const channel = body.notification_channel;
  if (channel === null || typeof channel !== 'object' || Array.isArray(channel)) {
    throw badRequest("Missing required parameter: 'notification_channel'.", 'notification_channel');
  }
  const fields = channel as Record<string, unknown>;
  oneOf(String(fields.type), ['email'] as const, 'notification_channel.type');
  const recipients = stringArray(fields, 'recipients');
  if (recipients.length === 0) {
    throw badRequest("'notification_channel.recipients' must name at least one email address.", 'notification_channel.recipients');
  }
  for (const address of recipients) {
    if (!EMAIL.test(address)) throw badRequest(`Invalid email address in 'notification_channel.recipients': '${address}'.`, 'notification_channel.recipients');
  }
  const prefix = fields.subject_prefix;
  return {
    id,
    threshold_amount: amount,
    currency: oneOf(String(body.currency), ['USD'] as const, 'currency'),
    interval: oneOf(String(body.interval), ['month'] as const, 'interval'),
    recipients: [...recipients],
    subject_prefix: typeof prefix === 'string' && prefix !== '' ? prefix : null,
  };
}

function readModelPermissions(ctx: HandlerContext): ModelPermissionsRec {
  const body = bodyObject(ctx);
  const mode = oneOf(String(body.mode), ['allow_list', 'deny_list'] as const, 'mode');
  const ids = stringArray(body, 'model_ids');
  if (ids.some((id) => id.trim() === '')) throw badRequest("'model_ids' must not hold an empty model id.", 'model_ids');
  return { mode, model_ids: [...new Set(ids)] };
}

/** Tools named in the body change; `null` or left out keeps the tool's setting. */
function applyHostedTools(ctx: HandlerContext, current: HostedToolsRec): HostedToolsRec {
  const body = bodyObject(ctx);
  const next = { ...current };
  for (const tool of HOSTED_TOOLS) {
    const update = body[tool];
    if (update === undefined || update === null) continue;
    const enabled = (update as { enabled?: unknown }).enabled;
    if (typeof enabled !== 'boolean') throw badRequest(`Invalid type for '${tool}.enabled': expected a boolean.`, `${tool}.enabled`);
    next[tool] = enabled;
  }
  return next;
}

function retentionType<T extends string>(ctx: HandlerContext, allowed: readonly T[]): T {
  return oneOf(String(bodyObject(ctx).retention_type), allowed, 'retention_type');
}

// --- spend alerts, organization and project alike ----------------------------------------------

function alertsOf(ctx: HandlerContext, scope: 'organization' | 'project'): Map<string, SpendAlertRec> {
  if (scope === 'organization') return ctx.store.orgSpendAlerts;
  return nested(ctx.store.projectSpendAlerts, requireProject(ctx).id, () => new Map<string, SpendAlertRec>());
}

function requireAlert(ctx: HandlerContext, alerts: Map<string, SpendAlertRec>): SpendAlertRec {
  const id = param(ctx, 'alert_id');
  const alert = alerts.get(id);
  if (!alert) throw notFound('spend alert', id);
  return alert;
}

function alertRoutes(scope: 'organization' | 'project'): RouteDef[] {
  const base = scope === 'organization' ? '/v1/organization/spend_alerts' : '/v1/organization/projects/{project_id}/spend_alerts';
  const object = scope === 'organization' ? ('organization.spend_alert' as const) : ('project.spend_alert' as const);
  const render = (alert: SpendAlertRec) => (object === 'organization.spend_alert' ? renderSpendAlert(alert, object) : renderSpendAlert(alert, object));
  /** Writes need an active project (archived projects reject changes). */
  const writable = (ctx: HandlerContext): string | undefined => (scope === 'project' ? requireActiveProject(ctx).id : undefined);
  return [
    {
      method: 'GET',
      path: base,
      handler: (ctx) => cursorPage([...alertsOf(ctx, scope).values()], (a) => a.id, render, ctx.query, ALERT_LIMITS, 'asc'),
    },
    {
      method: 'POST',
      path: base,
      handler: (ctx) => {
        const projectId = writable(ctx);
        const alert = readSpendAlert(ctx, newId('spend_alert'));
        alertsOf(ctx, scope).set(alert.id, alert);
        ctx.audit('tenant.billing.alerts.updated', undefined, projectId);
        return render(alert);
      },
    },
    {
      method: 'GET',
      path: `${base}/{alert_id}`,
      handler: (ctx) => render(requireAlert(ctx, alertsOf(ctx, scope))),
    },
    {
      method: 'POST',
      path: `${base}/{alert_id}`,
      handler: (ctx) => {
        const projectId = writable(ctx);
        const alerts = alertsOf(ctx, scope);
        const alert = readSpendAlert(ctx, requireAlert(ctx, alerts).id);
        alerts.set(alert.id, alert);
        ctx.audit('tenant.billing.alerts.updated', undefined, projectId);
        return render(alert);
      },
    },
    {
      method: 'DELETE',
      path: `${base}/{alert_id}`,
      handler: (ctx) => {
        const projectId = writable(ctx);
        const alerts = alertsOf(ctx, scope);
        const alert = requireAlert(ctx, alerts);
        alerts.delete(alert.id);
        ctx.audit('tenant.billing.alerts.updated', undefined, projectId);
        return { id: alert.id, object: `${object}.deleted`, deleted: true };
      },
    },
  ];
}

export const governanceRoutes: RouteDef[] = [
  // organization hard spend limit
  {
    method: 'GET',
    path: '/v1/organization/spend_limit',
    handler: (ctx) =>
      renderSpendLimit(orUnset(ctx, ctx.store.orgSpendLimit, undefined, 'No hard spend limit is set for this organization.'), 'organization.spend_limit'),
  },
  {
    method: 'POST',
    path: '/v1/organization/spend_limit',
    handler: (ctx) => {
      ctx.store.orgSpendLimit = readSpendLimit(ctx, ctx.store.orgSpendLimit);
      ctx.audit('tenant.billing.overage_limit.updated');
      return renderSpendLimit(ctx.store.orgSpendLimit, 'organization.spend_limit');
    },
  },
  {
    method: 'DELETE',
    path: '/v1/organization/spend_limit',
    handler: (ctx) => {
      if (ctx.store.orgSpendLimit === null) throw unset('No hard spend limit is set for this organization.');
      ctx.store.orgSpendLimit = null;
      ctx.audit('tenant.billing.overage_limit.updated');
      return { object: 'organization.spend_limit.deleted', deleted: true };
    },
  },

  // project hard spend limit
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}/spend_limit',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const limit = orUnset(ctx, ctx.store.projectSpendLimits.get(project.id), undefined, `No hard spend limit is set for project '${project.id}'.`);
      return renderSpendLimit(limit, 'project.spend_limit');
    },
  },
  {
    method: 'POST',
    path: '/v1/organization/projects/{project_id}/spend_limit',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      const limit = readSpendLimit(ctx, ctx.store.projectSpendLimits.get(project.id));
      ctx.store.projectSpendLimits.set(project.id, limit);
      ctx.audit('tenant.billing.overage_limit.updated', undefined, project.id);
      return renderSpendLimit(limit, 'project.spend_limit');
    },
  },
  {
    method: 'DELETE',
    path: '/v1/organization/projects/{project_id}/spend_limit',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      if (!ctx.store.projectSpendLimits.delete(project.id)) throw unset(`No hard spend limit is set for project '${project.id}'.`);
      ctx.audit('tenant.billing.overage_limit.updated', undefined, project.id);
      return { object: 'project.spend_limit.deleted', deleted: true };
    },
  },

  ...alertRoutes('organization'),
  ...alertRoutes('project'),

  // project model permissions (no audit event type in the spec)
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}/model_permissions',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const rec = orUnset(ctx, ctx.store.projectModelPermissions.get(project.id), DEFAULT_MODEL_PERMISSIONS, `No model permissions are set for project '${project.id}'.`);
      return renderModelPermissions(rec);
    },
  },
  {
    method: 'POST',
    path: '/v1/organization/projects/{project_id}/model_permissions',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      const rec = readModelPermissions(ctx);
      ctx.store.projectModelPermissions.set(project.id, rec);
      return renderModelPermissions(rec);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/organization/projects/{project_id}/model_permissions',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      if (!ctx.store.projectModelPermissions.delete(project.id)) throw unset(`No model permissions are set for project '${project.id}'.`);
      return { object: 'project.model_permissions.deleted', deleted: true };
    },
  },

  // project hosted-tool permissions (no delete in the spec; no audit event type)
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}/hosted_tool_permissions',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const rec = orUnset(ctx, ctx.store.projectHostedTools.get(project.id), DEFAULT_HOSTED_TOOLS, `No hosted tool permissions are set for project '${project.id}'.`);
      return renderHostedTools(rec);
    },
  },
  {
    method: 'POST',
    path: '/v1/organization/projects/{project_id}/hosted_tool_permissions',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      const rec = applyHostedTools(ctx, ctx.store.projectHostedTools.get(project.id) ?? DEFAULT_HOSTED_TOOLS);
      ctx.store.projectHostedTools.set(project.id, rec);
      return renderHostedTools(rec);
    },
  },

  // data retention (no delete in the spec; no audit event type)
  {
    method: 'GET',
    path: '/v1/organization/data_retention',
    handler: (ctx) =>
      renderOrgDataRetention(orUnset(ctx, ctx.store.orgDataRetention, DEFAULT_ORG_RETENTION, 'No data retention control is set for this organization.')),
  },
  {
    method: 'POST',
    path: '/v1/organization/data_retention',
    handler: (ctx) => {
      ctx.store.orgDataRetention = retentionType(ctx, ORG_RETENTION_TYPES);
      return renderOrgDataRetention(ctx.store.orgDataRetention);
    },
  },
  {
    method: 'GET',
    path: '/v1/organization/projects/{project_id}/data_retention',
    handler: (ctx) => {
      const project = requireProject(ctx);
      const type = orUnset(ctx, ctx.store.projectDataRetention.get(project.id), DEFAULT_PROJECT_RETENTION, `No data retention control is set for project '${project.id}'.`);
      return renderProjectDataRetention(type);
    },
  },
  {
    method: 'POST',
    path: '/v1/organization/projects/{project_id}/data_retention',
    handler: (ctx) => {
      const project = requireActiveProject(ctx);
      const type = retentionType(ctx, PROJECT_RETENTION_TYPES);
      ctx.store.projectDataRetention.set(project.id, type);
      return renderProjectDataRetention(type);
    },
  },
];
