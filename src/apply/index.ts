// The apply stage: execute a plan safely, deliver service-account keys, verify convergence.
export { applyPlan, checkExecutable } from './apply-plan.js';
export { GuardRefusal, PlanExecutionError, ResolveError, describeError, maskKeys } from './errors.js';
export type { GuardRule } from './errors.js';
export { checkGuards, evaluateGuards, liveCounts } from './guards.js';
export type { GuardOptions, GuardReport } from './guards.js';
export { EXECUTORS, executorFor } from './executors/index.js';
export { DEFAULT_SECRETS_DIR, FileSecretsSink } from './secrets-sink.js';
export { formatApplyResult, formatOutcome, formatRefusals } from './summary.js';
export { CONVERGENCE_DELAYS_MS, verifyConvergence } from './verify.js';
export type { Convergence, VerifyOptions } from './verify.js';
export type {
  AppliedChange,
  ApplyOptions,
  ApplyResult,
  ChangeOutcome,
  ErrorInfo,
  FailedChange,
  SecretReceipt,
  SecretsSink,
  ServiceAccountSecret,
  SkippedChange,
  Sleep,
} from './types.js';
export { runApply } from './run-apply.js';
export type { ApplyOutcome, RunApplyOptions, RunApplyResult } from './run-apply.js';
