// Governance settings: spend limits, spend alerts, model and hosted-tool permissions, data
// retention, for the organization and each project. A setting the manifest does not mention
// is not compared. A change that loosens a control (a limit raised or removed, a model newly
// allowed, a tool enabled, retention weakened) is destructive-class: `destructive: true`, and
// `isLoosening` tells the guards it is a loosening rather than a removal.
import {
  enabledTools,
  formatThreshold,
  HOSTED_TOOLS,
  loosensSpendLimit,
  modelAccessChange,
  retentionRank,
  weakensRetention,
  type DataRetention,
  type HostedTool,
  type HostedToolPermissions,
  type ModelPermissions,
  type SpendAlert,
  type SpendLimit,
} from '../model/governance.js';
import type { SourceLocation } from '../model/types.js';
import { address } from './address.js';
import type { ProjectSite } from '../kinds/types.js';
import type { DiffContext } from './context.js';
import type { Change, ResourceKind } from './types.js';

type LooseTarget = Record<string, string | undefined>;

interface Input {
  address: string;
  action: Change['action'];
  kind: ResourceKind;
  target: LooseTarget;
  reason: string;
  before?: Record<string, unknown> | undefined;
  after?: Record<string, unknown> | undefined;
  destructive?: boolean;
  dependsOn?: readonly (string | undefined)[];
  source?: SourceLocation | undefined;
}

/** Pushes a governance change; its kind module's KindTypes entry says which fields it carries. */
function addChange(ctx: DiffContext, input: Input): void {
  const target = Object.fromEntries(Object.entries(input.target).filter(([, v]) => v !== undefined));
  const change = {
    address: input.address,
    action: input.action,
    kind: input.kind,
    target,
    reason: input.reason,
    destructive: input.destructive === true || input.action === 'delete',
    dependsOn: [...new Set((input.dependsOn ?? []).filter((d): d is string => d !== undefined))].sort(),
    ...(input.before === undefined ? {} : { before: input.before }),
    ...(input.after === undefined ? {} : { after: input.after }),
    ...(input.source === undefined ? {} : { source: input.source }),
  } as unknown as Change; // the kind modules' KindTypes entries say which fields each kind carries
  ctx.changes.push(change);
}

/** Kinds whose destructive changes loosen a control (spend alerts are removed, not loosened). */
export const LOOSENING_KINDS: ReadonlySet<ResourceKind> = new Set<ResourceKind>([
  'org.spend_limit',
  'project.spend_limit',
  'project.model_permissions',
  'project.hosted_tool_permissions',
  'org.data_retention',
  'project.data_retention',
]);

/** A change that loosens a governance control (counted by safety.maxLoosenings, not maxDeletes). */
export function isLoosening(change: Pick<Change, 'kind' | 'destructive'>): boolean {
  return change.destructive && LOOSENING_KINDS.has(change.kind);
}

function limitFields(limit: SpendLimit): Record<string, unknown> {
  return { thresholdAmount: limit.thresholdAmount, currency: limit.currency, interval: limit.interval };
}

function diffSpendLimit(ctx: DiffContext, at: string, kind: ResourceKind, target: LooseTarget, want: SpendLimit | null | undefined, have: SpendLimit | null | undefined, dependsOn?: string): void {
  if (want === undefined) return;
  const held = have ?? null;
  if (want === null) {
    if (held === null) return;
    addChange(ctx, {
      address: at,
      action: 'delete',
      kind,
      target,
      before: limitFields(held),
      reason: `spend limit ${formatThreshold(held)} removed: spending is no longer capped (loosens the limit)`,
      destructive: true,
    });
    return;
  }
  if (held !== null && held.thresholdAmount === want.thresholdAmount && held.currency === want.currency && held.interval === want.interval) return;
  const loosens = loosensSpendLimit(held, want);
  addChange(ctx, {
    address: at,
    action: held === null ? 'create' : 'update',
    kind,
    target,
    ...(held === null ? {} : { before: limitFields(held) }),
    after: limitFields(want),
    reason:
      held === null
        ? `cap spending at ${formatThreshold(want)}`
        : `spend limit ${loosens ? 'raised' : 'lowered'} from ${formatThreshold(held)} to ${formatThreshold(want)}${loosens ? ' (loosens the limit)' : ''}`,
    destructive: loosens,
    dependsOn: [dependsOn],
    source: want.source,
  });
}

function alertFields(alert: SpendAlert): Record<string, unknown> {
  return {
    thresholdAmount: alert.thresholdAmount,
    currency: alert.currency,
    interval: alert.interval,
    recipients: [...alert.notificationChannel.recipients],
    subjectPrefix: alert.notificationChannel.subjectPrefix,
  };
}

const sameRecipients = (a: readonly string[], b: readonly string[]): boolean => {
  const norm = (list: readonly string[]) => [...new Set(list.map((r) => r.toLowerCase()))].sort().join('\n');
  return norm(a) === norm(b);
};

