// The table from `${kind} ${action}` to the executor of that change.
import type { Change } from '../../plan/types.js';
import { certificateExecutors } from './certificates.js';
import { groupExecutors } from './groups.js';
import { orgMemberExecutors } from './org-members.js';
import { projectAccessExecutors } from './project-access.js';
import { projectExecutors } from './projects.js';
import { roleExecutors } from './roles.js';
import { serviceAccountExecutors } from './service-accounts.js';
import type { Executor, ExecutorTable } from './types.js';

export type { Executor, ExecutorResult, ExecutorTable, RunContext } from './types.js';

export const EXECUTORS: ExecutorTable = {
  ...orgMemberExecutors,
  ...groupExecutors,
  ...roleExecutors,
  ...certificateExecutors,
  ...projectExecutors,
  ...projectAccessExecutors,
  ...serviceAccountExecutors,
};

export function executorFor(change: Pick<Change, 'kind' | 'action'>): Executor | undefined {
  return EXECUTORS[`${change.kind} ${change.action}`];
}
