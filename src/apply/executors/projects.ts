// Projects (create, update, archive: never deleted), their rate limits and certificates.
import type { ProjectCreateRequest, ProjectRateLimitUpdateRequest, ProjectUpdateRequest } from '../../api/types.js';
import type { RateLimitField } from '../../model/types.js';
import { RATE_LIMIT_WIRE_FIELDS } from '../../live/rate-limits.js';
import type { ChangeOf } from '../../plan/types.js';
import { PlanExecutionError } from '../errors.js';
import { createOnce, updateOnce } from '../idempotent.js';
import { afterField, findIn, need, noted, projectIdOf } from './fields.js';
import type { Executor, ExecutorTables } from './types.js';

type Residency = NonNullable<ProjectCreateRequest['residency']>;

const createProject: Executor<ChangeOf<'project'>> = async (change, run) => {
  const name = need(change, 'project');
  const body: ProjectCreateRequest = { name };
  const externalKeyId = afterField(change, 'externalKeyId');
  if (typeof externalKeyId === 'string') body.external_key_id = externalKeyId;
  const geography = afterField(change, 'geography');
  if (typeof geography === 'string') body.residency = geography as Residency;
  const done = await createOnce(
    {
      attempt: () => run.api.createProject(body),
      check: () => findIn(run.api.listProjects(), (p) => p.name === name && p.status !== 'archived'),
    },
    run.sleep,
  );
  run.registry.remember('project', name, done.value.id);
  return noted(done);
};

const archive: Executor<ChangeOf<'project'>> = async (change, run) => {
  const projectId = await projectIdOf(change, run);
  return noted(await updateOnce(() => run.api.archiveProject(projectId)));
};

const updateProject: Executor<ChangeOf<'project'>> = async (change, run) => {
  const after = change.after ?? {};
  if (after.status === 'archived') return archive(change, run);
  if (after.status === 'active') {
    throw new PlanExecutionError(`change ${change.address}: an archived project cannot be reactivated through the Admin API`);
  }
  const projectId = await projectIdOf(change, run);
  const body: ProjectUpdateRequest = {};
  if (typeof after.name === 'string') body.name = after.name;
  if ('externalKeyId' in after) body.external_key_id = after.externalKeyId ?? null;
  if (Object.keys(body).length === 0) {
    throw new PlanExecutionError(`change ${change.address}: nothing the Admin API can update (${Object.keys(after).join(', ')})`);
  }
  const done = await updateOnce(() => run.api.updateProject(projectId, body));
  if (body.name) run.registry.remember('project', body.name, projectId);
  return noted(done);
};

function rateLimitBody(change: ChangeOf<'project.rate_limit'>): ProjectRateLimitUpdateRequest {
  const body: ProjectRateLimitUpdateRequest = {};
  // Model field → wire field of POST /organization/projects/{id}/rate_limits/{id}: the one shared table.
  for (const [field, wire] of Object.entries(RATE_LIMIT_WIRE_FIELDS)) {
    const value = afterField(change, field as RateLimitField);
    if (value === undefined) continue;
    if (typeof value !== 'number') throw new PlanExecutionError(`change ${change.address}: after.${field} is not a number`);
    body[wire] = value;
  }
  if (Object.keys(body).length === 0) throw new PlanExecutionError(`change ${change.address}: no rate limit value to set`);
  return body;
}

const updateRateLimit: Executor<ChangeOf<'project.rate_limit'>> = async (change, run) => {
  const projectId = await projectIdOf(change, run);
  const rateLimitId = change.target.rateLimitId ?? (await run.registry.rateLimit(projectId, need(change, 'model')));
  const body = rateLimitBody(change);
  return noted(await updateOnce(() => run.api.updateProjectRateLimit(projectId, rateLimitId, body)));
};

async function certificateIds(change: ChangeOf<'project.certificate'>, run: Parameters<Executor>[1]): Promise<[string, string]> {
  const projectId = await projectIdOf(change, run);
  const certificateId = change.target.certificateId ?? (await run.registry.certificate(need(change, 'certificate')));
  return [projectId, certificateId];
}

// Batched with the project's other (de)activations of the same turn (certificate-batches.ts).
const activateCertificate: Executor<ChangeOf<'project.certificate'>> = async (change, run) => {
  const [projectId, certificateId] = await certificateIds(change, run);
  return noted(await run.certificates.project('activate', projectId, certificateId));
};

const deactivateCertificate: Executor<ChangeOf<'project.certificate'>> = async (change, run) => {
  const [projectId, certificateId] = await certificateIds(change, run);
  return noted(await run.certificates.project('deactivate', projectId, certificateId));
};

/** Per kind, one executor per action (src/kinds/ registers them). */
export const projectExecutors = {
  project: {
    create: createProject,
    update: updateProject,
    archive: archive,
  },
  'project.rate_limit': {
    update: updateRateLimit,
    // Every project has a row per model (no create endpoint): "create" sets its values.
    create: updateRateLimit,
  },
  'project.certificate': {
    assign: activateCertificate,
    create: activateCertificate,
    unassign: deactivateCertificate,
    delete: deactivateCertificate,
  },
} satisfies ExecutorTables<'project' | 'project.rate_limit' | 'project.certificate'>;
