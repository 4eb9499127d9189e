// What the governance kinds (spend limits and alerts, model and hosted-tool permissions,
// data retention) share: their targets and fields, how an executor finds its project,
// request arithmetic, the plan's words for their fields, and the tenant-scoped audit
// events that tell of them.
import type { RunContext } from '../apply/executors/types.js';
import { PlanExecutionError } from '../apply/errors.js';
import type { MapContext } from '../drift/map-event.js';
import type { DriftTarget } from '../drift/types.js';
import { perReadProject } from '../live/pages.js';
import type { ReadCounts, ReadScope } from '../live/types.js';
import { DEFAULT_CURRENCY, DEFAULT_INTERVAL, formatMoney, type SpendAlert, type SpendLimit } from '../model/governance.js';
import type { DesiredState, SourceLocation } from '../model/types.js';
import type { ResourceKind } from '../plan/types.js';


/** An organization setting's target: there is one, it needs no name. */
export type OrgTarget = Record<string, never>;

/** A project-level governance change's target. */
export interface ProjectTarget {
  project: string;
  projectId?: string;
}

/** A spend alert's target: its threshold (its identity) and, when live, its id. */
export interface SpendAlertTarget {
  spendAlert: string;
  spendAlertId?: string;
}

export interface SpendLimitFields {
  thresholdAmount: number;
  currency: string;
  interval: string;
}

export interface SpendAlertFields {
  thresholdAmount: number;
  currency: string;
  interval: string;
  recipients: string[];
  subjectPrefix: string | null;
}

export interface ModelPermissionFields {
  mode: 'allow_list' | 'deny_list';
  modelIds: string[];
}

export interface HostedToolFields {
  fileSearch: boolean;
  webSearch: boolean;
  imageGeneration: boolean;
  mcp: boolean;
  codeInterpreter: boolean;
}

export interface RetentionFields {
  type: string;
}

/** The live id of a change's project: planned, or created earlier in this apply. */
export function projectIdFor(change: { address: string; target: ProjectTarget }, run: RunContext): Promise<string> {
  const { projectId, project } = change.target;
  if (projectId !== undefined && projectId !== '') return Promise.resolve(projectId);
  if (project === '') throw new PlanExecutionError(`change ${change.address} names no project`);
  return run.registry.project(project);
}

/** A field of a change that must be there; a missing one is a plan bug, said clearly. */
export function needed<T>(change: { address: string }, what: string, value: T | undefined): T {
  if (value === undefined) throw new PlanExecutionError(`change ${change.address} has no ${what}`);
  return value;
}

/** Requests to read one project-level singleton kind: one per active project whose scope asks for it. */
export function projectSingletonRequests(kind: ResourceKind) {
  return (scope: ReadScope, counts: ReadCounts): number => perReadProject(scope, counts, (_p, ps) => (ps.extensions?.has(kind) === true ? 1 : 0));
}

/** Requests to read one organization singleton kind. */
export function orgSingletonRequests(kind: ResourceKind) {
  return (scope: ReadScope): number => (scope.extensions?.has(kind) === true ? 1 : 0);
}

/** The plan's words for a governance field: money with its currency, lists joined. */
export function formatGovernanceField(key: string, value: unknown, values?: Readonly<Record<string, unknown>>): string | undefined {
  const currency = typeof values?.currency === 'string' ? values.currency : DEFAULT_CURRENCY;
  const interval = typeof values?.interval === 'string' ? values.interval : DEFAULT_INTERVAL;
  if (key === 'thresholdAmount' && typeof value === 'number') return `${formatMoney(value, currency)}/${interval}`;
  // Said with the amount.
  if ((key === 'currency' || key === 'interval') && values !== undefined && 'thresholdAmount' in values) return '';
  if (key === 'recipients' && Array.isArray(value)) return value.join(', ');
  if (key === 'modelIds' && Array.isArray(value)) return value.length === 0 ? 'none' : value.join(', ');
  if (key === 'mode' && typeof value === 'string') return value.replace('_', ' ');
  if (typeof value === 'boolean' && ['fileSearch', 'webSearch', 'imageGeneration', 'mcp', 'codeInterpreter'].includes(key)) return value ? 'enabled' : 'disabled';
  return undefined;
}

