// What the governance settings mean, shared by the manifest rules, the diff, the guards and
// the renderers: money in words, a spend alert's identity, which data retention is stronger,
// and what a model-permission change allows or stops allowing.
import type { SourceLocation } from './types.js';

/** An amount of money in the spec's unit: cents of `currency` (100000 is $1,000.00 in USD). */
export interface SpendLimit {
  /** Cents, ≥ 1 (spec `UpdateOrganizationSpendLimitBody.threshold_amount`). */
  thresholdAmount: number;
  /** `USD`, the only currency the spec accepts today. */
  currency: string;
  /** `month`, the only interval the spec accepts today. */
  interval: string;
  /** Live only: `enforcement.status`, shown, never compared. */
  enforcement?: string;
  source?: SourceLocation;
}

export interface SpendAlertChannel {
  type: 'email';
  /** As written (compared case-insensitively, sorted). */
  recipients: readonly string[];
  subjectPrefix: string | null;
}

/** A spend alert; its identity within its scope is its threshold (the API gives it no name). */
export interface SpendAlert {
  thresholdAmount: number;
  currency: string;
  interval: string;
  notificationChannel: SpendAlertChannel;
  /** Live only (`alert_…`). */
  id?: string;
  source?: SourceLocation;
}

export type ModelPermissionMode = 'allow_list' | 'deny_list';

export interface ModelPermissions {
  mode: ModelPermissionMode;
  /** Sorted, without duplicates. */
  modelIds: readonly string[];
  source?: SourceLocation;
}

/** The hosted tools of the spec's ProjectHostedToolPermissions, in manifest (camelCase) names. */
export type HostedTool = 'fileSearch' | 'webSearch' | 'imageGeneration' | 'mcp' | 'codeInterpreter';

export const HOSTED_TOOLS: readonly HostedTool[] = ['fileSearch', 'webSearch', 'imageGeneration', 'mcp', 'codeInterpreter'];

/** Desired: only the tools the manifest manages; live: all five. `true` = enabled. */
export interface HostedToolPermissions {
  tools: Readonly<Partial<Record<HostedTool, boolean>>>;
  source?: SourceLocation;
}

/** Spec `OrganizationDataRetention.type`. */
export type OrgDataRetentionType = 'zero_data_retention' | 'modified_abuse_monitoring' | 'enhanced_zero_data_retention' | 'enhanced_modified_abuse_monitoring';
/** Spec `ProjectDataRetention.type`: the org's four, plus the project's own two. */
export type ProjectDataRetentionType = OrgDataRetentionType | 'organization_default' | 'none';

export interface DataRetention<T extends string = ProjectDataRetentionType> {
  type: T;
  source?: SourceLocation;
}

/** The spec's only values today (SpendLimitCurrency, SpendLimitInterval): the manifest's defaults. */
export const DEFAULT_CURRENCY = 'USD';
export const DEFAULT_INTERVAL = 'month';

const SYMBOLS: Readonly<Record<string, string>> = { USD: '$' };

/** `100000, USD` → `$1,000.00 USD`: cents in the currency's words, never a float. */
export function formatMoney(cents: number, currency: string): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  const fraction = String(abs % 100).padStart(2, '0');
  return `${sign}${SYMBOLS[currency] ?? ''}${whole}.${fraction} ${currency}`;
}

/** `$1,000.00 USD/month`. */
export function formatThreshold(value: { thresholdAmount: number; currency: string; interval: string }): string {
  return `${formatMoney(value.thresholdAmount, value.currency)}/${value.interval}`;
}

/**
 * A spend alert's identity in its scope (the API gives alerts no name): its threshold, with
 * currency and interval so that a future second currency cannot collide. Two alerts at one
 * threshold are one alert declared twice.
 */
export function spendAlertKey(alert: Pick<SpendAlert, 'thresholdAmount' | 'currency' | 'interval'>): string {
  return formatThreshold(alert);
}

/**
 * Data retention from strongest (least kept) to weakest; `none` is the standard retention
 * without a control. A project's `organization_default` takes the organization's rank.
 */
export const RETENTION_STRENGTH: readonly ProjectDataRetentionType[] = [
  'enhanced_zero_data_retention',
  'zero_data_retention',
  'enhanced_modified_abuse_monitoring',
  'modified_abuse_monitoring',
  'none',
];

