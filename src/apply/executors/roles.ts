// Custom roles, at org level (/organization/roles) and project level (/projects/{id}/roles).
import type { ChangeOf, RoleRef } from '../../plan/types.js';
import type { RoleUpdateRequest } from '../../api/types.js';
import { PlanExecutionError } from '../errors.js';
import { createOnce, removeOnce, updateOnce } from '../idempotent.js';
import { afterField, findIn, need, noted, projectIdOf } from './fields.js';
import type { Executor, ExecutorTables, RunContext } from './types.js';

function permissions(change: ChangeOf<'org.role'> | ChangeOf<'project.role'>): string[] | undefined {
  const value = afterField(change, 'permissions');
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((p) => typeof p === 'string')) {
    throw new PlanExecutionError(`change ${change.address}: after.permissions is not a list of strings`);
  }
  return value;
}

function description(change: ChangeOf<'org.role'> | ChangeOf<'project.role'>): string | null | undefined {
  const value = afterField(change, 'description');
  if (value === undefined || value === null || typeof value === 'string') return value;
  throw new PlanExecutionError(`change ${change.address}: after.description is not a string`);
}

function createBody(change: ChangeOf<'org.role'> | ChangeOf<'project.role'>): { role_name: string; permissions: string[]; description?: string | null } {
  const body: { role_name: string; permissions: string[]; description?: string | null } = {
    role_name: need<RoleRef<'org' | 'project'>, 'role'>(change, 'role'),
    permissions: permissions(change) ?? [],
  };
  const text = description(change);
  if (text !== undefined) body.description = text;
  return body;
}

function updateBody(change: ChangeOf<'org.role'> | ChangeOf<'project.role'>): RoleUpdateRequest {
  const body: RoleUpdateRequest = {};
  const list = permissions(change);
  if (list !== undefined) body.permissions = list;
  const text = description(change);
  if (text !== undefined) body.description = text;
  return body;
}

async function orgRoleId(change: ChangeOf<'org.role'>, run: RunContext): Promise<string> {
  return change.target.roleId ?? run.registry.orgRole(need(change, 'role'));
}

const createOrgRole: Executor<ChangeOf<'org.role'>> = async (change, run) => {
  const body = createBody(change);
  const done = await createOnce(
    { attempt: () => run.api.createRole(body), check: () => findIn(run.api.listRoles(), (r) => r.name === body.role_name) },
    run.sleep,
  );
  run.registry.remember('orgRole', body.role_name, done.value.id);
  return noted(done);
};

const updateOrgRole: Executor<ChangeOf<'org.role'>> = async (change, run) => {
  const roleId = await orgRoleId(change, run);
  const body = updateBody(change);
  return noted(await updateOnce(() => run.api.updateRole(roleId, body)));
};

const deleteOrgRole: Executor<ChangeOf<'org.role'>> = async (change, run) => {
  const roleId = await orgRoleId(change, run);
  const done = await removeOnce(() => run.api.deleteRole(roleId));
  run.registry.forget('orgRole', need(change, 'role'));
  return noted(done);
};

const createProjectRole: Executor<ChangeOf<'project.role'>> = async (change, run) => {
  const projectId = await projectIdOf(change, run);
  const body = createBody(change);
  const done = await createOnce(
    {
      attempt: () => run.api.createProjectRole(projectId, body),
      check: () => findIn(run.api.listProjectRoles(projectId), (r) => r.name === body.role_name),
    },
    run.sleep,
  );
  run.registry.remember(`projectRole:${projectId}`, body.role_name, done.value.id);
  return noted(done);
};

const updateProjectRole: Executor<ChangeOf<'project.role'>> = async (change, run) => {
  const projectId = await projectIdOf(change, run);
  const roleId = change.target.roleId ?? (await run.registry.projectRole(projectId, need(change, 'role')));
  const body = updateBody(change);
  return noted(await updateOnce(() => run.api.updateProjectRole(projectId, roleId, body)));
};

const deleteProjectRole: Executor<ChangeOf<'project.role'>> = async (change, run) => {
  const projectId = await projectIdOf(change, run);
  const roleId = change.target.roleId ?? (await run.registry.projectRole(projectId, need(change, 'role')));
  const done = await removeOnce(() => run.api.deleteProjectRole(projectId, roleId));
  run.registry.forget(`projectRole:${projectId}`, need(change, 'role'));
  return noted(done);
};

/** Per kind, one executor per action (src/kinds/ registers them). */
export const roleExecutors = {
  'org.role': {
    create: createOrgRole,
    update: updateOrgRole,
    delete: deleteOrgRole,
  },
  'project.role': {
    create: createProjectRole,
    update: updateProjectRole,
    delete: deleteProjectRole,
  },
} satisfies ExecutorTables<'org.role' | 'project.role'>;
