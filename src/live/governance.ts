// Governance settings of the organization and of a project: what to read (only what some
// manifest manages), how to read it (a singleton answering 404 is "unset", not an error) and
// how the wire shapes become the model. Requests: one per singleton, pages per alert list.
import type { AdminApi } from '../api/admin-api.js';
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
  type OrgGovernanceValues,
  type ProjectGovernanceValues,
  type ProjectDataRetentionType,
  type SpendAlert,
  type SpendLimit,
} from '../model/governance.js';
import type { DesiredState, Project } from '../model/types.js';

export interface OrgGovernanceScope {
  spendLimit: boolean;
  spendAlerts: boolean;
  dataRetention: boolean;
}

export interface ProjectGovernanceScope {
  spendLimit: boolean;
  spendAlerts: boolean;
  modelPermissions: boolean;
  hostedToolPermissions: boolean;
  dataRetention: boolean;
}

export const NO_ORG_GOVERNANCE: OrgGovernanceScope = { spendLimit: false, spendAlerts: false, dataRetention: false };
export const ALL_ORG_GOVERNANCE: OrgGovernanceScope = { spendLimit: true, spendAlerts: true, dataRetention: true };
export const NO_PROJECT_GOVERNANCE: ProjectGovernanceScope = {
  spendLimit: false,
  spendAlerts: false,
  modelPermissions: false,
  hostedToolPermissions: false,
  dataRetention: false,
};
export const ALL_PROJECT_GOVERNANCE: ProjectGovernanceScope = {
  spendLimit: true,
  spendAlerts: true,
  modelPermissions: true,
  hostedToolPermissions: true,
  dataRetention: true,
};

/**
 * The organization's settings a desired state needs. A project's `organization_default`
 * retention is compared with the organization's, so managing any project's retention, or
 * requiring a retention, reads the organization's too.
 */
export function orgGovernanceScope(desired: DesiredState): OrgGovernanceScope {
  const { org, policy } = desired;
  const projectRetention = [...org.projects.values()].some((p) => p.status !== 'archived' && p.dataRetention !== undefined);
  return {
    spendLimit: org.spendLimit !== undefined,
    spendAlerts: org.spendAlerts !== undefined,
    dataRetention: org.dataRetention !== undefined || projectRetention || policy.rules.requireDataRetention !== undefined,
  };
}

/** A project's settings its manifest manages, and those the Policy's rules look at (live findings). */
export function projectGovernanceScope(project: Project | undefined, desired: DesiredState): ProjectGovernanceScope {
  const { rules } = desired.policy;
  if (project?.status === 'archived') return NO_PROJECT_GOVERNANCE;
  return {
    spendLimit: project?.spendLimit !== undefined || rules.requireProjectSpendLimit !== undefined,
    spendAlerts: project?.spendAlerts !== undefined,
    modelPermissions: project?.modelPermissions !== undefined || rules.allowedModels !== undefined,
    hostedToolPermissions: project?.hostedToolPermissions !== undefined,
    dataRetention: project?.dataRetention !== undefined || rules.requireDataRetention !== undefined,
  };
}

export function anyGovernance(scope: OrgGovernanceScope | ProjectGovernanceScope | undefined): boolean {
  return scope !== undefined && Object.values(scope).some((v) => v === true);
}

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
  return { type: (wire?.type ?? 'organization_default') as ProjectDataRetentionType };
}

// ---- reading ----

export interface Fetchers {
  list<T>(what: string, open: () => AsyncIterable<T>): Promise<T[]>;
  get<T>(what: string, fetch: () => Promise<T>): Promise<T>;
}

export type OrgGovernanceLive = OrgGovernanceValues;

export async function readOrgGovernance(api: AdminApi, scope: OrgGovernanceScope | undefined, fetch: Fetchers): Promise<OrgGovernanceLive> {
  if (scope === undefined || !anyGovernance(scope)) return {};
  const [limit, alerts, retention] = await Promise.all([
    scope.spendLimit ? fetch.get('organization spend limit', () => api.getOrgSpendLimit()) : undefined,
    scope.spendAlerts ? fetch.list('organization spend alerts', () => api.listOrgSpendAlerts()) : undefined,
    scope.dataRetention ? fetch.get('organization data retention', () => api.getOrgDataRetention()) : undefined,
  ]);
  const result: { -readonly [K in keyof OrgGovernanceLive]: OrgGovernanceLive[K] } = {};
  if (limit !== undefined) result.spendLimit = spendLimitFromWire(limit);
  if (alerts !== undefined) result.spendAlerts = spendAlertsFromWire(alerts);
  if (retention !== undefined) result.dataRetention = orgRetentionFromWire(retention);
  return result;
}

export type ProjectGovernanceLive = ProjectGovernanceValues;

export async function readProjectGovernance(
  api: AdminApi,
  projectId: string,
  label: string,
  scope: ProjectGovernanceScope | undefined,
  fetch: Fetchers,
): Promise<ProjectGovernanceLive> {
  if (scope === undefined || !anyGovernance(scope)) return {};
  const [limit, alerts, models, tools, retention] = await Promise.all([
    scope.spendLimit ? fetch.get(`spend limit of ${label}`, () => api.getProjectSpendLimit(projectId)) : undefined,
    scope.spendAlerts ? fetch.list(`spend alerts of ${label}`, () => api.listProjectSpendAlerts(projectId)) : undefined,
    scope.modelPermissions ? fetch.get(`model permissions of ${label}`, () => api.getProjectModelPermissions(projectId)) : undefined,
    scope.hostedToolPermissions ? fetch.get(`hosted tool permissions of ${label}`, () => api.getProjectHostedToolPermissions(projectId)) : undefined,
    scope.dataRetention ? fetch.get(`data retention of ${label}`, () => api.getProjectDataRetention(projectId)) : undefined,
  ]);
  const result: { -readonly [K in keyof ProjectGovernanceLive]: ProjectGovernanceLive[K] } = {};
  if (limit !== undefined) result.spendLimit = spendLimitFromWire(limit);
  if (alerts !== undefined) result.spendAlerts = spendAlertsFromWire(alerts);
  if (models !== undefined) result.modelPermissions = modelPermissionsFromWire(models);
  if (tools !== undefined) result.hostedToolPermissions = hostedToolsFromWire(tools);
  if (retention !== undefined) result.dataRetention = projectRetentionFromWire(retention);
  return result;
}
