// Kind project.member.role: per project. src/kinds/types.ts says what each part means.
import { projectAccessExecutors } from '../apply/executors/project-access.js';
import { pages, perReadProject } from '../live/pages.js';
import { selects } from '../live/scope.js';
import { liveProjects, named, removalEffect, sum } from './support.js';
import type { KindDescriptor } from './types.js';
import type { PersonRef, ProjectRef, RoleRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'project.member.role': { actions: 'assign' | 'create' | 'unassign' | 'delete'; target: ProjectRef & PersonRef & RoleRef<'project'>; fields: { role: string } };
  }
}

export const projectMemberRole: KindDescriptor<'project.member.role'> = {
  kind: 'project.member.role',
  scope: 'project',
  names: (t) => [named(t, 'project'), named(t, 'email'), named(t, 'role')],
  manifest: { document: 'Project', key: 'members', by: 'src/manifest/build-projects.ts buildProjectMembers (members[].roles)' },
  live: {
    routes: ['/projects/{project_id}/users/{user_id}/roles'],
    minimumRequests: (scope, counts) => perReadProject(scope, counts, (p, ps) =>
      ps.members ? sum(p.members, (m) => (selects(ps.memberRoles, m.email) ? pages('/projects/{project_id}/users/{user_id}/roles', m.roles) : 0)) : 0,
    ),
    read: { by: 'src/live/read.ts readProject' },
  },
  diff: { by: 'src/plan/diff-projects.ts diffProjectMembers (diffAssignedRoles)' },
  executors: projectAccessExecutors['project.member.role'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => sum(liveProjects(live), (p) => sum(p.members?.values() ?? [], (m) => m.roles?.length ?? 0)),
  },
  // role.assignment.* events: org.member.role maps them (one kind per event type).
  audit: {
    orgEvents: [],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 6, removal: 7 },
  import: { by: 'src/import/build.ts memberEntry' },
  render: {},
};
