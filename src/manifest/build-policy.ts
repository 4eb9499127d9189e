import type { Policy } from '../model/types.js';
import { DEFAULT_POLICY } from '../model/types.js';
import type { Located, PolicyManifest } from './documents.js';

/** The Policy document merged over DEFAULT_POLICY (new objects; emails and domains lower-cased). */
export function buildPolicy(located: Located<PolicyManifest> | undefined): Policy {
  if (!located) return DEFAULT_POLICY;
  const spec = located.manifest.spec;
  const rules = spec.rules ?? {};
  return {
    prune: { ...DEFAULT_POLICY.prune, ...spec.prune },
    safety: {
      ...DEFAULT_POLICY.safety,
      ...spec.safety,
      protected: (spec.safety?.protected ?? DEFAULT_POLICY.safety.protected).map((email) => email.toLowerCase()),
    },
    rules: {
      ...DEFAULT_POLICY.rules,
      ...(rules.allowedEmailDomains ? { allowedEmailDomains: rules.allowedEmailDomains.map((d) => d.toLowerCase()) } : {}),
      ...(rules.maxProjectOwners === undefined ? {} : { maxProjectOwners: rules.maxProjectOwners }),
      ...(rules.rateLimitCeilings ? { rateLimitCeilings: structuredClone(rules.rateLimitCeilings) } : {}),
      ...(rules.apiKeyMaxIdleDays === undefined ? {} : { apiKeyMaxIdleDays: rules.apiKeyMaxIdleDays }),
      ...(rules.requireProjectSpendLimit === undefined ? {} : { requireProjectSpendLimit: { ...rules.requireProjectSpendLimit } }),
      ...(rules.allowedModels === undefined ? {} : { allowedModels: [...rules.allowedModels] }),
      ...(rules.requireDataRetention === undefined ? {} : { requireDataRetention: rules.requireDataRetention }),
    },
    drift: { ...DEFAULT_POLICY.drift, ...spec.drift },
    source: located.source.locate([]),
  };
}