/** Lower is stronger; undefined when it cannot be told (organization_default of an unknown org setting). */
export function retentionRank(type: string, orgType?: string): number | undefined {
  const resolved = type === 'organization_default' ? orgType : type;
  if (resolved === undefined || resolved === 'organization_default') return undefined;
  const rank = RETENTION_STRENGTH.indexOf(resolved as ProjectDataRetentionType);
  return rank < 0 ? undefined : rank;
}

/**
 * Whether moving from `before` to `after` keeps less protection: a weaker type, or one whose
 * strength cannot be told (treated as weakening: the guard asks rather than guesses).
 */
export function weakensRetention(before: DataRetention<string> | undefined, after: DataRetention<string>, orgBefore?: string, orgAfter?: string): boolean {
  if (before === undefined) return false;
  const from = retentionRank(before.type, orgBefore);
  const to = retentionRank(after.type, orgAfter);
  if (from === undefined || to === undefined) return before.type !== after.type;
  return to > from;
}

/** A spend limit change that lets more be spent: higher, or removed. */
export function loosensSpendLimit(before: SpendLimit | null | undefined, after: SpendLimit | null): boolean {
  if (before === null || before === undefined) return false;
  if (after === null) return true;
  if (before.currency !== after.currency || before.interval !== after.interval) return true;
  return after.thresholdAmount > before.thresholdAmount;
}

/** What a model-permission change does to access, in the words of the plan. */
export interface ModelAccessChange {
  /** Models newly allowed (named ones; "every model not denied" when the mode changes). */
  allowed: string[];
  /** Models no longer allowed. */
  noLongerAllowed: string[];
  /** Widens access: a model newly allowed, a deny entry removed, a mode change, or the permissions deleted. */
  widens: boolean;
}

/**
 * `before`/`after` null means no permissions (every model allowed). A change of mode is
 * counted as widening whatever the lists, because what a deny list allows depends on models
 * not named in it.
 */
export function modelAccessChange(before: ModelPermissions | null | undefined, after: ModelPermissions | null): ModelAccessChange {
  const had = before ?? null;
  if (had === null && after === null) return { allowed: [], noLongerAllowed: [], widens: false };
  if (had === null) {
    const next = after!;
    return next.mode === 'allow_list'
      ? { allowed: [], noLongerAllowed: [], widens: false }
      : { allowed: [], noLongerAllowed: [...next.modelIds], widens: false };
  }
  if (after === null) {
    return had.mode === 'deny_list'
      ? { allowed: [...had.modelIds], noLongerAllowed: [], widens: true }
      : { allowed: [], noLongerAllowed: [], widens: true };
  }
  const beforeIds = new Set(had.modelIds);
  const afterIds = new Set(after.modelIds);
  const added = [...afterIds].filter((m) => !beforeIds.has(m)).sort();
  const removed = [...beforeIds].filter((m) => !afterIds.has(m)).sort();
  if (had.mode !== after.mode) {
    return after.mode === 'allow_list'
      ? { allowed: [], noLongerAllowed: [], widens: true }
      : { allowed: [], noLongerAllowed: [...after.modelIds], widens: true };
  }
  if (after.mode === 'allow_list') return { allowed: added, noLongerAllowed: removed, widens: added.length > 0 };
  return { allowed: removed, noLongerAllowed: added, widens: removed.length > 0 };
}

/** Tools a change enables (was disabled or unknown, now enabled). */
export function enabledTools(before: Readonly<Partial<Record<HostedTool, boolean>>> | undefined, after: Readonly<Partial<Record<HostedTool, boolean>>>): HostedTool[] {
  return (Object.keys(after) as HostedTool[]).filter((tool) => after[tool] === true && before?.[tool] !== true).sort();
}

/** The spec's snake_case name of a hosted tool (`fileSearch` → `file_search`). */
export function hostedToolApiName(tool: HostedTool): string {
  return tool.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The organization's governance settings, as the kinds' OrgExtensions declare them. */
export interface OrgGovernanceValues {
  spendLimit?: SpendLimit | null;
  spendAlerts?: ReadonlyMap<string, SpendAlert>;
  /** null: live only, no retention control set (the API answered 404). */
  dataRetention?: DataRetention<OrgDataRetentionType> | null;
}

/** A project's governance settings, as the kinds' ProjectExtensions declare them. */
export interface ProjectGovernanceValues {
  spendLimit?: SpendLimit | null;
  spendAlerts?: ReadonlyMap<string, SpendAlert>;
  modelPermissions?: ModelPermissions | null;
  /** The API has no delete: never null. */
  hostedToolPermissions?: HostedToolPermissions;
  dataRetention?: DataRetention;
}
