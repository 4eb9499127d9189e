// Org groups, their members, and org roles assigned to groups.
import { createOnce, removeOnce, updateOnce } from '../idempotent.js';
import { afterString, findIn, groupIdOf, holdsRole, need, noted, roleIdOf, userIdOf } from './fields.js';
import type { ChangeOf } from '../../plan/types.js';
import type { Executor, ExecutorTables } from './types.js';

const createGroup: Executor<ChangeOf<'org.group'>> = async (change, run) => {
  const name = need(change, 'group');
  const done = await createOnce(
    {
      attempt: () => run.api.createGroup({ name }),
      check: () => findIn(run.api.listGroups(), (g) => g.name === name),
    },
    run.sleep,
  );
  run.registry.remember('group', name, done.value.id);
  return noted(done);
};

const renameGroup: Executor<ChangeOf<'org.group'>> = async (change, run) => {
  const groupId = await groupIdOf(change, run);
  const name = afterString(change, 'name');
  const done = await updateOnce(() => run.api.updateGroup(groupId, { name }));
  run.registry.remember('group', name, groupId);
  return noted(done);
};

const deleteGroup: Executor<ChangeOf<'org.group'>> = async (change, run) => {
  const groupId = await groupIdOf(change, run);
  const done = await removeOnce(() => run.api.deleteGroup(groupId));
  if (change.target.group !== undefined) run.registry.forget('group', change.target.group);
  return noted(done);
};

const addMember: Executor<ChangeOf<'org.group.member'>> = async (change, run) => {
  const [groupId, userId] = await Promise.all([groupIdOf(change, run), userIdOf(change, run)]);
  const done = await createOnce(
    {
      attempt: () => run.api.addGroupUser(groupId, userId),
      check: () => findIn(run.api.listGroupUsers(groupId), (u) => u.id === userId),
    },
    run.sleep,
  );
  return noted(done);
};

const removeMember: Executor<ChangeOf<'org.group.member'>> = async (change, run) => {
  const [groupId, userId] = await Promise.all([groupIdOf(change, run), userIdOf(change, run)]);
  return noted(await removeOnce(() => run.api.removeGroupUser(groupId, userId)));
};

const assignRole: Executor<ChangeOf<'org.group.role'>> = async (change, run) => {
  const [groupId, roleId] = await Promise.all([groupIdOf(change, run), roleIdOf(change, run)]);
  const done = await createOnce(
    {
      attempt: () => run.api.assignGroupRole(groupId, roleId),
      check: async () => ((await holdsRole(run.api.listGroupRoles(groupId), roleId, change.target.role)) ? true : undefined),
    },
    run.sleep,
  );
  return noted(done);
};

const unassignRole: Executor<ChangeOf<'org.group.role'>> = async (change, run) => {
  const [groupId, roleId] = await Promise.all([groupIdOf(change, run), roleIdOf(change, run)]);
  return noted(await removeOnce(() => run.api.unassignGroupRole(groupId, roleId)));
};

/** Per kind, one executor per action (src/kinds/ registers them). */
export const groupExecutors = {
  'org.group': {
    create: createGroup,
    update: renameGroup,
    delete: deleteGroup,
  },
  'org.group.member': {
    assign: addMember,
    create: addMember,
    unassign: removeMember,
    delete: removeMember,
  },
  'org.group.role': {
    assign: assignRole,
    create: assignRole,
    unassign: unassignRole,
    delete: unassignRole,
  },
} satisfies ExecutorTables<'org.group' | 'org.group.member' | 'org.group.role'>;
