// A project's spend alerts (spec /organization/projects/{project_id}/spend_alerts): a list,
// each alert identified by its threshold. `spendAlerts: []` deletes every alert.
import { createOnce, removeOnce, updateOnce } from '../apply/idempotent.js';
import { findIn } from '../apply/executors/fields.js';
import { spendAlertsFromWire } from '../live/governance.js';
import { pages, perReadProject } from '../live/pages.js';
import { buildSpendAlerts } from '../manifest/build-governance.js';
import type { SpendAlert } from '../model/governance.js';
import { diffProjectSpendAlerts } from '../plan/diff-governance.js';
import {
  formatGovernanceField,
  needed,
  projectIdFor,
  sameAlert,
  spendAlertBody,
  spendAlertsManifest,
  type ProjectTarget,
  type SpendAlertFields,
  type SpendAlertTarget,
} from './governance-common.js';
import type { KindDescriptor } from './types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'project.spend_alert': { actions: 'create' | 'update' | 'delete'; target: ProjectTarget & SpendAlertTarget; fields: SpendAlertFields };
  }
}

declare module '../model/types.js' {
  interface ProjectExtensions {
    /** Keyed by spendAlertKey (the threshold in words). */
    spendAlerts?: ReadonlyMap<string, SpendAlert>;
  }
}

const ROUTE = '/organization/projects/{project_id}/spend_alerts';

export const projectSpendAlerts: KindDescriptor<'project.spend_alert'> = {
  kind: 'project.spend_alert',
  scope: 'project',
  names: (target) => [target.project, target.spendAlert],
  manifest: { document: 'Project', key: 'spendAlerts', build: buildSpendAlerts },
  live: {
    routes: [ROUTE],
    minimumRequests: (scope, counts) =>
      perReadProject(scope, counts, (p, ps) => (ps.extensions?.has('project.spend_alert') === true ? pages(ROUTE, p.extensions?.get('project.spend_alert') ?? 0) : 0)),
    read: {
      scope: 'project',
      key: 'spendAlerts',
      wanted: (_desired, project) => project?.spendAlerts !== undefined,
      read: async (api, projectId) => {
        const alerts = [];
        for await (const alert of api.listProjectSpendAlerts(projectId!)) alerts.push(alert);
        return spendAlertsFromWire(alerts);
      },
      count: (value) => value.size,
    },
  },
  diff: { scope: 'project', diff: diffProjectSpendAlerts },
  executors: {
    create: async (change, run) => {
      const projectId = await projectIdFor(change, run);
      const body = spendAlertBody(change);
      const done = await createOnce(
        { attempt: () => run.api.createProjectSpendAlert(projectId, body), check: () => findIn(run.api.listProjectSpendAlerts(projectId), (a) => sameAlert(a, body)) },
        run.sleep,
      );
      return done.note === undefined ? undefined : { note: done.note };
    },
    update: async (change, run) => {
      const projectId = await projectIdFor(change, run);
      const id = needed(change, 'target.spendAlertId', change.target.spendAlertId);
      const done = await updateOnce(() => run.api.updateProjectSpendAlert(projectId, id, spendAlertBody(change)));
      return done.note === undefined ? undefined : { note: done.note };
    },
    delete: async (change, run) => {
      const projectId = await projectIdFor(change, run);
      const id = needed(change, 'target.spendAlertId', change.target.spendAlertId);
      const done = await removeOnce(() => run.api.deleteProjectSpendAlert(projectId, id));
      return done.note === undefined ? undefined : { note: done.note };
    },
  },
  guard: {
    effect: () => ({ kind: 'removal' }),
    liveCount: (live) => [...live.org.projects.values()].reduce((n, p) => n + (p.spendAlerts?.size ?? 0), 0),
  },
  audit: {
    orgEvents: [],
    // tenant.billing.alerts.updated is mapped by org.spend_alert, for both scopes.
    tenantEvents: [],
    map: { by: 'src/kinds/org-spend-alerts.ts audit.map' },
  },
  import: {
    document: 'Project',
    key: 'spendAlerts',
    build: (live) => (live.spendAlerts === undefined || live.spendAlerts.size === 0 ? undefined : spendAlertsManifest(live.spendAlerts)),
  },
  // Governance settings depend on nothing but their project; removals (loosenings) run with the others.
  waves: { additive: 2, removal: 9 },
  render: { formatField: formatGovernanceField },
};
