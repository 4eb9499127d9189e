// Executor lookup: each kind's descriptor (src/kinds/) holds one executor per action.
import { KINDS, kindOf } from '../../kinds/index.js';
import type { Change } from '../../plan/types.js';
import type { Executor, ExecutorTable } from './types.js';

export type { Executor, ExecutorResult, ExecutorTable, ExecutorsOf, RunContext } from './types.js';

/** `${kind} ${action}` → executor, for every registered kind. */
export const EXECUTORS: ExecutorTable = Object.fromEntries(
  KINDS.flatMap((descriptor) => Object.entries(descriptor.executors).map(([action, run]) => [`${descriptor.kind} ${action}`, run as Executor])),
);

/** The executor of a change, or undefined when its kind has none for that action (a hand-edited plan). */
export function executorFor(change: Pick<Change, 'kind' | 'action'>): Executor | undefined {
  // The table of the change's own kind, indexed by its own action: that executor takes this change.
  const executors = kindOf(change.kind)?.executors as unknown as Readonly<Record<string, Executor | undefined>> | undefined;
  return executors?.[change.action];
}
