// The apply stage: execute a plan safely, deliver service-account keys, verify convergence.
export { applyPlan, checkExecutable } from './apply-plan.js';
export { GuardRefusal, PlanExecutionError, ResolveError, SecretsSinkError, describeError } from './errors.js';
export type { ErrorInfo, GuardRule } from './errors.js';
export { checkGuards, evaluateGuards, liveCounts, PERCENT_FLOOR } from './guards.js';
export type { GuardOptions, GuardReport } from './guards.js';
export { EXECUTORS, executorFor } from './executors/index.js';
export { EXEC_TIMEOUT_MS, ExecSecretsSink, secretName } from './exec-sink.js';
export type { ExecSinkOptions } from './exec-sink.js';
export {
  DEFAULT_SECRETS_DIR,
  deliverSecret,
  fallbackDirFor,
  FileSecretsSink,
  prepareSecretsSink,
  SECRET_FIELDS,
  SINK_RETRY_DELAYS_MS,
} from './secrets-sink.js';
export { chooseSecretsSink, DEFAULT_SECRETS_SINK, SECRETS_SINK_ENV, secretsSinkFrom, SecretsSinkSpecError } from './sink-spec.js';
export { formatApplyResult, formatOutcome, formatRefusals } from './summary.js';
export type { ApplyResultFormat } from './summary.js';
export { CONVERGENCE_DELAYS_MS, verifyConvergence } from './verify.js';
export type { Convergence, VerifyOptions } from './verify.js';
export type {
  AppliedChange,
  ApplyOptions,
  ApplyResult,
  ChangeOutcome,
  FailedChange,
  SecretReceipt,
  SecretsSink,
  ServiceAccountSecret,
  SkippedChange,
  Sleep,
} from './types.js';
export { runApply } from './run-apply.js';
export type { ApplyOutcome, RunApplyOptions, RunApplyResult } from './run-apply.js';
