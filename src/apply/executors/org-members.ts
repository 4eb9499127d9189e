// Org membership: invites (carrying project memberships), role changes, removals,
// and org roles assigned to users.
import type { ChangeOf } from '../../plan/types.js';
import { PlanExecutionError } from '../errors.js';
import { createOnce, removeOnce, updateOnce } from '../idempotent.js';
import { afterField, afterString, findIn, holdsRole, need, noted, roleIdOf, userIdOf } from './fields.js';
import type { Executor, ExecutorTables, RunContext } from './types.js';

type OrgRole = 'owner' | 'reader';
type ProjectRole = 'owner' | 'member';

function orgRole(change: ChangeOf<'org.member'> | ChangeOf<'org.invite'>): OrgRole {
  const role = afterString(change, 'role');
  if (role !== 'owner' && role !== 'reader') throw new PlanExecutionError(`change ${change.address}: unknown org role "${role}"`);
  return role;
}

/**
 * `after.projects`: [{ project: name } | { projectId } | { id }, role]; names resolved now.
 * No list means no project: the invite always carries one (see `invite`).
 */
async function inviteProjects(change: ChangeOf<'org.member'> | ChangeOf<'org.invite'>, run: RunContext): Promise<{ id: string; role: ProjectRole }[]> {
  const listed = afterField(change, 'projects');
  if (listed === undefined || listed === null) return [];
  if (!Array.isArray(listed)) throw new PlanExecutionError(`change ${change.address}: after.projects is not a list`);
  return Promise.all(
    listed.map(async (entry: unknown) => {
      const item = (entry ?? {}) as Record<string, unknown>;
      const role = item.role;
      if (role !== 'owner' && role !== 'member') {
        throw new PlanExecutionError(`change ${change.address}: invite project role must be owner or member`);
      }
      const id = typeof item.projectId === 'string' ? item.projectId : typeof item.id === 'string' ? item.id : undefined;
      if (id !== undefined) return { id, role };
      if (typeof item.project !== 'string') throw new PlanExecutionError(`change ${change.address}: invite project without a name or id`);
      return { id: await run.registry.project(item.project), role };
    }),
  );
}

const invite: Executor<ChangeOf<'org.invite'> | ChangeOf<'org.member', 'invite'>> = async (change, run) => {
  const email = need(change, 'email');
  const role = orgRole(change);
  // Always a list, even empty: an omitted `projects` invites the user "to the default
  // project for compatibility with legacy behavior" (spec: InviteRequest.projects);
  // an empty one means no project at all, which is what the manifest said.
  const body = { email, role, projects: await inviteProjects(change, run) };
  const done = await createOnce(
    {
      attempt: () => run.api.createInvite(body),
      check: () =>
        findIn(run.api.listInvites(), (i) => i.email.toLowerCase() === email.toLowerCase() && i.status === 'pending'),
    },
    run.sleep,
  );
  return noted(done);
};

const deleteInvite: Executor<ChangeOf<'org.invite'>> = async (change, run) => {
  let inviteId = change.target.inviteId;
  if (inviteId === undefined || inviteId === '') {
    const email = need(change, 'email').toLowerCase();
    const found = await findIn(run.api.listInvites(), (i) => i.email.toLowerCase() === email && i.status === 'pending');
    if (found === undefined) return { note: 'already gone' };
    inviteId = found.id;
  }
  const id = inviteId;
  const done = await removeOnce(() => run.api.deleteInvite(id));
  return noted(done);
};

const updateMember: Executor<ChangeOf<'org.member'>> = async (change, run) => {
  const userId = await userIdOf(change, run);
  const role = orgRole(change);
  const done = await updateOnce(() => run.api.updateUser(userId, { role }));
  return noted(done);
};

const removeMember: Executor<ChangeOf<'org.member'>> = async (change, run) => {
  const userId = await userIdOf(change, run);
  const done = await removeOnce(() => run.api.deleteUser(userId));
  if (change.target.email !== undefined) run.registry.forget('user', change.target.email);
  return noted(done);
};

const assignUserRole: Executor<ChangeOf<'org.member.role'>> = async (change, run) => {
  const userId = await userIdOf(change, run);
  const roleId = await roleIdOf(change, run);
  const done = await createOnce(
    {
      attempt: () => run.api.assignUserRole(userId, roleId),
      check: async () => ((await holdsRole(run.api.listUserRoles(userId), roleId, change.target.role)) ? true : undefined),
    },
    run.sleep,
  );
  return noted(done);
};

const unassignUserRole: Executor<ChangeOf<'org.member.role'>> = async (change, run) => {
  const userId = await userIdOf(change, run);
  const roleId = await roleIdOf(change, run);
  const done = await removeOnce(() => run.api.unassignUserRole(userId, roleId));
  return noted(done);
};

/** Per kind, one executor per action (src/kinds/ registers them). */
export const orgMemberExecutors = {
  'org.invite': {
    invite: invite,
    create: invite,
    delete: deleteInvite,
  },
  'org.member': {
    invite: invite,
    update: updateMember,
    delete: removeMember,
  },
  'org.member.role': {
    assign: assignUserRole,
    create: assignUserRole,
    unassign: unassignUserRole,
    delete: unassignUserRole,
  },
} satisfies ExecutorTables<'org.invite' | 'org.member' | 'org.member.role'>;
