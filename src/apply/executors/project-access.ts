// Who is in a project: users and groups, with their project role and assigned project roles.
import type { ChangeOf } from '../../plan/types.js';
import { PlanExecutionError } from '../errors.js';
import { createOnce, removeOnce, updateOnce } from '../idempotent.js';
import { afterString, findIn, groupIdOf, holdsRole, noted, projectIdOf, roleIdOf, userIdOf } from './fields.js';
import type { Executor, ExecutorTables, RunContext } from './types.js';

function projectRole(change: ChangeOf<'project.member'> | ChangeOf<'project.group'>): 'owner' | 'member' {
  const role = afterString(change, 'role');
  if (role !== 'owner' && role !== 'member') throw new PlanExecutionError(`change ${change.address}: unknown project role "${role}"`);
  return role;
}

const addUser: Executor<ChangeOf<'project.member'>> = async (change, run) => {
  const [projectId, userId] = await Promise.all([projectIdOf(change, run), userIdOf(change, run)]);
  const role = projectRole(change);
  const done = await createOnce(
    {
      attempt: () => run.api.addProjectUser(projectId, { user_id: userId, role }),
      check: () => findIn(run.api.listProjectUsers(projectId), (u) => u.id === userId),
    },
    run.sleep,
  );
  return noted(done);
};

const updateUser: Executor<ChangeOf<'project.member'>> = async (change, run) => {
  const [projectId, userId] = await Promise.all([projectIdOf(change, run), userIdOf(change, run)]);
  const role = projectRole(change);
  return noted(await updateOnce(() => run.api.updateProjectUser(projectId, userId, { role })));
};

const removeUser: Executor<ChangeOf<'project.member'>> = async (change, run) => {
  const [projectId, userId] = await Promise.all([projectIdOf(change, run), userIdOf(change, run)]);
  return noted(await removeOnce(() => run.api.removeProjectUser(projectId, userId)));
};

async function userRole(change: ChangeOf<'project.member.role'>, run: RunContext): Promise<[string, string, string]> {
  const [projectId, userId] = await Promise.all([projectIdOf(change, run), userIdOf(change, run)]);
  return [projectId, userId, await roleIdOf(change, run, projectId)];
}

const assignUserRole: Executor<ChangeOf<'project.member.role'>> = async (change, run) => {
  const [projectId, userId, roleId] = await userRole(change, run);
  const done = await createOnce(
    {
      attempt: () => run.api.assignProjectUserRole(projectId, userId, roleId),
      check: async () =>
        (await holdsRole(run.api.listProjectUserRoles(projectId, userId), roleId, change.target.role)) ? true : undefined,
    },
    run.sleep,
  );
  return noted(done);
};

const unassignUserRole: Executor<ChangeOf<'project.member.role'>> = async (change, run) => {
  const [projectId, userId, roleId] = await userRole(change, run);
  return noted(await removeOnce(() => run.api.unassignProjectUserRole(projectId, userId, roleId)));
};

/**
 * The role granted when a group joins a project is "Identifier of the project role to
 * grant to the group" (spec: InviteProjectGroupBody.role): the id of the project's
 * predefined role standing for owner or member, read from the project's roles (once per
 * project). Never the bare name: when no such role is listed, the change fails.
 */
function groupGrantRole(change: ChangeOf<'project.group'>, run: RunContext, projectId: string): Promise<string> {
  return run.registry.projectBaseRole(projectId, projectRole(change));
}

const addGroup: Executor<ChangeOf<'project.group'>> = async (change, run) => {
  const [projectId, groupId] = await Promise.all([projectIdOf(change, run), groupIdOf(change, run)]);
  const role = await groupGrantRole(change, run, projectId);
  const done = await createOnce(
    {
      attempt: () => run.api.addProjectGroup(projectId, { group_id: groupId, role }),
      check: () => findIn(run.api.listProjectGroups(projectId), (g) => g.group_id === groupId),
    },
    run.sleep,
  );
  return noted(done);
};

const removeGroup: Executor<ChangeOf<'project.group'>> = async (change, run) => {
  const [projectId, groupId] = await Promise.all([projectIdOf(change, run), groupIdOf(change, run)]);
  return noted(await removeOnce(() => run.api.removeProjectGroup(projectId, groupId)));
};

// No endpoint changes a project group's role: remove the group and add it back with the new one.
const updateGroup: Executor<ChangeOf<'project.group'>> = async (change, run) => {
  await removeGroup(change, run);
  const added = await addGroup(change, run);
  return { note: `re-added with the new role${added?.note !== undefined ? `; ${added.note}` : ''}` };
};

async function groupRole(change: ChangeOf<'project.group.role'>, run: RunContext): Promise<[string, string, string]> {
  const [projectId, groupId] = await Promise.all([projectIdOf(change, run), groupIdOf(change, run)]);
  return [projectId, groupId, await roleIdOf(change, run, projectId)];
}

const assignGroupRole: Executor<ChangeOf<'project.group.role'>> = async (change, run) => {
  const [projectId, groupId, roleId] = await groupRole(change, run);
  const done = await createOnce(
    {
      attempt: () => run.api.assignProjectGroupRole(projectId, groupId, roleId),
      check: async () =>
        (await holdsRole(run.api.listProjectGroupRoles(projectId, groupId), roleId, change.target.role)) ? true : undefined,
    },
    run.sleep,
  );
  return noted(done);
};

const unassignGroupRole: Executor<ChangeOf<'project.group.role'>> = async (change, run) => {
  const [projectId, groupId, roleId] = await groupRole(change, run);
  return noted(await removeOnce(() => run.api.unassignProjectGroupRole(projectId, groupId, roleId)));
};

/** Per kind, one executor per action (src/kinds/ registers them). */
export const projectAccessExecutors = {
  'project.member': {
    create: addUser,
    assign: addUser,
    update: updateUser,
    delete: removeUser,
    unassign: removeUser,
  },
  'project.member.role': {
    assign: assignUserRole,
    create: assignUserRole,
    unassign: unassignUserRole,
    delete: unassignUserRole,
  },
  'project.group': {
    create: addGroup,
    assign: addGroup,
    update: updateGroup,
    delete: removeGroup,
    unassign: removeGroup,
  },
  'project.group.role': {
    assign: assignGroupRole,
    create: assignGroupRole,
    unassign: unassignGroupRole,
    delete: unassignGroupRole,
  },
} satisfies ExecutorTables<'project.member' | 'project.member.role' | 'project.group' | 'project.group.role'>;
