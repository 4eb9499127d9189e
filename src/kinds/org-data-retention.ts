// The organization's data retention control (spec /organization/data_retention): a
// singleton without a delete. A weaker type loosens the control.
import { updateOnce } from '../apply/idempotent.js';
import { orgRetentionFromWire } from '../live/governance.js';
import { buildRetention } from '../manifest/build-governance.js';
import type { DataRetention, OrgDataRetentionType } from '../model/governance.js';
import { diffOrgDataRetention } from '../plan/diff-governance.js';
import { formatGovernanceField, orgSingletonRequests, needed, type RetentionFields, type OrgTarget } from './governance-common.js';
import type { KindDescriptor } from './types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'org.data_retention': { actions: 'update'; target: OrgTarget; fields: RetentionFields };
  }
}

declare module '../model/types.js' {
  interface OrgExtensions {
    /** null: live only, no control set (the API answered 404). Desired is never null: there is no delete. */
    dataRetention?: DataRetention<OrgDataRetentionType> | null;
  }
}

export const orgDataRetention: KindDescriptor<'org.data_retention'> = {
  kind: 'org.data_retention',
  scope: 'org',
  singleton: true,
  names: () => [],
  manifest: { document: 'Organization', key: 'dataRetention', build: (value, site) => buildRetention<OrgDataRetentionType>(value, site) },
  live: {
    routes: ['/organization/data_retention'],
    minimumRequests: orgSingletonRequests('org.data_retention'),
    read: {
      scope: 'org',
      key: 'dataRetention',
      // A project's organization_default is weighed against the organization's: read it then too.
      wanted: (desired) =>
        desired.org.dataRetention !== undefined ||
        desired.policy.rules.requireDataRetention !== undefined ||
        [...desired.org.projects.values()].some((p) => p.status !== 'archived' && p.dataRetention !== undefined),
      read: async (api) => orgRetentionFromWire(await api.getOrgDataRetention()),
      count: (value) => (value === null ? 0 : 1),
    },
  },
  diff: { scope: 'org', diff: diffOrgDataRetention },
  executors: {
    update: async (change, run) => {
      const type = needed(change, 'after.type', change.after?.type) as OrgDataRetentionType;
      const done = await updateOnce(() => run.api.setOrgDataRetention({ retention_type: type }));
      return done.note === undefined ? undefined : { note: done.note };
    },
  },
  guard: {
    // Destructive only when it weakens retention.
    effect: () => ({ kind: 'loosening' }),
    liveCount: (live) => (live.org.dataRetention == null ? 0 : 1),
  },
  // The spec lists no audit event for data retention: drift cannot see it; every plan reads it.
  audit: { orgEvents: [], tenantEvents: [], map: () => [] },
  import: {
    document: 'Organization',
    key: 'dataRetention',
    build: (live) => (live.dataRetention == null ? undefined : { type: live.dataRetention.type }),
  },
  // Governance settings depend on nothing but their project; removals (loosenings) run with the others.
  waves: { additive: 0, removal: 9 },
  render: { area: { title: 'Data retention', rank: 6 }, formatField: formatGovernanceField },
};
