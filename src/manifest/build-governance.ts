// Governance settings of the Organization and of each Project (spend limit, spend alerts,
// model and hosted-tool permissions, data retention), and the Policy rules about them.
// Absent stays undefined (unmanaged); an explicit null is kept (delete) where the API has a
// delete; the schema already refused null where it has none.
import {
  DEFAULT_CURRENCY,
  DEFAULT_INTERVAL,
  formatThreshold,
  retentionRank,
  spendAlertKey,
  type DataRetention,
  type HostedTool,
  type HostedToolPermissions,
  type ModelPermissions,
  type OrgDataRetentionType,
  type SpendAlert,
  type SpendLimit,
} from '../model/governance.js';
import type { SourceLocation } from '../model/types.js';
import { type Context, Keyed, ruleLocation } from './build-context.js';
import type { Located, OrganizationManifest, ProjectManifest, SpendAlertManifest, SpendLimitManifest } from './documents.js';
import type { ProblemList } from './problems.js';
import type { PathSegment } from './yaml-source.js';

/** What a field builder needs of its document (the kinds' ManifestSite gives the same). */
export interface FieldSite {
  path: readonly PathSegment[];
  locate(path: readonly PathSegment[], options?: { key?: boolean }): SourceLocation;
  problems: ProblemList;
  /** The project's name, for a Project document. */
  project?: string;
}

export function buildSpendLimit(value: unknown, site: FieldSite): SpendLimit | null {
  const limit = value as SpendLimitManifest | null;
  if (limit === null) return null;
  return {
    thresholdAmount: limit.thresholdAmount,
    currency: limit.currency ?? DEFAULT_CURRENCY,
    interval: limit.interval ?? DEFAULT_INTERVAL,
    source: site.locate(site.path),
  };
}

/** Alerts keyed by threshold; a second alert at one threshold is a duplicate. */
export function buildSpendAlerts(value: unknown, site: FieldSite): Map<string, SpendAlert> {
  const scope = site.project === undefined ? ' in the Organization' : ` in project "${site.project}"`;
  const keyed = new Keyed<SpendAlert>('spend alert at', site.problems, scope);
  (value as SpendAlertManifest[]).forEach((a, i) => {
    const source = site.locate([...site.path, i]);
    const alert: SpendAlert = {
      thresholdAmount: a.thresholdAmount,
      currency: a.currency ?? DEFAULT_CURRENCY,
      interval: a.interval ?? DEFAULT_INTERVAL,
      notificationChannel: {
        type: 'email',
        recipients: [...a.notificationChannel.recipients],
        subjectPrefix: a.notificationChannel.subjectPrefix ?? null,
      },
      source,
    };
    keyed.add(spendAlertKey(alert), alert, site.locate([...site.path, i, 'thresholdAmount']));
  });
  return keyed.map;
}

export function buildModelPermissions(value: unknown, site: FieldSite): ModelPermissions | null {
  const permissions = value as { mode: ModelPermissions['mode']; modelIds: string[] } | null;
  if (permissions === null) return null;
  return { mode: permissions.mode, modelIds: [...new Set(permissions.modelIds)].sort(), source: site.locate(site.path) };
}

export function buildHostedTools(value: unknown, site: FieldSite): HostedToolPermissions {
  const tools: Partial<Record<HostedTool, boolean>> = {};
  for (const [tool, entry] of Object.entries(value as Record<string, { enabled: boolean } | undefined>)) {
    if (entry !== undefined) tools[tool as HostedTool] = entry.enabled;
  }
  return { tools, source: site.locate(site.path) };
}

export function buildRetention<T extends string>(value: unknown, site: FieldSite): DataRetention<T> {
  return { type: (value as { type: T }).type, source: site.locate(site.path) };
}

/**
 * The Policy's governance rules (requireProjectSpendLimit, allowedModels, requireDataRetention)
 * on the Organization and every active Project document, reported at the line they break.
 */
