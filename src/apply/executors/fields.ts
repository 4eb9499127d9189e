// Reading what a Change says, strictly: a missing field is a plan bug, said clearly.
import { unscopedRoleId } from '../../live/roles.js';
import type { GroupRef, PersonRef, ProjectRef, RoleRef } from '../../plan/types.js';
import { PlanExecutionError } from '../errors.js';
import type { RunContext } from './types.js';

/** What the helpers below read of a change: its address, its target and its fields. */
interface Readable<T extends object, F extends object = object> {
  address: string;
  target: T;
  after?: Partial<F>;
}

export function need<T extends object, K extends keyof T & string>(change: Readable<T>, key: K): NonNullable<T[K]> {
  const value = change.target[key];
  if (value === undefined || value === null || value === '') {
    throw new PlanExecutionError(`change ${change.address} has no target.${key}`);
  }
  return value;
}

export function afterField<F extends object, K extends keyof F & string>(change: Readable<object, F>, key: K): F[K] | undefined {
  return change.after?.[key];
}

export function afterString<F extends object, K extends keyof F & string>(change: Readable<object, F>, key: K): string {
  const value = afterField(change, key);
  if (typeof value !== 'string' || value === '') {
    throw new PlanExecutionError(`change ${change.address} has no after.${key}`);
  }
  return value;
}

export function projectIdOf(change: Readable<ProjectRef>, run: RunContext): Promise<string> {
  const id = change.target.projectId;
  return id !== undefined && id !== '' ? Promise.resolve(id) : run.registry.project(need(change, 'project'));
}

export function userIdOf(change: Readable<PersonRef>, run: RunContext): Promise<string> {
  const id = change.target.userId;
  return id !== undefined && id !== '' ? Promise.resolve(id) : run.registry.user(need(change, 'email'));
}

export function groupIdOf(change: Readable<GroupRef>, run: RunContext): Promise<string> {
  const id = change.target.groupId;
  return id !== undefined && id !== '' ? Promise.resolve(id) : run.registry.group(need(change, 'group'));
}

/** Roles are assigned by id; names (custom or predefined) are resolved at run time. */
export function roleIdOf(change: Readable<RoleRef<'org' | 'project'>>, run: RunContext, projectId?: string): Promise<string> {
  const id = change.target.roleId;
  if (id !== undefined && id !== '') return Promise.resolve(id);
  const name = need(change, 'role');
  const scope = change.target.roleScope ?? (projectId !== undefined ? 'project' : 'org');
  if (scope === 'project') {
    if (projectId === undefined) throw new PlanExecutionError(`change ${change.address} names a project role without a project`);
    return run.registry.projectRole(projectId, name);
  }
  return run.registry.orgRole(name);
}

/** Two role ids name the same role once a `__scope…` suffix is dropped (API-NOTES: scoped predefined ids). */
export function sameRoleId(a: string, b: string): boolean {
  return a === b || unscopedRoleId(a) === unscopedRoleId(b);
}

/** An assigned-role list holds the role, by normalized id or (ids can come back scoped, API-NOTES) by name. */
export async function holdsRole(
  roles: AsyncIterable<{ id: string; name: string }>,
  roleId: string,
  roleName: string | undefined,
): Promise<boolean> {
  for await (const role of roles) {
    if (sameRoleId(role.id, roleId) || (roleName !== undefined && role.name === roleName)) return true;
  }
  return false;
}

export async function findIn<T>(items: AsyncIterable<T>, match: (item: T) => boolean): Promise<T | undefined> {
  for await (const item of items) if (match(item)) return item;
  return undefined;
}

/** An executor's answer: the idempotency note, when there is one. */
export function noted(done: { note?: string }): { note: string } | undefined {
  return done.note !== undefined ? { note: done.note } : undefined;
}
