// A project's data retention control (spec …/projects/{project_id}/data_retention): a
// singleton without a delete (`organization_default` follows the organization). A weaker
// type loosens the control; organization_default weighs as the organization's type.
import { updateOnce } from '../apply/idempotent.js';
import { projectRetentionFromWire } from '../live/governance.js';
import { buildRetention } from '../manifest/build-governance.js';
import type { DataRetention, ProjectDataRetentionType } from '../model/governance.js';
import { diffProjectDataRetention } from '../plan/diff-governance.js';
import { formatGovernanceField, needed, projectIdFor, projectSingletonRequests, type ProjectTarget, type RetentionFields } from './governance-common.js';
import type { KindDescriptor } from './types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'project.data_retention': { actions: 'update'; target: ProjectTarget; fields: RetentionFields };
  }
}

declare module '../model/types.js' {
  interface ProjectExtensions {
    /** Never null: a 404 reads as organization_default. */
    dataRetention?: DataRetention;
  }
}

export const projectDataRetention: KindDescriptor<'project.data_retention'> = {
  kind: 'project.data_retention',
  scope: 'project',
  singleton: true,
  names: (target) => [target.project],
  manifest: { document: 'Project', key: 'dataRetention', build: (value, site) => buildRetention<ProjectDataRetentionType>(value, site) },
  live: {
    routes: ['/organization/projects/{project_id}/data_retention'],
    minimumRequests: projectSingletonRequests('project.data_retention'),
    read: {
      scope: 'project',
      key: 'dataRetention',
      wanted: (desired, project) => project?.dataRetention !== undefined || desired.policy.rules.requireDataRetention !== undefined,
      read: async (api, projectId) => projectRetentionFromWire(await api.getProjectDataRetention(projectId!)),
      count: () => 1,
    },
  },
  diff: { scope: 'project', diff: diffProjectDataRetention },
  executors: {
    update: async (change, run) => {
      const projectId = await projectIdFor(change, run);
      const type = needed(change, 'after.type', change.after?.type) as ProjectDataRetentionType;
      const done = await updateOnce(() => run.api.setProjectDataRetention(projectId, { retention_type: type }));
      return done.note === undefined ? undefined : { note: done.note };
    },
  },
  guard: {
    // Destructive only when it weakens retention.
    effect: () => ({ kind: 'loosening' }),
    liveCount: (live) => [...live.org.projects.values()].filter((p) => p.dataRetention !== undefined).length,
  },
  // The spec lists no audit event for data retention: drift cannot see it; every plan reads it.
  audit: { orgEvents: [], tenantEvents: [], map: () => [] },
  import: {
    document: 'Project',
    key: 'dataRetention',
    // organization_default is how the API starts a project: left out.
    build: (live) => (live.dataRetention === undefined || live.dataRetention.type === 'organization_default' ? undefined : { type: live.dataRetention.type }),
  },
  // Governance settings depend on nothing but their project; removals (loosenings) run with the others.
  waves: { additive: 2, removal: 9 },
  render: { formatField: formatGovernanceField },
};
