// The organization's hard spend limit (spec /organization/spend_limit): a singleton with a
// delete. Raising or removing it loosens the control.
import { createOnce, removeOnce, updateOnce } from '../apply/idempotent.js';
import { spendLimitFromWire } from '../live/governance.js';
import { buildSpendLimit } from '../manifest/build-governance.js';
import type { SpendLimit } from '../model/governance.js';
import { diffOrgSpendLimit } from '../plan/diff-governance.js';
import { formatGovernanceField, orgSingletonRequests, governanceTargets, needed, SPEND_LIMIT_EVENTS, spendLimitManifest, type SpendLimitFields, type OrgTarget } from './governance-common.js';
import { address } from './address.js';
import type { KindDescriptor } from './types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'org.spend_limit': { actions: 'create' | 'update' | 'delete'; target: OrgTarget; fields: SpendLimitFields };
  }
}

declare module '../model/types.js' {
  interface OrgExtensions {
    /** null: none (desired: delete it; live: unset, also a 404). */
    spendLimit?: SpendLimit | null;
  }
}

const body = (change: { address: string; after?: Partial<SpendLimitFields> }) => ({
  threshold_amount: needed(change, 'after.thresholdAmount', change.after?.thresholdAmount),
  currency: needed(change, 'after.currency', change.after?.currency) as 'USD',
  interval: needed(change, 'after.interval', change.after?.interval) as 'month',
});

export const orgSpendLimit: KindDescriptor<'org.spend_limit'> = {
  kind: 'org.spend_limit',
  scope: 'org',
  singleton: true,
  names: () => [],
  manifest: { document: 'Organization', key: 'spendLimit', build: buildSpendLimit },
  live: {
    routes: ['/organization/spend_limit'],
    minimumRequests: orgSingletonRequests('org.spend_limit'),
    read: {
      scope: 'org',
      key: 'spendLimit',
      wanted: (desired) => desired.org.spendLimit !== undefined,
      read: async (api) => spendLimitFromWire(await api.getOrgSpendLimit()),
      count: (value) => (value === null ? 0 : 1),
    },
  },
  diff: { scope: 'org', diff: diffOrgSpendLimit },
  executors: {
    // Create and update are one POST (create or replace): repeating it is harmless.
    create: async (change, run) => {
      const done = await createOnce({ attempt: () => run.api.setOrgSpendLimit(body(change)), check: () => run.api.getOrgSpendLimit().then((l) => l ?? undefined) }, run.sleep);
      return done.note === undefined ? undefined : { note: done.note };
    },
    update: async (change, run) => {
      const done = await updateOnce(() => run.api.setOrgSpendLimit(body(change)));
      return done.note === undefined ? undefined : { note: done.note };
    },
    delete: async (_change, run) => {
      const done = await removeOnce(() => run.api.deleteOrgSpendLimit());
      return done.note === undefined ? undefined : { note: done.note };
    },
  },
  guard: {
    // Only a raise or a removal is destructive: both loosen the limit.
    effect: () => ({ kind: 'loosening' }),
    liveCount: (live) => (live.org.spendLimit == null ? 0 : 1),
  },
  audit: {
    orgEvents: [],
    tenantEvents: SPEND_LIMIT_EVENTS,
    tenantWanted: (desired) => desired.org.spendLimit !== undefined || [...desired.org.projects.values()].some((p) => p.spendLimit !== undefined),
    // One event type for both the org's and the projects' limits: this kind maps it to both.
    map: (_event, ctx) =>
      governanceTargets(
        ctx,
        { kind: 'org.spend_limit', address: address.orgSpendLimit(), declared: (d) => d.org.spendLimit },
        { kind: 'project.spend_limit', address: address.projectSpendLimit, declared: (d, p) => d.org.projects.get(p)?.spendLimit },
      ),
  },
  import: {
    document: 'Organization',
    key: 'spendLimit',
    // Unset (the API's default) is left out: the imported manifests say what the organization set.
    build: (live) => (live.spendLimit == null ? undefined : spendLimitManifest(live.spendLimit)),
  },
  // Governance settings depend on nothing but their project; removals (loosenings) run with the others.
  waves: { additive: 0, removal: 9 },
  render: { area: { title: 'Spend limit and alerts', rank: 5 }, formatField: formatGovernanceField },
};
