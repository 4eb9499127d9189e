// Governance settings of the Organization and of each Project (spend limit, spend alerts,
// model and hosted-tool permissions, data retention), and the Policy rules about them.
// Absent stays undefined (unmanaged); an explicit null is kept (delete) where the API has a
// delete; the schema already refused null where it has none.
import { DEFAULT_CURRENCY, DEFAULT_INTERVAL, formatThreshold, retentionRank, spendAlertKey } from '../model/governance.js';
import type {
  DataRetention,
  HostedTool,
  HostedToolPermissions,
  ModelPermissions,
  OrgDataRetentionType,
  Project,
  ProjectDataRetentionType,
  SpendAlert,
  SpendLimit,
} from '../model/types.js';
import { type Context, Keyed, ruleLocation } from './build-context.js';
import type { Located, OrganizationManifest, ProjectManifest, SpendAlertManifest, SpendLimitManifest } from './documents.js';
import type { PathSegment } from './yaml-source.js';

type Where = Located<OrganizationManifest> | Located<ProjectManifest>;

function spendLimitOf(value: SpendLimitManifest | null | undefined, located: Where, path: PathSegment[]): SpendLimit | null | undefined {
  if (value === undefined || value === null) return value;
  return {
    thresholdAmount: value.thresholdAmount,
    currency: value.currency ?? DEFAULT_CURRENCY,
    interval: value.interval ?? DEFAULT_INTERVAL,
    source: located.source.locate(path),
  };
}

function spendAlertsOf(value: SpendAlertManifest[] | undefined, located: Where, path: PathSegment[], context: Context, scope: string): Map<string, SpendAlert> | undefined {
  if (value === undefined) return undefined;
  const keyed = new Keyed<SpendAlert>('spend alert at', context.problems, scope);
  value.forEach((a, i) => {
    const source = located.source.locate([...path, i]);
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
    keyed.add(spendAlertKey(alert), alert, located.source.locate([...path, i, 'thresholdAmount']));
  });
  return keyed.map;
}

function retentionOf<T extends string>(value: { type: T } | undefined, located: Where, path: PathSegment[]): DataRetention<T> | undefined {
  return value === undefined ? undefined : { type: value.type, source: located.source.locate(path) };
}

export interface OrgGovernance {
  spendLimit?: SpendLimit | null;
  spendAlerts?: ReadonlyMap<string, SpendAlert>;
  dataRetention?: DataRetention<OrgDataRetentionType>;
}

export function buildOrgGovernance(org: Located<OrganizationManifest> | undefined, context: Context): OrgGovernance {
  if (!org) return {};
  const spec = org.manifest.spec;
  const spendLimit = spendLimitOf(spec.spendLimit, org, ['spec', 'spendLimit']);
  const spendAlerts = spendAlertsOf(spec.spendAlerts, org, ['spec', 'spendAlerts'], context, ' in the Organization');
  const dataRetention = retentionOf(spec.dataRetention, org, ['spec', 'dataRetention']);
  const required = context.policy.rules.requireDataRetention;
  if (required !== undefined) {
    const rule = `the Policy's rules.requireDataRetention ${required} (${ruleLocation(context, ['requireDataRetention'])})`;
    if (dataRetention === undefined) {
      context.problems.error('policy-rule', org.source.locate(['spec']), `the Organization does not declare dataRetention, which ${rule} requires`);
    } else if ((retentionRank(dataRetention.type) ?? Infinity) > (retentionRank(required) ?? -1)) {
      context.problems.error('policy-rule', org.source.locate(['spec', 'dataRetention', 'type']), `dataRetention ${dataRetention.type} is weaker than ${rule}`);
    }
  }
  return {
    ...(spendLimit === undefined ? {} : { spendLimit }),
    ...(spendAlerts === undefined ? {} : { spendAlerts }),
    ...(dataRetention === undefined ? {} : { dataRetention }),
  };
}

export type ProjectGovernance = Pick<Project, 'spendLimit' | 'spendAlerts' | 'modelPermissions' | 'hostedToolPermissions' | 'dataRetention'>;

/**
 * A project's governance settings. `orgRetention` is the Organization's declared type, which
 * a project's `organization_default` stands for in requireDataRetention.
 */
export function buildProjectGovernance(located: Located<ProjectManifest>, context: Context, orgRetention: OrgDataRetentionType | undefined): ProjectGovernance {
  const spec = located.manifest.spec ?? {};
  const name = located.manifest.metadata.name;
  const spendLimit = spendLimitOf(spec.spendLimit, located, ['spec', 'spendLimit']);
  const spendAlerts = spendAlertsOf(spec.spendAlerts, located, ['spec', 'spendAlerts'], context, ` in project "${name}"`);
  const modelPermissions: ModelPermissions | null | undefined =
    spec.modelPermissions == null
      ? spec.modelPermissions
      : { mode: spec.modelPermissions.mode, modelIds: [...new Set(spec.modelPermissions.modelIds)].sort(), source: located.source.locate(['spec', 'modelPermissions']) };
  let hostedToolPermissions: HostedToolPermissions | undefined;
  if (spec.hostedToolPermissions !== undefined) {
    const tools: Partial<Record<HostedTool, boolean>> = {};
    for (const [tool, value] of Object.entries(spec.hostedToolPermissions) as [HostedTool, { enabled: boolean } | undefined][]) {
      if (value !== undefined) tools[tool] = value.enabled;
    }
    hostedToolPermissions = { tools, source: located.source.locate(['spec', 'hostedToolPermissions']) };
  }
  const dataRetention = retentionOf<ProjectDataRetentionType>(spec.dataRetention, located, ['spec', 'dataRetention']);
  if ((spec.status ?? 'active') === 'active') checkProjectRules(located, context, { spendLimit, modelPermissions, dataRetention }, orgRetention);
  return {
    ...(spendLimit === undefined ? {} : { spendLimit }),
    ...(spendAlerts === undefined ? {} : { spendAlerts }),
    ...(modelPermissions === undefined ? {} : { modelPermissions }),
    ...(hostedToolPermissions === undefined ? {} : { hostedToolPermissions }),
    ...(dataRetention === undefined ? {} : { dataRetention }),
  };
}

function checkProjectRules(
  located: Located<ProjectManifest>,
  context: Context,
  declared: { spendLimit: SpendLimit | null | undefined; modelPermissions: ModelPermissions | null | undefined; dataRetention: DataRetention | undefined },
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
