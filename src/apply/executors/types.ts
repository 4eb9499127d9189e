// An executor turns one Change into AdminApi calls. Each resource area exports a
// table from `${kind} ${action}` to its executor; executors/index.ts merges them.
import type { Logger } from '../../logging/logger.js';
import type { ActionsOf, Change, ChangeBase, ChangeOf, ResourceKind } from '../../plan/types.js';
import type { CertificateBatches } from '../certificate-batches.js';
import type { IdRegistry } from '../registry.js';
import type { ApplyContext, SecretReceipt } from '../types.js';

export interface RunContext extends ApplyContext {
  registry: IdRegistry;
  logger: Logger;
  /** Certificate (de)activations of one turn, sent as one call each. */
  certificates: CertificateBatches;
}

export interface ExecutorResult {
  note?: string;
  secret?: SecretReceipt;
  /** Something the user must act on although the change is done (e.g. a lost key). */
  warning?: string;
}

/** Runs one change; `C` narrows it to one (kind, action) pair (src/kinds/types.ts ExecutorsOf). */
export type Executor<C extends ChangeBase = Change> = (change: C, run: RunContext) => Promise<ExecutorResult | undefined>;

/** `${kind} ${action}` → executor, for every registered kind (built from src/kinds/). */
export type ExecutorTable = Readonly<Record<string, Executor>>;

/**
 * One executor per action of K. A kind that lists an action in KindTypes but has no
 * executor for it does not compile (the plan could not apply it).
 */
export type ExecutorsOf<K extends ResourceKind> = {
  readonly [A in ActionsOf<K>]: Executor<ChangeOf<K, A>>;
};

/** The executor tables of several kinds, as an executor module exports them. */
export type ExecutorTables<K extends ResourceKind> = { readonly [P in K]: ExecutorsOf<P> };
