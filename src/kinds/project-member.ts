// Kind project.member: per project. src/kinds/types.ts says what each part means.
import { projectAccessExecutors } from '../apply/executors/project-access.js';
import { pages, perReadProject } from '../live/pages.js';
import { liveProjects, named, removalEffect, sum } from './support.js';
import type { KindDescriptor } from './types.js';
import type { ProjectRole } from '../model/types.js';
import type { PersonRef, ProjectRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'project.member': { actions: 'create' | 'assign' | 'update' | 'unassign' | 'delete'; target: ProjectRef & PersonRef; fields: { role: ProjectRole } };
  }
}

export const projectMember: KindDescriptor<'project.member'> = {
  kind: 'project.member',
  scope: 'project',
  names: (t) => [named(t, 'project'), named(t, 'email')],
  manifest: { document: 'Project', key: 'members', by: 'src/manifest/build-projects.ts buildProjectMembers' },
  live: {
    routes: ['/organization/projects/{project_id}/users'],
    minimumRequests: (scope, counts) => perReadProject(scope, counts, (p, ps) => (ps.members ? pages('/organization/projects/{project_id}/users', p.members.length) : 0)),
    read: { by: 'src/live/read.ts readProject' },
  },
  diff: { by: 'src/plan/diff-projects.ts diffProjectMembers' },
  executors: projectAccessExecutors['project.member'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => sum(liveProjects(live), (p) => p.members?.size ?? 0),
    holders: (live, role) => sum(liveProjects(live), (p) => [...(p.members?.values() ?? [])].filter((m) => m.role === role).length),
  },
  prune: 'projectMembers',
  // user.* events name project members too: org.member maps them (one kind per event type).
  audit: {
    orgEvents: [],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 5, removal: 8 },
  import: { by: 'src/import/build.ts projectManifest' },
  render: {},
};
