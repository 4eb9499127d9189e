// A project's hosted tools (spec …/projects/{project_id}/hosted_tool_permissions): which of
// file search, web search, image generation, MCP and code interpreter are enabled. No delete:
// only the tools a manifest names are managed. Enabling one loosens the control.
import { updateOnce } from '../apply/idempotent.js';
import { hostedToolsFromWire } from '../live/governance.js';
import { buildHostedTools } from '../manifest/build-governance.js';
import { HOSTED_TOOLS, hostedToolApiName, type HostedToolPermissions } from '../model/governance.js';
import { diffHostedToolPermissions } from '../plan/diff-governance.js';
import { formatGovernanceField, projectIdFor, projectSingletonRequests, type HostedToolFields, type ProjectTarget } from './governance-common.js';
import type { KindDescriptor } from './types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'project.hosted_tool_permissions': { actions: 'update'; target: ProjectTarget; fields: HostedToolFields };
  }
}

declare module '../model/types.js' {
  interface ProjectExtensions {
    /** Desired: the tools the manifest names; live: all five (a 404 reads as all enabled). Never null. */
    hostedToolPermissions?: HostedToolPermissions;
  }
}

export const projectHostedToolPermissions: KindDescriptor<'project.hosted_tool_permissions'> = {
  kind: 'project.hosted_tool_permissions',
  scope: 'project',
  singleton: true,
  names: (target) => [target.project],
  manifest: { document: 'Project', key: 'hostedToolPermissions', build: buildHostedTools },
  live: {
    routes: ['/organization/projects/{project_id}/hosted_tool_permissions'],
    minimumRequests: projectSingletonRequests('project.hosted_tool_permissions'),
    read: {
      scope: 'project',
      key: 'hostedToolPermissions',
      wanted: (_desired, project) => project?.hostedToolPermissions !== undefined,
      read: async (api, projectId) => hostedToolsFromWire(await api.getProjectHostedToolPermissions(projectId!)),
      count: () => 1,
    },
  },
  diff: { scope: 'project', diff: diffHostedToolPermissions },
  executors: {
    update: async (change, run) => {
      const projectId = await projectIdFor(change, run);
      // Only the tools that change: the spec keeps the others as they are.
      const body = Object.fromEntries(
        HOSTED_TOOLS.filter((tool) => change.after?.[tool] !== undefined).map((tool) => [hostedToolApiName(tool), { enabled: change.after![tool] === true }]),
      );
      const done = await updateOnce(() => run.api.setProjectHostedToolPermissions(projectId, body));
      return done.note === undefined ? undefined : { note: done.note };
    },
  },
  guard: {
    // Destructive only when it enables a tool.
    effect: () => ({ kind: 'loosening' }),
    liveCount: (live) => [...live.org.projects.values()].filter((p) => p.hostedToolPermissions !== undefined).length,
  },
  // The spec lists no audit event for hosted tools: drift cannot see them; every plan reads them.
  audit: { orgEvents: [], tenantEvents: [], map: () => [] },
  import: {
    document: 'Project',
    key: 'hostedToolPermissions',
    // All enabled is how the API starts a project: left out. Otherwise every tool, so the list is complete.
    build: (live) =>
      live.hostedToolPermissions === undefined || HOSTED_TOOLS.every((t) => live.hostedToolPermissions!.tools[t] !== false)
        ? undefined
        : Object.fromEntries(HOSTED_TOOLS.map((t) => [t, { enabled: live.hostedToolPermissions!.tools[t] !== false }])),
  },
  // Governance settings depend on nothing but their project; removals (loosenings) run with the others.
  waves: { additive: 2, removal: 9 },
  render: { formatField: formatGovernanceField },
};
