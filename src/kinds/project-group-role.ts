// Kind project.group.role: per project. src/kinds/types.ts says what each part means.
import { projectAccessExecutors } from '../apply/executors/project-access.js';
import { pages, perReadProject } from '../live/pages.js';
import { liveProjects, named, removalEffect, sum } from './support.js';
import type { KindDescriptor } from './types.js';
import type { GroupRef, ProjectRef, RoleRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'project.group.role': { actions: 'assign' | 'create' | 'unassign' | 'delete'; target: ProjectRef & GroupRef & RoleRef<'project'>; fields: { role: string } };
  }
}

export const projectGroupRole: KindDescriptor<'project.group.role'> = {
  kind: 'project.group.role',
  scope: 'project',
  names: (t) => [named(t, 'project'), named(t, 'group'), named(t, 'role')],
  manifest: { document: 'Project', key: 'groups', by: 'src/manifest/build-projects.ts buildProjectGroups (groups[].roles)' },
  live: {
    routes: ['/projects/{project_id}/groups/{group_id}/roles'],
    // Each project group's roles are read with it: they carry the group's base role.
    minimumRequests: (scope, counts) => perReadProject(scope, counts, (p, ps) =>
      ps.groups ? sum(p.groups, (g) => pages('/projects/{project_id}/groups/{group_id}/roles', g.roles)) : 0,
    ),
    read: { by: 'src/live/read.ts readProject' },
  },
  diff: { by: 'src/plan/diff-projects.ts diffProjectGroups (diffAssignedRoles)' },
  executors: projectAccessExecutors['project.group.role'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => sum(liveProjects(live), (p) => sum(p.groups?.values() ?? [], (g) => g.roles?.length ?? 0)),
  },
  // role.assignment.* events: org.member.role maps them (one kind per event type).
  audit: {
    orgEvents: [],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 6, removal: 7 },
  import: { by: 'src/import/build.ts projectManifest' },
  render: {},
};
