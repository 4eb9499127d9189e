// "Who gains and who loses what": the question a reviewer of an access change asks
// first. Built from the person-level changes of a plan.
import type { Change } from '../plan/types.js';
import { looseFields, looseTarget } from '../plan/change-view.js';

export interface PersonAccess {
  email: string;
  effects: string[];
  /** Some effect takes access away. */
  loses: boolean;
}

export function accessByPerson(changes: readonly Change[]): PersonAccess[] {
  const people = new Map<string, PersonAccess>();
  const add = (email: string, effect: string, loses = false): void => {
    const person = people.get(email) ?? { email, effects: [], loses: false };
    person.effects.push(effect);
    person.loses ||= loses;
    people.set(email, person);
  };
  for (const change of changes) {
    const target = looseTarget(change);
    const email = target.email;
    if (email === undefined) continue;
    const project = target.project ?? '?';
    const role = target.role ?? '?';
    const after = looseFields(change.after);
    switch (change.kind) {
      case 'org.invite':
        if (change.action === 'invite') {
          const projects = Array.isArray(after.projects) ? (after.projects as { project: string; role: string }[]) : [];
          add(email, `is invited as organization ${String(after.role)}`);
          for (const p of projects) add(email, `becomes ${p.role} of ${p.project} on acceptance`);
        } else {
          add(email, 'has a pending invite withdrawn', true);
        }
        break;
      case 'org.member':
        if (change.action === 'delete') add(email, 'leaves the organization (and every project and group)', true);
        else add(email, `becomes organization ${String(after.role)}`, change.destructive);
        break;
      case 'org.member.role':
        add(email, change.action === 'assign' ? `gets organization role ${role}` : `loses organization role ${role}`, change.action !== 'assign');
        break;
      case 'org.group.member':
        add(email, change.action === 'assign' ? `joins group ${target.group ?? '?'}` : `leaves group ${target.group ?? '?'}`, change.action !== 'assign');
        break;
      case 'project.member':
        if (change.action === 'unassign') add(email, `loses access to ${project}`, true);
        else add(email, `becomes ${String(after.role)} of ${project}`, change.destructive);
        break;
      case 'project.member.role':
        add(email, change.action === 'assign' ? `gets role ${role} in ${project}` : `loses role ${role} in ${project}`, change.action !== 'assign');
        break;
      default:
        break;
    }
  }
  return [...people.values()].sort((a, b) => a.email.localeCompare(b.email));
}
