// The governance Policy rules against the live organization: a project without a spend
// limit (or above the maximum), outside the allowed models, or with weaker retention.
// Only projects whose settings were read are judged (the manifests' projects).
import { formatThreshold, retentionRank } from '../model/governance.js';
import type { LiveState, PolicyRules } from '../model/types.js';
import { address } from './address.js';
import type { Finding } from './types.js';

export function governanceFindings(live: LiveState, rules: PolicyRules): Finding[] {
  const findings: Finding[] = [];
  const projects = [...live.org.projects.values()].filter((p) => p.status === 'active').sort((a, b) => a.name.localeCompare(b.name));
  const orgRetention = live.org.dataRetention === null ? 'none' : live.org.dataRetention?.type;
  for (const project of projects) {
    const max = rules.requireProjectSpendLimit?.maxThresholdAmount;
    if (rules.requireProjectSpendLimit !== undefined && project.spendLimit !== undefined) {
      if (project.spendLimit === null) {
        findings.push({ rule: 'requireProjectSpendLimit', scope: 'live', address: address.projectSpendLimit(project.name), message: `project ${project.name} has no spend limit` });
      } else if (max !== undefined && project.spendLimit.thresholdAmount > max) {
        findings.push({
          rule: 'requireProjectSpendLimit',
          scope: 'live',
          address: address.projectSpendLimit(project.name),
          message: `project ${project.name} may spend ${formatThreshold(project.spendLimit)}, above the maximum ${formatThreshold({ ...project.spendLimit, thresholdAmount: max })}`,
        });
      }
    }
    if (rules.allowedModels !== undefined && project.modelPermissions !== undefined) {
      const allowed = new Set(rules.allowedModels);
      const permissions = project.modelPermissions;
      const outside = permissions?.mode === 'allow_list' ? permissions.modelIds.filter((m) => !allowed.has(m)) : undefined;
      if (outside === undefined || outside.length > 0) {
        findings.push({
          rule: 'allowedModels',
          scope: 'live',
          address: address.modelPermissions(project.name),
          message:
            outside === undefined
              ? `project ${project.name} ${permissions === null ? 'allows every model' : 'uses a deny list'}, not an allow list within ${[...allowed].join(', ')}`
              : `project ${project.name} allows ${outside.join(', ')}, outside ${[...allowed].join(', ')}`,
        });
      }
    }
    if (rules.requireDataRetention !== undefined && project.dataRetention !== undefined) {
      const rank = retentionRank(project.dataRetention.type, orgRetention);
      if (rank === undefined || rank > (retentionRank(rules.requireDataRetention) ?? -1)) {
        findings.push({
          rule: 'requireDataRetention',
          scope: 'live',
          address: address.projectDataRetention(project.name),
          message: `project ${project.name} keeps data under ${project.dataRetention.type}${project.dataRetention.type === 'organization_default' ? ` (${orgRetention ?? 'unknown'})` : ''}, weaker than ${rules.requireDataRetention}`,
        });
      }
    }
  }
  if (rules.requireDataRetention !== undefined && live.org.dataRetention !== undefined) {
    const type = live.org.dataRetention?.type ?? 'none';
    if ((retentionRank(type) ?? Infinity) > (retentionRank(rules.requireDataRetention) ?? -1)) {
      findings.push({ rule: 'requireDataRetention', scope: 'live', address: address.orgDataRetention(), message: `the organization keeps data under ${type}, weaker than ${rules.requireDataRetention}` });
    }
  }
  return findings;
}
