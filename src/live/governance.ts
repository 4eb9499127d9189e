// Governance settings of the organization and of a project, from the wire to the model: a
// singleton the API answers 404 for (its client getter gives null) is "unset", not an error.
import type {
  OrganizationDataRetention,
  OrganizationSpendAlert,
  OrganizationSpendLimitResource,
  ProjectDataRetention,
  ProjectHostedToolPermissions,
  ProjectModelPermissions,
  ProjectSpendAlert,
  ProjectSpendLimitResource,
} from '../api/types.js';
import {
  HOSTED_TOOLS,
  hostedToolApiName,
  spendAlertKey,
  type DataRetention,
  type HostedTool,
  type HostedToolPermissions,
  type ModelPermissions,
  type OrgDataRetentionType,
  type SpendAlert,
  type SpendLimit,
} from '../model/governance.js';

// ---- wire → model ----

export function spendLimitFromWire(wire: OrganizationSpendLimitResource | ProjectSpendLimitResource | null): SpendLimit | null {
  if (wire === null) return null;
  if (typeof wire.threshold_amount !== 'number') throw new Error('spend limit without a threshold_amount');
  return {
    thresholdAmount: wire.threshold_amount,
    currency: wire.currency,
    interval: wire.interval,
    ...(typeof wire.enforcement?.status === 'string' ? { enforcement: wire.enforcement.status } : {}),
  };
}

export function spendAlertFromWire(wire: OrganizationSpendAlert | ProjectSpendAlert): SpendAlert {
  if (typeof wire.threshold_amount !== 'number') throw new Error(`spend alert ${wire.id} without a threshold_amount`);
  return {
    thresholdAmount: wire.threshold_amount,
    currency: wire.currency,
    interval: wire.interval,
    notificationChannel: {
      type: 'email',
      recipients: [...(wire.notification_channel?.recipients ?? [])],
      subjectPrefix: wire.notification_channel?.subject_prefix ?? null,
    },
    id: wire.id,
  };
}

/**
 * Alerts keyed by threshold. Two live alerts at one threshold: the first (by id) is the
 * alert, the others are keyed apart (`… #alert_id`) so the diff sees them as undeclared.
 */
export function spendAlertsFromWire(wire: readonly (OrganizationSpendAlert | ProjectSpendAlert)[]): Map<string, SpendAlert> {
  const alerts = new Map<string, SpendAlert>();
  for (const item of [...wire].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const alert = spendAlertFromWire(item);
    const key = spendAlertKey(alert);
    alerts.set(alerts.has(key) ? `${key} #${item.id}` : key, alert);
  }
  return alerts;
}

/** `deny_list` with no models restricts nothing: the same as no permissions (null). */
export function modelPermissionsFromWire(wire: ProjectModelPermissions | null): ModelPermissions | null {
  if (wire === null) return null;
  const modelIds = [...new Set(wire.model_ids ?? [])].sort();
  if (wire.mode === 'deny_list' && modelIds.length === 0) return null;
  return { mode: wire.mode, modelIds };
}

/** A 404 (never set) reads as every tool enabled: the spec's example of a fresh project. */
export function hostedToolsFromWire(wire: ProjectHostedToolPermissions | null): HostedToolPermissions {
  const tools: Partial<Record<HostedTool, boolean>> = {};
  for (const tool of HOSTED_TOOLS) {
    const entry = wire?.[hostedToolApiName(tool) as keyof ProjectHostedToolPermissions];
    tools[tool] = entry === undefined ? true : entry.enabled === true;
  }
  return { tools };
}

/** A 404 (never set): the organization has no control; a project follows the organization. */
export function orgRetentionFromWire(wire: OrganizationDataRetention | null): DataRetention<OrgDataRetentionType> | null {
  return wire === null ? null : { type: wire.type };
}

export function projectRetentionFromWire(wire: ProjectDataRetention | null): DataRetention {
  return { type: wire?.type ?? 'organization_default' };
}
