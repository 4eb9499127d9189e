// Errors of the apply stage, and the one place that turns any thrown value into
// text that is safe to print (no request options, no key-shaped strings).
import { OrgplaneError } from '../errors.js';
import { maskSecrets } from '../mask-secrets.js';

/** The parts of an ApiError (or any error) that are safe to show: never a key, never request options. */
export interface ErrorInfo {
  message: string;
  status?: number;
  code?: string;
  type?: string;
  requestId?: string;
}

export type GuardRule = 'maxDeletes' | 'maxDeletePercent' | 'maxLoosenings' | 'minOwners' | 'protected' | 'selfLockout';

/** A safety rule refused the plan; `changes` are the addresses that break it. */
export class GuardRefusal extends OrgplaneError {
  readonly rule: GuardRule;
  readonly changes: readonly string[];

  constructor(rule: GuardRule, message: string, changes: readonly string[]) {
    super(message);
    this.rule = rule;
    this.changes = changes;
  }

  /** Reports (daemon, JSON logs) keep the message, which Error leaves out of JSON. */
  toJSON(): { rule: GuardRule; message: string; changes: readonly string[] } {
    return { rule: this.rule, message: this.message, changes: this.changes };
  }
}

/** A name the executor had to turn into an id was found neither in this run nor live. */
export class ResolveError extends OrgplaneError {}

/** The plan cannot be executed as given (dependency cycle, unknown change kind…). */
export class PlanExecutionError extends OrgplaneError {}

/**
 * The plan creates service accounts and the secrets sink cannot take their keys (its
 * folder cannot be written, its command does not resolve): refused before any change.
 */
export class SecretsSinkError extends PlanExecutionError {}

function field(error: object, name: string): unknown {
  return (error as Record<string, unknown>)[name];
}

/** True for an ApiError the client marks as possibly applied (timeout/reset after send, 5xx on POST). */
export function isAmbiguous(error: unknown): boolean {
  return typeof error === 'object' && error !== null && field(error, 'ambiguous') === true;
}

export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = field(error, 'status');
  return typeof status === 'number' ? status : undefined;
}

/** The safe, printable parts of an error (duck-typed on ApiError's fields). */
export function describeError(error: unknown): ErrorInfo {
  if (!(error instanceof Error)) return { message: maskSecrets(String(error)) };
  const info: ErrorInfo = { message: maskSecrets(error.message) };
  const status = statusOf(error);
  if (status !== undefined) info.status = status;
  for (const name of ['code', 'type', 'requestId'] as const) {
    const value = field(error, name);
    if (typeof value === 'string' && value !== '') info[name] = maskSecrets(value);
  }
  return info;
}

/** One line: `message (status 409, code already_exists)`. */
export function formatErrorInfo(info: ErrorInfo): string {
  const parts: string[] = [];
  if (info.status !== undefined) parts.push(`status ${info.status}`);
  if (info.code !== undefined) parts.push(`code ${info.code}`);
  if (info.requestId !== undefined) parts.push(`request ${info.requestId}`);
  return parts.length > 0 ? `${info.message} (${parts.join(', ')})` : info.message;
}