function diffSpendAlerts(
  ctx: DiffContext,
  addressOf: (key: string) => string,
  kind: ResourceKind,
  target: LooseTarget,
  want: ReadonlyMap<string, SpendAlert> | undefined,
  have: ReadonlyMap<string, SpendAlert> | undefined,
  dependsOn?: string,
): void {
  if (want === undefined) return;
  const live = have ?? new Map<string, SpendAlert>();
  for (const key of [...want.keys()].sort()) {
    const wanted = want.get(key)!;
    const held = live.get(key);
    if (held === undefined) {
      addChange(ctx, {
        address: addressOf(key),
        action: 'create',
        kind,
        target: { ...target, spendAlert: key },
        after: alertFields(wanted),
        reason: `alert ${wanted.notificationChannel.recipients.join(', ')} when spend reaches ${key}`,
        dependsOn: [dependsOn],
        source: wanted.source,
      });
      continue;
    }
    const recipientsDiffer = !sameRecipients(wanted.notificationChannel.recipients, held.notificationChannel.recipients);
    const prefixDiffers = wanted.notificationChannel.subjectPrefix !== held.notificationChannel.subjectPrefix;
    if (!recipientsDiffer && !prefixDiffers) continue;
    addChange(ctx, {
      address: addressOf(key),
      action: 'update',
      kind,
      target: { ...target, spendAlert: key, spendAlertId: held.id },
      before: alertFields(held),
      after: alertFields(wanted),
      reason: `spend alert at ${key}: ${[recipientsDiffer ? 'recipients' : undefined, prefixDiffers ? 'subject prefix' : undefined].filter(Boolean).join(' and ')} differ`,
      source: wanted.source,
    });
  }
  for (const [key, held] of [...live].sort(([a], [b]) => a.localeCompare(b))) {
    if (want.has(key)) continue;
    addChange(ctx, {
      address: addressOf(key),
      action: 'delete',
      kind,
      target: { ...target, spendAlert: key, spendAlertId: held.id },
      before: alertFields(held),
      reason: `not in the manifest's spendAlerts: ${held.notificationChannel.recipients.join(', ')} will no longer be told when spend reaches ${formatThreshold(held)}`,
    });
  }
}

function permissionFields(p: ModelPermissions): Record<string, unknown> {
  return { mode: p.mode, modelIds: [...p.modelIds] };
}

function samePermissions(a: ModelPermissions | null, b: ModelPermissions | null): boolean {
  if (a === null || b === null) return a === b;
  return a.mode === b.mode && a.modelIds.join('\n') === b.modelIds.join('\n');
}

/** "allowed: gpt-4.1; no longer allowed: o3", the plan's words for what a change does to access. */
export function modelAccessWords(before: ModelPermissions | null, after: ModelPermissions | null): string {
  const change = modelAccessChange(before, after);
  const parts: string[] = [];
  if (after === null) parts.push('every model allowed');
  else if (before !== null && before.mode !== after.mode) parts.push(`${before.mode.replace('_', ' ')} → ${after.mode.replace('_', ' ')}`);
  else if (before === null && after.mode === 'allow_list') parts.push(`only ${after.modelIds.join(', ') || 'no model'} allowed`);
  if (change.allowed.length > 0) parts.push(`allowed: ${change.allowed.join(', ')}`);
  if (change.noLongerAllowed.length > 0) parts.push(`no longer allowed: ${change.noLongerAllowed.join(', ')}`);
  return parts.join('; ');
}

function diffModelPermissionsOf(ctx: DiffContext, name: string, target: LooseTarget, want: ModelPermissions | null | undefined, have: ModelPermissions | null | undefined, dependsOn?: string): void {
  if (want === undefined) return;
  const held = have ?? null;
  if (samePermissions(want, held)) return;
  const access = modelAccessChange(held, want);
  const words = modelAccessWords(held, want);
  const widens = access.widens ? ' (widens model access)' : '';
  addChange(ctx, {
    address: address.modelPermissions(name),
    action: want === null ? 'delete' : held === null ? 'create' : 'update',
    kind: 'project.model_permissions',
    target,
    ...(held === null ? {} : { before: permissionFields(held) }),
    ...(want === null ? {} : { after: permissionFields(want) }),
    reason: want === null ? `model permissions removed: ${words}${widens}` : `${words}${widens}`,
    destructive: access.widens,
    dependsOn: [dependsOn],
    ...(want === null ? {} : { source: want.source }),
  });
}

/** A project never read (created by this plan): every tool enabled, as the API starts one. */
const FRESH_TOOLS: Readonly<Record<HostedTool, boolean>> = Object.fromEntries(HOSTED_TOOLS.map((t) => [t, true])) as Record<HostedTool, boolean>;

