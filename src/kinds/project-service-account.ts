// Kind project.service_account: per project. src/kinds/types.ts says what each part means.
import { serviceAccountExecutors } from '../apply/executors/service-accounts.js';
import { pages, perReadProject } from '../live/pages.js';
import { liveProjects, named, removalEffect, sum } from './support.js';
import type { KindDescriptor } from './types.js';

export const projectServiceAccount: KindDescriptor<'project.service_account'> = {
  kind: 'project.service_account',
  scope: 'project',
  names: (t) => [named(t, 'project'), named(t, 'serviceAccount')],
  manifest: { document: 'Project', key: 'serviceAccounts', by: 'src/manifest/build-projects.ts buildServiceAccounts' },
  live: {
    routes: ['/organization/projects/{project_id}/service_accounts'],
    minimumRequests: (scope, counts) => perReadProject(scope, counts, (p, ps) =>
      ps.serviceAccounts ? pages('/organization/projects/{project_id}/service_accounts', p.serviceAccounts) : 0,
    ),
    read: { by: 'src/live/read.ts readProject' },
  },
  diff: { by: 'src/plan/diff-projects.ts diffServiceAccounts' },
  executors: serviceAccountExecutors['project.service_account'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => sum(liveProjects(live), (p) => p.serviceAccounts?.size ?? 0),
  },
  prune: 'serviceAccounts',
  audit: {
    orgEvents: ['service_account.created', 'service_account.updated', 'service_account.deleted'],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 5, removal: 9 },
  import: { by: 'src/import/build.ts projectManifest' },
  render: {},
};
