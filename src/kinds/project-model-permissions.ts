// A project's model allow list or deny list (spec …/projects/{project_id}/model_permissions):
// a singleton with a delete (every model allowed again). A model newly allowed, a deny
// entry removed, a change of mode or a delete widens access.
import { removeOnce, updateOnce } from '../apply/idempotent.js';
import { modelPermissionsFromWire } from '../live/governance.js';
import { buildModelPermissions } from '../manifest/build-governance.js';
import type { ModelPermissions } from '../model/governance.js';
import { diffModelPermissions } from '../plan/diff-governance.js';
import { formatGovernanceField, needed, projectIdFor, projectSingletonRequests, type ModelPermissionFields, type ProjectTarget } from './governance-common.js';
import type { KindDescriptor } from './types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'project.model_permissions': { actions: 'create' | 'update' | 'delete'; target: ProjectTarget; fields: ModelPermissionFields };
  }
}

declare module '../model/types.js' {
  interface ProjectExtensions {
    /** null: none, every model allowed (desired: delete them; live: unset, a 404 or an empty deny list). */
    modelPermissions?: ModelPermissions | null;
  }
}

const set = async (change: { address: string; target: ProjectTarget; after?: Partial<ModelPermissionFields> }, run: Parameters<typeof projectIdFor>[1]) => {
  const projectId = await projectIdFor(change, run);
  const body = { mode: needed(change, 'after.mode', change.after?.mode), model_ids: needed(change, 'after.modelIds', change.after?.modelIds) };
  // POST replaces the whole list: repeating it is harmless.
  const done = await updateOnce(() => run.api.setProjectModelPermissions(projectId, body));
  return done.note === undefined ? undefined : { note: done.note };
};

export const projectModelPermissions: KindDescriptor<'project.model_permissions'> = {
  kind: 'project.model_permissions',
  scope: 'project',
  singleton: true,
  names: (target) => [target.project],
  manifest: { document: 'Project', key: 'modelPermissions', build: buildModelPermissions },
  live: {
    routes: ['/organization/projects/{project_id}/model_permissions'],
    minimumRequests: projectSingletonRequests('project.model_permissions'),
    read: {
      scope: 'project',
      key: 'modelPermissions',
      wanted: (desired, project) => project?.modelPermissions !== undefined || desired.policy.rules.allowedModels !== undefined,
      read: async (api, projectId) => modelPermissionsFromWire(await api.getProjectModelPermissions(projectId!)),
      count: (value) => (value === null ? 0 : 1),
    },
  },
  diff: { scope: 'project', diff: diffModelPermissions },
  executors: {
    create: set,
    update: set,
    delete: async (change, run) => {
      const projectId = await projectIdFor(change, run);
      const done = await removeOnce(() => run.api.deleteProjectModelPermissions(projectId));
      return done.note === undefined ? undefined : { note: done.note };
    },
  },
  guard: {
    // Destructive only when it widens access.
    effect: () => ({ kind: 'loosening' }),
    liveCount: (live) => [...live.org.projects.values()].filter((p) => p.modelPermissions != null).length,
  },
  // The spec lists no audit event for model permissions: drift cannot see them; every plan reads them.
  audit: { orgEvents: [], tenantEvents: [], map: () => [] },
  import: {
    document: 'Project',
    key: 'modelPermissions',
    build: (live) => (live.modelPermissions == null ? undefined : { mode: live.modelPermissions.mode, modelIds: [...live.modelPermissions.modelIds] }),
  },
  // Governance settings depend on nothing but their project; removals (loosenings) run with the others.
  waves: { additive: 2, removal: 9 },
  render: { formatField: formatGovernanceField },
};
