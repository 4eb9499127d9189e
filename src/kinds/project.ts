// Kind project: once per organization. src/kinds/types.ts says what each part means.
import { projectExecutors } from '../apply/executors/projects.js';
import { pages } from '../live/pages.js';
import { liveProjects, named, removalEffect } from './support.js';
import type { KindDescriptor } from './types.js';

export const project: KindDescriptor<'project'> = {
  kind: 'project',
  scope: 'org',
  names: (t) => [named(t, 'project')],
  manifest: { document: 'Project', key: 'metadata', by: 'src/manifest/build-projects.ts buildProjects (a Project document: metadata, spec.status, residency, externalKeyId)' },
  live: {
    routes: ['/organization/projects'],
    minimumRequests: (scope, counts) => pages('/organization/projects', counts.projects.length),
    read: { by: 'src/live/read.ts readLiveState (GET /organization/projects)' },
  },
  diff: { by: 'src/plan/diff-projects.ts classifyProjects, diffProjects' },
  executors: projectExecutors.project,
  guard: {
    effect: removalEffect,
    liveCount: (live) => liveProjects(live).filter((p) => p.status === 'active').length,
  },
  prune: 'projects',
  audit: {
    orgEvents: ['project.created', 'project.updated', 'project.archived', 'project.deleted'],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 1, removal: 11 },
  import: { by: 'src/import/build.ts projectManifest' },
  render: {},
};
