// Kind project.role: per project. src/kinds/types.ts says what each part means.
import { roleExecutors } from '../apply/executors/roles.js';
import { pages, perReadProject } from '../live/pages.js';
import { liveProjects, named, removalEffect, sum } from './support.js';
import type { KindDescriptor } from './types.js';
import type { ProjectRef, RoleFields, RoleRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'project.role': { actions: 'create' | 'update' | 'delete'; target: ProjectRef & RoleRef<'project'>; fields: RoleFields };
  }
}

export const projectRole: KindDescriptor<'project.role'> = {
  kind: 'project.role',
  scope: 'project',
  names: (t) => [named(t, 'project'), named(t, 'role')],
  manifest: { document: 'Project', key: 'roles', by: 'src/manifest/build-projects.ts buildProjects (buildRoles)' },
  live: {
    routes: ['/projects/{project_id}/roles'],
    minimumRequests: (scope, counts) => perReadProject(scope, counts, (p, ps) => (ps.roles ? pages('/projects/{project_id}/roles', p.roles) : 0)),
    read: { by: 'src/live/read.ts readProject' },
  },
  diff: { by: 'src/plan/diff-projects.ts diffProjectRoles' },
  executors: roleExecutors['project.role'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => sum(liveProjects(live), (p) => p.roles?.size ?? 0),
  },
  prune: 'roles',
  // role.* events name project roles too: org.role maps them (one kind per event type).
  audit: {
    orgEvents: [],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 2, removal: 9 },
  import: { by: 'src/import/build.ts projectManifest (roleList)' },
  render: {},
};
