// Policy.rules checked against the live organization. Findings sit beside the plan:
// they describe the organization, not changes orgplane makes.
import type { LiveState, PolicyRules, RateLimit, RateLimitField } from '../model/types.js';
import { address } from './address.js';
import { governanceFindings } from './findings-governance.js';
import type { Finding } from './types.js';

const DAY_SECONDS = 86_400;

export function liveFindings(live: LiveState, rules: PolicyRules, now: Date): Finding[] {
  const findings: Finding[] = [];
  const projects = [...live.org.projects.values()].filter((p) => p.status === 'active').sort((a, b) => a.name.localeCompare(b.name));
  if (rules.allowedEmailDomains !== undefined && rules.allowedEmailDomains.length > 0) {
    const allowed = new Set(rules.allowedEmailDomains.map((d) => d.toLowerCase()));
    for (const email of [...live.org.members.keys()].sort()) {
      const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
      if (!allowed.has(domain)) {
        findings.push({
          rule: 'allowedEmailDomains',
          scope: 'live',
          address: address.member(email),
          message: `${email} is a member, but ${domain} is not an allowed email domain (${[...allowed].join(', ')})`,
        });
      }
    }
  }
  if (rules.maxProjectOwners !== undefined) {
    for (const project of projects) {
      if (project.members === undefined) continue;
      const owners = [...project.members.values()].filter((m) => m.role === 'owner').length;
      if (owners > rules.maxProjectOwners) {
        findings.push({
          rule: 'maxProjectOwners',
          scope: 'live',
          address: address.project(project.name),
          message: `project ${project.name} has ${owners} owners; the policy allows at most ${rules.maxProjectOwners}`,
        });
      }
    }
  }
  if (rules.rateLimitCeilings !== undefined) {
    for (const project of projects) {
      for (const [model, limit] of [...(project.rateLimits ?? new Map<string, RateLimit>())].sort(([a], [b]) => a.localeCompare(b))) {
        const ceiling = rules.rateLimitCeilings[model];
        if (ceiling === undefined) continue;
        for (const [field, max] of Object.entries(ceiling) as [RateLimitField, number | undefined][]) {
          const value = limit[field];
          if (max !== undefined && value !== undefined && value > max) {
            findings.push({
              rule: 'rateLimitCeilings',
              scope: 'live',
              address: address.rateLimit(project.name, model),
              message: `${model} ${field} is ${value} in project ${project.name}, above the ceiling of ${max}`,
            });
          }
        }
      }
    }
  }
  if (rules.apiKeyMaxIdleDays !== undefined) {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    for (const project of projects) {
      for (const key of [...(project.apiKeys ?? [])].sort((a, b) => a.id.localeCompare(b.id))) {
        const since = key.lastUsedAt ?? key.createdAt;
        const idleDays = Math.floor((nowSeconds - since) / DAY_SECONDS);
        if (idleDays > rules.apiKeyMaxIdleDays) {
          // Name and id only: even a redacted key value does not belong in a report.
          const label = key.name !== null ? `"${key.name}" (${key.id})` : key.id;
          const owner = key.owner.email ?? key.owner.name ?? key.owner.id;
          findings.push({
            rule: 'apiKeyMaxIdleDays',
            scope: 'live',
            address: address.apiKey(project.name, key.id),
            message: `API key ${label} of ${owner} in project ${project.name} ${key.lastUsedAt === null ? 'was never used' : 'was last used'} ${idleDays} days ago; the policy allows ${rules.apiKeyMaxIdleDays}`,
          });
        }
      }
    }
  }
  findings.push(...governanceFindings(live, rules));
  return findings;
}