export function checkGovernanceRules(org: Located<OrganizationManifest> | undefined, projects: readonly Located<ProjectManifest>[], context: Context): void {
  const { rules } = context.policy;
  if (rules.requireProjectSpendLimit === undefined && rules.allowedModels === undefined && rules.requireDataRetention === undefined) return;
  const orgRetention = org?.manifest.spec.dataRetention?.type;
  const required = rules.requireDataRetention;
  if (org !== undefined && required !== undefined) {
    const rule = `the Policy's rules.requireDataRetention ${required} (${ruleLocation(context, ['requireDataRetention'])})`;
    if (orgRetention === undefined) {
      context.problems.error('policy-rule', org.source.locate(['spec']), `the Organization does not declare dataRetention, which ${rule} requires`);
    } else if ((retentionRank(orgRetention) ?? Infinity) > (retentionRank(required) ?? -1)) {
      context.problems.error('policy-rule', org.source.locate(['spec', 'dataRetention', 'type']), `dataRetention ${orgRetention} is weaker than ${rule}`);
    }
  }
  for (const located of projects) {
    const spec = located.manifest.spec ?? {};
    if ((spec.status ?? 'active') !== 'active') continue;
    checkProjectRules(
      located,
      context,
      {
        spendLimit: spec.spendLimit === undefined ? undefined : spec.spendLimit === null ? null : { thresholdAmount: spec.spendLimit.thresholdAmount, currency: spec.spendLimit.currency ?? DEFAULT_CURRENCY, interval: spec.spendLimit.interval ?? DEFAULT_INTERVAL },
        modelPermissions: spec.modelPermissions === undefined ? undefined : spec.modelPermissions === null ? null : { mode: spec.modelPermissions.mode, modelIds: spec.modelPermissions.modelIds },
        dataRetention: spec.dataRetention,
      },
      orgRetention,
    );
  }
}

function checkProjectRules(
  located: Located<ProjectManifest>,
  context: Context,
  declared: { spendLimit: SpendLimit | null | undefined; modelPermissions: ModelPermissions | null | undefined; dataRetention: { type: string } | undefined },
  orgRetention: OrgDataRetentionType | undefined,
): void {
  const { rules } = context.policy;
  const { problems } = context;
  const name = located.manifest.metadata.name;
  const at = (path: PathSegment[]) => located.source.locate(path);
  // A rule about a field the project does not write is reported at the project's name.
  const atName = at(['metadata', 'name']);

  if (rules.requireProjectSpendLimit !== undefined) {
    const max = rules.requireProjectSpendLimit.maxThresholdAmount;
    const rule = `the Policy's rules.requireProjectSpendLimit (${ruleLocation(context, ['requireProjectSpendLimit'])})`;
    const limit = declared.spendLimit;
    if (limit === undefined || limit === null) {
      problems.error(
        'policy-rule',
        limit === null ? at(['spec', 'spendLimit']) : atName,
        `project "${name}" ${limit === null ? 'removes its spend limit' : 'declares no spendLimit'}, which ${rule} requires${max === undefined ? '' : ` (at most ${formatThreshold({ thresholdAmount: max, currency: DEFAULT_CURRENCY, interval: DEFAULT_INTERVAL })})`}`,
      );
    } else if (max !== undefined && limit.thresholdAmount > max) {
      problems.error(
        'policy-rule',
        at(['spec', 'spendLimit', 'thresholdAmount']),
        `spend limit ${formatThreshold(limit)} of project "${name}" is above the maximum ${formatThreshold({ ...limit, thresholdAmount: max })} of ${rule}`,
      );
    }
  }

  if (rules.allowedModels !== undefined) {
    const allowed = new Set(rules.allowedModels);
    const rule = `the Policy's rules.allowedModels (${ruleLocation(context, ['allowedModels'])})`;
    const permissions = declared.modelPermissions;
    if (permissions === undefined || permissions === null || permissions.mode !== 'allow_list') {
      const what = permissions == null ? (permissions === null ? 'removes its model permissions' : 'declares no modelPermissions') : 'uses a deny list';
      problems.error(
        'policy-rule',
        permissions == null ? (permissions === null ? at(['spec', 'modelPermissions']) : atName) : at(['spec', 'modelPermissions', 'mode']),
        `project "${name}" ${what}; ${rule} requires an allow list within ${[...allowed].join(', ')}`,
      );
    } else {
      const ids = located.manifest.spec?.modelPermissions?.modelIds ?? [];
      ids.forEach((model, i) => {
        if (!allowed.has(model)) {
          problems.error('policy-rule', at(['spec', 'modelPermissions', 'modelIds', i]), `model "${model}" in project "${name}" is not among ${rule}: ${[...allowed].join(', ')}`);
        }
      });
    }
  }

  if (rules.requireDataRetention !== undefined) {
    const required = rules.requireDataRetention;
    const rule = `the Policy's rules.requireDataRetention ${required} (${ruleLocation(context, ['requireDataRetention'])})`;
    const retention = declared.dataRetention;
    if (retention === undefined) {
      problems.error('policy-rule', atName, `project "${name}" declares no dataRetention, which ${rule} requires`);
    } else {
      const rank = retentionRank(retention.type, orgRetention);
      if (rank === undefined || rank > (retentionRank(required) ?? -1)) {
        const why = rank === undefined ? 'follows the organization, whose dataRetention is not declared' : `is ${retention.type}${retention.type === 'organization_default' ? ` (the organization's ${orgRetention ?? 'unknown'})` : ''}`;
        problems.error('policy-rule', at(['spec', 'dataRetention', 'type']), `dataRetention of project "${name}" ${why}, weaker than ${rule}`);
      }
    }
  }
}
