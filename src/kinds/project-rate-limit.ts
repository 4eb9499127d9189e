// Kind project.rate_limit: per project. src/kinds/types.ts says what each part means.
import type { AuditLog } from '../api/types.js';
import { unknownId, type KindEventContext } from '../drift/event-context.js';
import type { DriftTarget } from '../drift/types.js';
import { projectExecutors } from '../apply/executors/projects.js';
import { pages, perReadProject } from '../live/pages.js';
import { liveProjects, named, removalEffect, sum } from './support.js';
import type { RateLimitField } from '../model/types.js';
import type { ProjectRef } from '../plan/types.js';
import { RATE_LIMIT_FIELDS, type RateLimit } from '../model/types.js';
import { address } from '../plan/address.js';
import { addChange, type DiffContext } from '../plan/context.js';
import type { KindDescriptor, ProjectSite } from './types.js';

declare module '../plan/types.js' {
  interface KindTypes {
    // Every project has a row per model (no create endpoint): `create` sets a new project's values.
    'project.rate_limit': { actions: 'create' | 'update'; target: ProjectRef & { model: string; rateLimitId?: string }; fields: { [F in RateLimitField]: number | null } };
  }
}

// rate_limit.updated {id, changes_requested.{max_*}}; rate_limit.deleted {id}.
function mapRateLimitEvent(_event: AuditLog, { id, index, scope, targets }: KindEventContext): DriftTarget[] {
  const known = index.rateLimits.get(id ?? '');
  const project = known?.project ?? (scope.kind === 'org' ? unknownId(undefined) : scope.project);
  return [targets.rateLimit(project, known?.model ?? unknownId(id))];
}

/** Each declared model's row takes the declared values; rows are never created or deleted (no endpoint). */
function diffRateLimits(ctx: DiffContext, { name, want, have, created }: ProjectSite): void {
  if (want.rateLimits === undefined) return;
  for (const model of [...want.rateLimits.keys()].sort()) {
    const wanted = want.rateLimits.get(model)!;
    const held: RateLimit | undefined = have?.rateLimits?.get(model);
    const at = address.rateLimit(name, model);
    if (have !== undefined && held === undefined) {
      // Every project has one row per model; there is no create endpoint.
      ctx.warnings.push({ address: at, message: `project ${name} has no rate limit for model ${model}; it cannot be created`, ...(wanted.source === undefined ? {} : { source: wanted.source }) });
      continue;
    }
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const field of RATE_LIMIT_FIELDS) {
      const value = wanted[field];
      if (value === undefined || held?.[field] === value) continue;
      if (held !== undefined) before[field] = held[field] ?? null;
      after[field] = value;
    }
    if (Object.keys(after).length === 0) continue;
    addChange(ctx, {
      address: at,
      action: 'update',
      kind: 'project.rate_limit',
      target: { project: name, projectId: have?.id, model, rateLimitId: held?.id },
      ...(held !== undefined ? { before } : {}),
      after,
      reason: held === undefined ? `set the ${model} limits of the new project` : `${model} limits differ: ${Object.keys(after).join(', ')}`,
      dependsOn: [created],
      source: wanted.source,
    });
  }
}

export const projectRateLimit: KindDescriptor<'project.rate_limit'> = {
  kind: 'project.rate_limit',
  scope: 'project',
  names: (t) => [named(t, 'project'), named(t, 'model')],
  manifest: { document: 'Project', key: 'rateLimits', by: 'src/manifest/build-projects.ts buildRateLimits' },
  live: {
    routes: ['/organization/projects/{project_id}/rate_limits'],
    minimumRequests: (scope, counts) => perReadProject(scope, counts, (p, ps) => (ps.rateLimits ? pages('/organization/projects/{project_id}/rate_limits', p.rateLimits) : 0)),
    read: { by: 'src/live/read.ts readProject' },
  },
  diff: { scope: 'project', diff: diffRateLimits },
  executors: projectExecutors['project.rate_limit'],
  guard: {
    effect: removalEffect,
    liveCount: (live) => sum(liveProjects(live), (p) => p.rateLimits?.size ?? 0),
  },
  audit: {
    orgEvents: ['rate_limit.updated', 'rate_limit.deleted'],
    tenantEvents: [],
    map: mapRateLimitEvent,
  },
  // No delete endpoint: a removal is never planned; its wave is listed for completeness.
  waves: { additive: 5, removal: 9 },
  import: { by: 'src/import/build.ts projectManifest' },
  render: {},
};
