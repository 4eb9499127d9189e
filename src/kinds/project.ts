// Kind project: once per organization. src/kinds/types.ts says what each part means.
import type { AuditLog } from '../api/types.js';
import { obj, str, unknownId, type KindEventContext } from '../drift/event-context.js';
import type { DriftTarget } from '../drift/types.js';
import { projectExecutors } from '../apply/executors/projects.js';
import { pages } from '../live/pages.js';
import { liveProjects, named, removalEffect } from './support.js';
import type { KindDescriptor } from './types.js';
import type { ProjectStatus } from '../model/types.js';
import type { ProjectRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    project: { actions: 'create' | 'update' | 'archive'; target: ProjectRef; fields: { name: string; externalKeyId: string | null; geography: string | null; status: ProjectStatus } };
  }
}

// project.created {id, data.name, data.title}; project.updated {id, changes_requested.title};
// project.archived / project.deleted {id}.
function mapProjectEvent(event: AuditLog, { payload, id, index, targets }: KindEventContext): DriftTarget[] {
  const named = event.type === 'project.created' ? str(obj(payload.data)?.name) : undefined;
  return [targets.project(index.projects.get(id ?? '') ?? named ?? unknownId(id))];
}

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
    map: mapProjectEvent,
  },
  waves: { additive: 1, removal: 11 },
  import: { by: 'src/import/build.ts projectManifest' },
  render: {},
};
