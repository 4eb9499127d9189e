// Pieces several kind modules share. Imports no descriptor (the registry imports the modules).
import type { LiveState, Project } from '../model/types.js';
import type { Change } from '../plan/types.js';
import type { GuardEffect } from './types.js';

export function sum<T>(items: Iterable<T>, count: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += count(item);
  return total;
}

export function liveProjects(live: LiveState): Project[] {
  return [...live.org.projects.values()];
}

/** A field of a change's `before` or `after`, read without knowing the change's kind. */
export function fieldOf(values: object | undefined, key: string): unknown {
  return values === undefined ? undefined : (values as Readonly<Record<string, unknown>>)[key];
}

/**
 * The effect of a destructive change for kinds that remove, archive or re-role things:
 * an archive archives, an update that had a role lowers it (any other update revokes a
 * permission), and anything else removes.
 */
export function removalEffect(change: Change): GuardEffect {
  if (change.action === 'archive') return { kind: 'archive' };
  if (change.action === 'update') {
    const from = fieldOf(change.before, 'role');
    if (typeof from === 'string') return { kind: 'downgrade', from };
    return { kind: 'revoke' };
  }
  return { kind: 'removal' };
}

/** A target's name, required: a change without it is a plan bug, said clearly. */
export function named(target: object, key: string): string {
  const value = (target as Readonly<Record<string, unknown>>)[key];
  if (typeof value !== 'string') throw new Error(`change target has no ${key}`);
  return value;
}