function diffHostedTools(ctx: DiffContext, name: string, target: LooseTarget, want: HostedToolPermissions | undefined, have: HostedToolPermissions | undefined, fresh: boolean, dependsOn?: string): void {
  if (want === undefined) return;
  const held = have?.tools ?? (fresh ? FRESH_TOOLS : {});
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const tool of HOSTED_TOOLS) {
    const value = want.tools[tool];
    if (value === undefined || held[tool] === value) continue;
    if (held[tool] !== undefined) before[tool] = held[tool];
    after[tool] = value;
  }
  if (Object.keys(after).length === 0) return;
  const enabled = fresh ? [] : enabledTools(held, after);
  const disabled = Object.keys(after).filter((t) => after[t] === false);
  addChange(ctx, {
    address: address.hostedToolPermissions(name),
    action: 'update',
    kind: 'project.hosted_tool_permissions',
    target,
    ...(Object.keys(before).length === 0 ? {} : { before }),
    after,
    reason: [
      enabled.length > 0 ? `enable ${enabled.join(', ')} (loosens hosted-tool permissions)` : undefined,
      fresh && Object.keys(after).some((t) => after[t] === true) ? `enable ${Object.keys(after).filter((t) => after[t] === true).join(', ')}` : undefined,
      disabled.length > 0 ? `disable ${disabled.join(', ')}` : undefined,
    ]
      .filter(Boolean)
      .join('; '),
    destructive: enabled.length > 0,
    dependsOn: [dependsOn],
    source: want.source,
  });
}

function diffRetention(
  ctx: DiffContext,
  at: string,
  kind: ResourceKind,
  target: LooseTarget,
  want: DataRetention<string> | undefined,
  have: DataRetention<string> | null | undefined,
  org: { before?: string | undefined; after?: string | undefined },
  dependsOn?: string,
  fresh = false,
): void {
  if (want === undefined) return;
  const heldType = have?.type;
  if (heldType === want.type) return;
  // A control never set (null) keeps standard retention: `none` in the project's words.
  const from: DataRetention<string> = { type: heldType ?? 'none' };
  const weakens = !fresh && have !== undefined && weakensRetention(from, want, org.before, org.after);
  const rankNote = retentionRank(want.type, org.after) === undefined ? ' (strength unknown: the organization\'s setting is not read)' : '';
  addChange(ctx, {
    address: at,
    action: 'update',
    kind,
    target,
    ...(heldType === undefined ? {} : { before: { type: heldType } }),
    after: { type: want.type },
    reason: `data retention ${heldType ?? 'unset'} → ${want.type}${weakens ? ` (weakens data retention${rankNote})` : ''}`,
    destructive: weakens,
    dependsOn: [dependsOn],
    source: want.source,
  });
}

export function diffOrgSpendLimit(ctx: DiffContext): void {
  diffSpendLimit(ctx, address.orgSpendLimit(), 'org.spend_limit', {}, ctx.desired.org.spendLimit, ctx.live.org.spendLimit);
}

export function diffOrgSpendAlerts(ctx: DiffContext): void {
  diffSpendAlerts(ctx, address.orgSpendAlert, 'org.spend_alert', {}, ctx.desired.org.spendAlerts, ctx.live.org.spendAlerts);
}

export function diffOrgDataRetention(ctx: DiffContext): void {
  diffRetention(ctx, address.orgDataRetention(), 'org.data_retention', {}, ctx.desired.org.dataRetention ?? undefined, ctx.live.org.dataRetention, {});
}

/**
 * A project's settings. `have` is undefined for a project this plan creates (`created` is
 * its address): it starts with the API's defaults (no limit, no alerts, every model and
 * tool allowed, the organization's retention).
 */
const projectTarget = (site: ProjectSite): LooseTarget => ({ project: site.name, projectId: site.have?.id });

export function diffProjectSpendLimit(ctx: DiffContext, site: ProjectSite): void {
  const { name, want, have, created } = site;
  diffSpendLimit(ctx, address.projectSpendLimit(name), 'project.spend_limit', projectTarget(site), want.spendLimit, have === undefined ? null : have.spendLimit, created);
}

export function diffProjectSpendAlerts(ctx: DiffContext, site: ProjectSite): void {
  const { name, want, have, created } = site;
  diffSpendAlerts(ctx, (key) => address.projectSpendAlert(name, key), 'project.spend_alert', projectTarget(site), want.spendAlerts, have === undefined ? new Map() : have.spendAlerts, created);
}

export function diffModelPermissions(ctx: DiffContext, site: ProjectSite): void {
  const { name, want, have, created } = site;
  diffModelPermissionsOf(ctx, name, projectTarget(site), want.modelPermissions, have === undefined ? null : have.modelPermissions, created);
}

export function diffHostedToolPermissions(ctx: DiffContext, site: ProjectSite): void {
  const { name, want, have, created } = site;
  diffHostedTools(ctx, name, projectTarget(site), want.hostedToolPermissions, have?.hostedToolPermissions, have === undefined, created);
}

export function diffProjectDataRetention(ctx: DiffContext, site: ProjectSite): void {
  const { name, want, have, created } = site;
  // What organization_default stands for, before (live) and after (desired, else live).
  const orgLive = ctx.live.org.dataRetention === null ? 'none' : ctx.live.org.dataRetention?.type;
  const orgAfter = ctx.desired.org.dataRetention?.type ?? orgLive;
  diffRetention(
    ctx,
    address.projectDataRetention(name),
    'project.data_retention',
    projectTarget(site),
    want.dataRetention,
    have === undefined ? { type: 'organization_default' } : have.dataRetention,
    { before: orgLive, after: orgAfter },
    created,
    have === undefined,
  );
}
