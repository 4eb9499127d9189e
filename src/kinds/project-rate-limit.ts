// Kind project.rate_limit: per project. src/kinds/types.ts says what each part means.
import { projectExecutors } from '../apply/executors/projects.js';
import { pages, perReadProject } from '../live/pages.js';
import { liveProjects, named, removalEffect, sum } from './support.js';
import type { KindDescriptor } from './types.js';

export const projectRateLimit: KindDescriptor<'project.rate_limit'> = {
  kind: 'project.rate_limit',
  scope: 'project',
  names: (t) => [named(t, 'project'), named(t, 'model')],
  manifest: { document: 'Project', key: 'rateLimits', by: 'src/manifest/build-projects.ts buildRateLimits' },
  live: {
    routes: ['/organization/projects/{project_id}/rate_limits'],
    minimumRequests: (scope, counts) => perReadProject(scope, counts, (p, ps) => (ps.rateLimits ? pages('/organization/projects/{project_id}/rate_limits', p.rateLimits) : 0)),
    read: { by: 'src/live/read.ts readProject' },
  },
  diff: { by: 'src/plan/diff-projects.ts diffRateLimits' },
  executors: projectExecutors['project.rate_limit'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => sum(liveProjects(live), (p) => p.rateLimits?.size ?? 0),
  },
  audit: {
    orgEvents: ['rate_limit.updated', 'rate_limit.deleted'],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  // No delete endpoint: a removal is never planned; its wave is listed for completeness.
  waves: { additive: 5, removal: 9 },
  import: { by: 'src/import/build.ts projectManifest' },
  render: {},
};
