// Kind project.service_account: per project. src/kinds/types.ts says what each part means.
import type { AuditLog } from '../api/types.js';
import { unknownId, type KindEventContext } from '../drift/event-context.js';
import type { DriftTarget } from '../drift/types.js';
import { serviceAccountExecutors } from '../apply/executors/service-accounts.js';
import { pages, perReadProject } from '../live/pages.js';
import { liveProjects, named, removalEffect, sum } from './support.js';
import type { ProjectRef } from '../plan/types.js';
import type { ServiceAccount } from '../model/types.js';
import { address } from '../plan/address.js';
import { addChange, pruneMessage, shouldPrune, type DiffContext } from '../plan/context.js';
import type { KindDescriptor, ProjectSite } from './types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    'project.service_account': { actions: 'create' | 'delete'; target: ProjectRef & { serviceAccount: string; serviceAccountId?: string }; fields: { name: string } };
  }
}

// service_account.created {id, data.role}; .updated {id, changes_requested.role}; .deleted {id}.
function mapServiceAccountEvent(_event: AuditLog, { id, index, scope, targets }: KindEventContext): DriftTarget[] {
  const known = index.serviceAccounts.get(id ?? '');
  const project = known?.project ?? (scope.kind === 'org' ? unknownId(undefined) : scope.project);
  return [targets.serviceAccount(project, known?.name ?? unknownId(id))];
}

/** Declared accounts are created (their key goes to the secrets sink); undeclared ones go by prune.serviceAccounts. */
function diffServiceAccounts(ctx: DiffContext, { name, want, have, created }: ProjectSite): void {
  if (want.serviceAccounts === undefined) return;
  const live = have?.serviceAccounts ?? new Map<string, ServiceAccount>();
  for (const account of [...want.serviceAccounts.keys()].sort()) {
    if (live.has(account)) continue;
    addChange(ctx, {
      address: address.serviceAccount(name, account),
      action: 'create',
      kind: 'project.service_account',
      target: { project: name, projectId: have?.id, serviceAccount: account },
      after: { name: account },
      reason: 'declared in the manifest, missing in the project; its key goes to the secrets sink, never to the plan',
      dependsOn: [created],
      source: want.serviceAccounts.get(account)!.source,
    });
  }
  for (const [account, held] of [...live].sort(([a], [b]) => a.localeCompare(b))) {
    if (want.serviceAccounts.has(account)) continue;
    const at = address.serviceAccount(name, account);
    const mode = ctx.policy.prune.serviceAccounts;
    if (!shouldPrune(ctx, 'serviceAccounts', at, 'project.service_account')) continue;
    addChange(ctx, {
      address: at,
      action: 'delete',
      kind: 'project.service_account',
      target: { project: name, projectId: have?.id, serviceAccount: account, serviceAccountId: held.id },
      before: { name: account },
      reason: `${pruneMessage(mode, 'serviceAccounts')}: its API keys stop working`,
    });
  }
}

export const projectServiceAccount: KindDescriptor<'project.service_account'> = {
  kind: 'project.service_account',
  scope: 'project',
  names: (t) => [named(t, 'project'), named(t, 'serviceAccount')],
  manifest: { document: 'Project', key: 'serviceAccounts', by: 'src/manifest/build-projects.ts buildServiceAccounts' },
  live: {
    routes: ['/organization/projects/{project_id}/service_accounts'],
    minimumRequests: (scope, counts) => perReadProject(scope, counts, (p, ps) =>
      ps.serviceAccounts ? pages('/organization/projects/{project_id}/service_accounts', p.serviceAccounts) : 0,
    ),
    read: { by: 'src/live/read.ts readProject' },
  },
  diff: { scope: 'project', diff: diffServiceAccounts },
  executors: serviceAccountExecutors['project.service_account'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => sum(liveProjects(live), (p) => p.serviceAccounts?.size ?? 0),
  },
  prune: 'serviceAccounts',
  audit: {
    orgEvents: ['service_account.created', 'service_account.updated', 'service_account.deleted'],
    tenantEvents: [],
    map: mapServiceAccountEvent,
  },
  waves: { additive: 5, removal: 9 },
  import: { by: 'src/import/build.ts projectManifest' },
  render: {},
};
