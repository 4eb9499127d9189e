// Values of the apply stage: what applyPlan is given and what it answers.
// Nothing here ever holds a service-account key: keys go from the API answer
// straight to a SecretsSink, and only the sink's receipt (where it wrote) comes back.
import type { AdminApi } from '../api/admin-api.js';
import type { Logger } from '../logging/logger.js';
import type { LiveState, Policy } from '../model/types.js';
import type { ChangeAction, ResourceKind } from '../plan/types.js';
import type { ErrorInfo, GuardRefusal } from './errors.js';

/** What a sink is handed once, right after a service account is created. */
export interface ServiceAccountSecret {
  project: string;
  projectId: string;
  /** Service account name. */
  name: string;
  /** Service account id. */
  id: string;
  /** The API key value, shown by the API exactly once. */
  key: string;
  /** Unix seconds, from the API answer. */
  createdAt: number;
}

/** Where a sink put a secret: safe to print and log. */
export interface SecretReceipt {
  location: string;
  /** Something to act on: the preferred location was taken, or the key is in a fallback file. */
  warning?: string;
  /**
   * Set when the sink refused the key after every retry and it was kept in a fallback
   * file (`location`) instead: why the sink refused. Apply then exits non-zero.
   */
  undelivered?: string;
}

/** Receives service-account keys; the default writes one 0600 file per account. */
export interface SecretsSink {
  /** Where keys go, for messages (`file:.orgplane/secrets`, `exec:gh`); never holds a secret. */
  readonly description?: string;
  /** Folder of the fallback files when write keeps failing; default `.orgplane/secrets.fallback`. */
  readonly fallbackDir?: string;
  /**
   * Proves the sink can take keys, before the first change of an apply that creates a
   * service account; resolves to warnings, rejects when it cannot. Safe to call again.
   */
  prepare?(): Promise<string[]>;
  write(secret: ServiceAccountSecret): Promise<SecretReceipt>;
}

interface OutcomeBase {
  address: string;
  kind: ResourceKind;
  action: ChangeAction;
}

export interface AppliedChange extends OutcomeBase {
  status: 'applied';
  /** e.g. "already present after an ambiguous failure", or where a key was written. */
  note?: string;
  /** For service-account creates: where the key was delivered. */
  secret?: SecretReceipt;
}

export interface FailedChange extends OutcomeBase {
  status: 'failed';
  reason: string;
  error: ErrorInfo;
}

export interface SkippedChange extends OutcomeBase {
  status: 'skipped';
  reason: string;
  /** Address of the failed change that blocked this one (directly or through others), or `interrupt`. */
  blockedBy: string;
}

export type ChangeOutcome = AppliedChange | FailedChange | SkippedChange;

export interface ApplyResult {
  /** Non-empty when a guard refused the plan: then nothing was changed. */
  refusals: GuardRefusal[];
  applied: AppliedChange[];
  failed: FailedChange[];
  skipped: SkippedChange[];
  /** Things the user must know that did not fail a change (e.g. a guard skipped for lack of data). */
  warnings: string[];
}

/** Waits; injectable so tests never sleep. */
export type Sleep = (ms: number) => Promise<void>;

export interface ApplyOptions {
  /** Live state the plan was computed from: guards use it, and it seeds name→id resolution. */
  live: LiveState;
  /** Policy whose `safety` the guards enforce (normally `desired.policy`). */
  policy: Policy;
  /** `--max-deletes N`: overrides safety.maxDeletes and the percentage rule for this run. */
  maxDeletes?: number;
  /** `--max-loosenings N`: overrides safety.maxLoosenings for this run. */
  maxLoosenings?: number;
  /** Where service-account keys go; default a FileSecretsSink under `.orgplane/secrets`. */
  secrets?: SecretsSink;
  logger?: Logger;
  /** Default: setTimeout. Used between re-reads after an ambiguous failure. */
  sleep?: Sleep;
  /** Called as each change ends, for progress output. */
  onOutcome?: (outcome: ChangeOutcome) => void;
  /** Once aborted (SIGINT), no further change starts; those in flight finish. */
  signal?: AbortSignal;
}

export interface ApplyContext {
  api: AdminApi;
  logger: Logger;
  sleep: Sleep;
  secrets: SecretsSink;
}
