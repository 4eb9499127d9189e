// A project's hard spend limit (spec /organization/projects/{project_id}/spend_limit): a
// singleton with a delete. Raising or removing it loosens the control.
import { createOnce, removeOnce, updateOnce } from '../apply/idempotent.js';
import { spendLimitFromWire } from '../live/governance.js';
import { buildSpendLimit } from '../manifest/build-governance.js';
import type { SpendLimit } from '../model/governance.js';
import { diffProjectSpendLimit } from '../plan/diff-governance.js';
import {
  formatGovernanceField,
  needed,
  projectIdFor,
  projectSingletonRequests,
  spendLimitManifest,
  type ProjectTarget,
  type SpendLimitFields,
} from './governance-common.js';
import type { KindDescriptor } from './types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'project.spend_limit': { actions: 'create' | 'update' | 'delete'; target: ProjectTarget; fields: SpendLimitFields };
  }
}

declare module '../model/types.js' {
  interface ProjectExtensions {
    /** null: none (desired: delete it; live: unset, also a 404). */
    spendLimit?: SpendLimit | null;
  }
}

const body = (change: { address: string; after?: Partial<SpendLimitFields> }) => ({
  threshold_amount: needed(change, 'after.thresholdAmount', change.after?.thresholdAmount),
  currency: needed(change, 'after.currency', change.after?.currency) as 'USD',
  interval: needed(change, 'after.interval', change.after?.interval) as 'month',
});

export const projectSpendLimit: KindDescriptor<'project.spend_limit'> = {
  kind: 'project.spend_limit',
  scope: 'project',
  singleton: true,
  names: (target) => [target.project],
  manifest: { document: 'Project', key: 'spendLimit', build: buildSpendLimit },
  live: {
    routes: ['/organization/projects/{project_id}/spend_limit'],
    minimumRequests: projectSingletonRequests('project.spend_limit'),
    read: {
      scope: 'project',
      key: 'spendLimit',
      wanted: (desired, project) => project?.spendLimit !== undefined || desired.policy.rules.requireProjectSpendLimit !== undefined,
      read: async (api, projectId) => spendLimitFromWire(await api.getProjectSpendLimit(projectId!)),
      count: (value) => (value === null ? 0 : 1),
    },
  },
  diff: { scope: 'project', diff: diffProjectSpendLimit },
  executors: {
    create: async (change, run) => {
      const projectId = await projectIdFor(change, run);
      const done = await createOnce(
        { attempt: () => run.api.setProjectSpendLimit(projectId, body(change)), check: () => run.api.getProjectSpendLimit(projectId).then((l) => l ?? undefined) },
        run.sleep,
      );
      return done.note === undefined ? undefined : { note: done.note };
    },
    update: async (change, run) => {
      const projectId = await projectIdFor(change, run);
      const done = await updateOnce(() => run.api.setProjectSpendLimit(projectId, body(change)));
      return done.note === undefined ? undefined : { note: done.note };
    },
    delete: async (change, run) => {
      const projectId = await projectIdFor(change, run);
      const done = await removeOnce(() => run.api.deleteProjectSpendLimit(projectId));
      return done.note === undefined ? undefined : { note: done.note };
    },
  },
  guard: {
    // Only a raise or a removal is destructive: both loosen the limit.
    effect: () => ({ kind: 'loosening' }),
    liveCount: (live) => [...live.org.projects.values()].filter((p) => p.spendLimit != null).length,
  },
  audit: {
    orgEvents: [],
    // tenant.billing.overage_limit.updated is mapped by org.spend_limit, for both scopes.
    tenantEvents: [],
    map: { by: 'src/kinds/org-spend-limit.ts audit.map' },
  },
  import: {
    document: 'Project',
    key: 'spendLimit',
    build: (live) => (live.spendLimit == null ? undefined : spendLimitManifest(live.spendLimit)),
  },
  // Governance settings depend on nothing but their project; removals (loosenings) run with the others.
  waves: { additive: 2, removal: 9 },
  render: { formatField: formatGovernanceField },
};
