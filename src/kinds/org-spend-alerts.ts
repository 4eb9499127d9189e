// The organization's spend alerts (spec /organization/spend_alerts): a list, each alert
// identified by its threshold (the API gives alerts no name). `spendAlerts: []` deletes
// every alert; an alert not in a managed list is deleted.
import { createOnce, removeOnce, updateOnce } from '../apply/idempotent.js';
import { findIn } from '../apply/executors/fields.js';
import { pages } from '../live/pages.js';
import { spendAlertsFromWire } from '../live/governance.js';
import { buildSpendAlerts } from '../manifest/build-governance.js';
import type { SpendAlert } from '../model/governance.js';
import { diffOrgSpendAlerts } from '../plan/diff-governance.js';
import { address } from './address.js';
import {
  formatGovernanceField,
  governanceTargets,
  needed,
  sameAlert,
  SPEND_ALERT_EVENTS,
  spendAlertBody,
  spendAlertsManifest,
  type SpendAlertFields,
  type SpendAlertTarget,
} from './governance-common.js';
import type { KindDescriptor } from './types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'org.spend_alert': { actions: 'create' | 'update' | 'delete'; target: SpendAlertTarget; fields: SpendAlertFields };
  }
}

declare module '../model/types.js' {
  interface OrgExtensions {
    /** Keyed by spendAlertKey (the threshold in words). */
    spendAlerts?: ReadonlyMap<string, SpendAlert>;
  }
}

export const orgSpendAlerts: KindDescriptor<'org.spend_alert'> = {
  kind: 'org.spend_alert',
  scope: 'org',
  names: (target) => [target.spendAlert],
  manifest: { document: 'Organization', key: 'spendAlerts', build: buildSpendAlerts },
  live: {
    routes: ['/organization/spend_alerts'],
    minimumRequests: (scope, counts) => (scope.extensions?.has('org.spend_alert') === true ? pages('/organization/spend_alerts', counts.extensions?.get('org.spend_alert') ?? 0) : 0),
    read: {
      scope: 'org',
      key: 'spendAlerts',
      wanted: (desired) => desired.org.spendAlerts !== undefined,
      read: async (api) => {
        const alerts = [];
        for await (const alert of api.listOrgSpendAlerts()) alerts.push(alert);
        return spendAlertsFromWire(alerts);
      },
      count: (value) => value.size,
    },
  },
  diff: { scope: 'org', diff: diffOrgSpendAlerts },
  executors: {
    create: async (change, run) => {
      const body = spendAlertBody(change);
      const done = await createOnce(
        { attempt: () => run.api.createOrgSpendAlert(body), check: () => findIn(run.api.listOrgSpendAlerts(), (a) => sameAlert(a, body)) },
        run.sleep,
      );
      return done.note === undefined ? undefined : { note: done.note };
    },
    update: async (change, run) => {
      const id = needed(change, 'target.spendAlertId', change.target.spendAlertId);
      const done = await updateOnce(() => run.api.updateOrgSpendAlert(id, spendAlertBody(change)));
      return done.note === undefined ? undefined : { note: done.note };
    },
    delete: async (change, run) => {
      const id = needed(change, 'target.spendAlertId', change.target.spendAlertId);
      const done = await removeOnce(() => run.api.deleteOrgSpendAlert(id));
      return done.note === undefined ? undefined : { note: done.note };
    },
  },
  guard: {
    effect: () => ({ kind: 'removal' }),
    liveCount: (live) => live.org.spendAlerts?.size ?? 0,
  },
  audit: {
    orgEvents: [],
    tenantEvents: SPEND_ALERT_EVENTS,
    tenantWanted: (desired) => desired.org.spendAlerts !== undefined || [...desired.org.projects.values()].some((p) => p.spendAlerts !== undefined),
    // One event type for the org's and the projects' alerts, naming neither: every managed list.
    map: (_event, ctx) =>
      governanceTargets(
        ctx,
        { kind: 'org.spend_alert', address: address.orgSpendAlerts(), declared: (d) => d.org.spendAlerts },
        { kind: 'project.spend_alert', address: address.projectSpendAlerts, declared: (d, p) => d.org.projects.get(p)?.spendAlerts },
      ),
  },
  import: {
    document: 'Organization',
    key: 'spendAlerts',
    build: (live) => (live.spendAlerts === undefined || live.spendAlerts.size === 0 ? undefined : spendAlertsManifest(live.spendAlerts)),
  },
  // Governance settings depend on nothing but their project; removals (loosenings) run with the others.
  waves: { additive: 0, removal: 9 },
  render: { area: { title: 'Spend limit and alerts', rank: 5 }, formatField: formatGovernanceField },
};