/**
 * Tenant-scoped audit events about billing (spec AuditLogEventType): they carry no payload
 * schema and do not say which project, so drift maps them to every managed setting they
 * could be about, as set addresses (`project[*]…` is not a grammar form: each managed
 * project is named).
 */
export const SPEND_LIMIT_EVENTS = ['tenant.billing.overage_limit.updated'] as const;
export const SPEND_ALERT_EVENTS = ['tenant.billing.alerts.updated'] as const;

/** Drift targets for an event that may concern the organization's or any managed project's setting. */
type Declared = { source?: SourceLocation } | ReadonlyMap<string, unknown> | null | undefined;

/** Where a declared setting was written (a list of alerts: its first alert's line). */
function sourceOf(value: Declared): { source?: SourceLocation } {
  if (value === null || value === undefined) return {};
  if (value instanceof Map) return sourceOf([...(value as ReadonlyMap<string, { source?: SourceLocation }>).values()][0]);
  const source = (value as { source?: SourceLocation }).source;
  return source === undefined ? {} : { source };
}

/**
 * Drift targets for a tenant-scoped event that may concern the organization's setting or any
 * declared project's: the organization's (managed or not) and each project that declares it.
 */
export function governanceTargets(
  ctx: MapContext,
  org: { kind: ResourceKind; address: string; declared: (desired: DesiredState) => Declared },
  project: { kind: ResourceKind; address: (project: string) => string; declared: (desired: DesiredState, project: string) => Declared },
): DriftTarget[] {
  const { desired } = ctx;
  const orgValue = org.declared(desired);
  const targets: DriftTarget[] = [{ address: org.address, kind: org.kind, managed: orgValue !== undefined, ...sourceOf(orgValue) }];
  for (const name of [...desired.org.projects.keys()].sort()) {
    const value = project.declared(desired, name);
    if (value !== undefined) targets.push({ address: project.address(name), kind: project.kind, managed: true, ...sourceOf(value) });
  }
  return targets;
}

/** The manifest form of a spend limit (currency and interval left out when they are the defaults). */
export function spendLimitManifest(limit: SpendLimit): Record<string, unknown> {
  return {
    thresholdAmount: limit.thresholdAmount,
    ...(limit.currency === DEFAULT_CURRENCY ? {} : { currency: limit.currency }),
    ...(limit.interval === DEFAULT_INTERVAL ? {} : { interval: limit.interval }),
  };
}

/** The manifest form of a list of spend alerts, by threshold. */
export function spendAlertsManifest(alerts: ReadonlyMap<string, SpendAlert>): Record<string, unknown>[] {
  return [...alerts.values()]
    .sort((a, b) => a.thresholdAmount - b.thresholdAmount)
    .map((a) => ({
      thresholdAmount: a.thresholdAmount,
      ...(a.currency === DEFAULT_CURRENCY ? {} : { currency: a.currency }),
      ...(a.interval === DEFAULT_INTERVAL ? {} : { interval: a.interval }),
      notificationChannel: {
        recipients: [...a.notificationChannel.recipients],
        ...(a.notificationChannel.subjectPrefix === null ? {} : { subjectPrefix: a.notificationChannel.subjectPrefix }),
      },
    }));
}

/** Creates a spend alert body from a change's `after`. */
export function spendAlertBody(change: { address: string; after?: Partial<SpendAlertFields> }) {
  const after = change.after ?? {};
  return {
    threshold_amount: needed(change, 'after.thresholdAmount', after.thresholdAmount),
    currency: needed(change, 'after.currency', after.currency) as 'USD',
    interval: needed(change, 'after.interval', after.interval) as 'month',
    notification_channel: {
      type: 'email' as const,
      recipients: needed(change, 'after.recipients', after.recipients),
      subject_prefix: after.subjectPrefix ?? null,
    },
  };
}

/** A live alert matches a change's alert when threshold, currency and interval agree. */
export function sameAlert(wire: { threshold_amount: number; currency: string; interval: string }, body: { threshold_amount: number; currency: string; interval: string }): boolean {
  return wire.threshold_amount === body.threshold_amount && wire.currency === body.currency && wire.interval === body.interval;
}
