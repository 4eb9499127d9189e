// Kind project.group: per project. src/kinds/types.ts says what each part means.
import { projectAccessExecutors } from '../apply/executors/project-access.js';
import { pages, perReadProject } from '../live/pages.js';
import { liveProjects, named, removalEffect, sum } from './support.js';
import type { KindDescriptor } from './types.js';
import type { ProjectRole } from '../model/types.js';
import type { GroupRef, ProjectRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'project.group': { actions: 'create' | 'assign' | 'update' | 'unassign' | 'delete'; target: ProjectRef & GroupRef; fields: { role: ProjectRole | null } };
  }
}

export const projectGroup: KindDescriptor<'project.group'> = {
  kind: 'project.group',
  scope: 'project',
  names: (t) => [named(t, 'project'), named(t, 'group')],
  manifest: { document: 'Project', key: 'groups', by: 'src/manifest/build-projects.ts buildProjectGroups' },
  live: {
    routes: ['/organization/projects/{project_id}/groups'],
    minimumRequests: (scope, counts) => perReadProject(scope, counts, (p, ps) => (ps.groups ? pages('/organization/projects/{project_id}/groups', p.groups.length) : 0)),
    read: { by: 'src/live/read.ts readProject' },
  },
  diff: { by: 'src/plan/diff-projects.ts diffProjectGroups' },
  executors: projectAccessExecutors['project.group'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => sum(liveProjects(live), (p) => p.groups?.size ?? 0),
    holders: (live, role) => sum(liveProjects(live), (p) => [...(p.groups?.values() ?? [])].filter((g) => g.role === role).length),
  },
  prune: 'projectGroups',
  audit: {
    orgEvents: [],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 5, removal: 8 },
  import: { by: 'src/import/build.ts projectManifest' },
  render: {},
};
