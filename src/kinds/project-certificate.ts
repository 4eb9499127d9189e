// Kind project.certificate: per project. src/kinds/types.ts says what each part means.
import { projectExecutors } from '../apply/executors/projects.js';
import { pages, perReadProject } from '../live/pages.js';
import { liveProjects, named, removalEffect, sum } from './support.js';
import type { KindDescriptor } from './types.js';
import type { CertificateRef, ProjectRef } from '../plan/types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'project.certificate': { actions: 'assign' | 'create' | 'unassign' | 'delete'; target: ProjectRef & CertificateRef; fields: { active: boolean } };
  }
}

export const projectCertificate: KindDescriptor<'project.certificate'> = {
  kind: 'project.certificate',
  scope: 'project',
  names: (t) => [named(t, 'project'), named(t, 'certificate')],
  manifest: { document: 'Project', key: 'certificates', by: 'src/manifest/build-projects.ts checkProjectCertificates' },
  live: {
    routes: ['/organization/projects/{project_id}/certificates'],
    minimumRequests: (scope, counts) => perReadProject(scope, counts, (p, ps) => (ps.certificates ? pages('/organization/projects/{project_id}/certificates', p.certificates) : 0)),
    read: { by: 'src/live/read.ts readProject' },
  },
  diff: { by: 'src/plan/diff-projects.ts diffProjectCertificates' },
  executors: projectExecutors['project.certificate'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => sum(liveProjects(live), (p) => p.certificates?.length ?? 0),
  },
  // certificates.activated / .deactivated name project activations too: org.certificate maps them (one kind per event type).
  audit: {
    orgEvents: [],
    tenantEvents: [],
    map: { by: 'src/drift/map-event.ts mapAuditEvent' },
  },
  waves: { additive: 5, removal: 8 },
  import: { by: 'src/import/build.ts projectManifest' },
  render: {},
};
