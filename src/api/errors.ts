// The one error the client throws. Third-party errors (got's) never leave src/api/: they
// are turned into an ApiError here, keeping only what a user needs (no request options,
// headers or URL credentials), and every string is scrubbed of keys.
import { OrgplaneError } from '../errors.js';
import { TransportFailure, type HttpMethod } from './transport.js';
import { maskSecrets } from '../mask-secrets.js';

/** What went wrong: an HTTP error answer, no answer at all, or an answer we cannot read. */
export type ApiErrorKind = 'http' | 'network' | 'malformed';

export interface ApiErrorDetails {
  kind: ApiErrorKind;
  method: HttpMethod;
  /** Route template, e.g. `/organization/projects/{project_id}/users`. */
  route: string;
  status?: number | undefined;
  /** OpenAI error `type`, `code`, `param` (from the `{ error: {...} }` body). */
  type?: string | undefined;
  code?: string | undefined;
  param?: string | undefined;
  /** `x-request-id` of the answer, to quote to OpenAI support. */
  requestId?: string | undefined;
  /** A create that may or may not have happened: re-read before repeating it. */
  ambiguous?: boolean;
  /** Attempts made, retries included. */
  attempts?: number;
  /** How long the server asked us to wait (429), when it said so. */
  retryAfterMs?: number | undefined;
}

export class ApiError extends OrgplaneError {
  readonly kind: ApiErrorKind;
  readonly method: HttpMethod;
  readonly route: string;
  readonly status: number | undefined;
  readonly type: string | undefined;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly requestId: string | undefined;
  readonly ambiguous: boolean;
  readonly attempts: number;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: ApiErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = details.kind;
    this.method = details.method;
    this.route = details.route;
    this.status = details.status;
    this.type = details.type;
    this.code = details.code;
    this.param = details.param;
    this.requestId = details.requestId;
    this.ambiguous = details.ambiguous ?? false;
    this.attempts = details.attempts ?? 1;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** `GET /organization/users` */
  get operation(): string {
    return `${this.method} ${this.route}`;
  }
}

interface OpenAiErrorBody {
  message?: string;
  type?: string;
  code?: string;
  param?: string;
}

/** Reads OpenAI's `{ error: { message, type, code, param } }`; tolerant of anything else. */
export function parseErrorBody(body: string): OpenAiErrorBody {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const error = (parsed as { error?: unknown }).error;
    if (typeof error !== 'object' || error === null) return {};
    const e = error as Record<string, unknown>;
    const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
    const out: OpenAiErrorBody = {};
    const message = str(e.message);
    const type = str(e.type);
    const code = str(e.code);
    const param = str(e.param);
    if (message !== undefined) out.message = message;
    if (type !== undefined) out.type = type;
    if (code !== undefined) out.code = code;
    if (param !== undefined) out.param = param;
    return out;
  } catch {
    return {};
  }
}

export interface HttpErrorInput {
  method: HttpMethod;
  route: string;
  status: number;
  body: string;
  requestId: string | undefined;
  attempts: number;
  ambiguous?: boolean;
  retryAfterMs?: number | undefined;
  secrets: readonly string[];
}

// What to fix when the key itself is the problem (the key is never echoed).
const AUTH_HINTS: Readonly<Record<number, string>> = {
  401: ' (the admin key was refused: check OPENAI_ADMIN_KEY or --admin-key-file, and that OPENAI_BASE_URL is the API it belongs to)',
};

export function httpError(input: HttpErrorInput): ApiError {
  const parsed = parseErrorBody(input.body);
  const serverMessage = maskOptional(parsed.message, input.secrets);
  const what = `${input.method} ${input.route} answered ${input.status}`;
  const detail = serverMessage !== undefined ? `: ${serverMessage}` : '';
  const hint = input.ambiguous === true ? ' (the create may have happened: re-read before repeating it)' : (AUTH_HINTS[input.status] ?? '');
  const rid = input.requestId !== undefined ? ` (request id ${input.requestId})` : '';
  return new ApiError(`${what}${detail}${hint}${rid}`, {
    kind: 'http',
    method: input.method,
    route: input.route,
    status: input.status,
    type: maskOptional(parsed.type, input.secrets),
    code: maskOptional(parsed.code, input.secrets),
    param: maskOptional(parsed.param, input.secrets),
    requestId: input.requestId,
    attempts: input.attempts,
    ambiguous: input.ambiguous ?? false,
    retryAfterMs: input.retryAfterMs,
  });
}

export function networkError(input: {
  method: HttpMethod;
  route: string;
  failure: TransportFailure;
  attempts: number;
  ambiguous: boolean;
  secrets: readonly string[];
}): ApiError {
  const cause = new TransportFailure(
    input.failure.code,
    maskSecrets(input.failure.message, input.secrets),
    input.failure.maybeSent,
  );
  const hint = input.ambiguous ? ' (the create may have happened: re-read before repeating it)' : '';
  return new ApiError(
    `${input.method} ${input.route} failed without an answer (${input.failure.code})${hint}`,
    {
      kind: 'network',
      method: input.method,
      route: input.route,
      code: input.failure.code,
      attempts: input.attempts,
      ambiguous: input.ambiguous,
    },
    { cause },
  );
}

export function malformedError(input: {
  method: HttpMethod;
  route: string;
  reason: string;
  requestId?: string | undefined;
  status?: number | undefined;
}): ApiError {
  return new ApiError(`${input.method} ${input.route} answered something unreadable: ${input.reason}`, {
    kind: 'malformed',
    method: input.method,
    route: input.route,
    status: input.status,
    requestId: input.requestId,
  });
}

export interface DeadlineDetails {
  elapsedMs: number;
  /** How the deadline was set (`--timeout 5h`). */
  label: string | undefined;
  /** Requests answered before it passed. */
  done: number;
  /** Requests queued or in flight when it passed. */
  notSent: number;
  /** The route with the most requests waiting, and what was learned of its limit. */
  route: string | undefined;
  waiting: number;
  limit: number | undefined;
  windowMs: number;
}

/** The command's deadline passed while requests still waited on the API's rate limits. */
export class RateLimitDeadlineError extends OrgplaneError {
  readonly details: DeadlineDetails;

  constructor(details: DeadlineDetails) {
    const d = details;
    const limit =
      d.route === undefined
        ? ''
        : `; the limit met: ${d.route} ${d.limit === undefined ? 'answered 429' : `lets ${d.limit} through per ${formatMs(d.windowMs)}`} (${d.waiting} waiting there)`;
    super(
      `stopped after ${formatMs(d.elapsedMs)}${d.label !== undefined ? ` (${d.label})` : ''}: ${d.done} of at least ${d.done + d.notSent} requests done${limit}. ` +
        'Raise --timeout, or run again: the learned limits are saved and the next run starts at that pace',
    );
    this.details = details;
  }
}

/** 90 ms, 12 s, 4 min 10 s, 2 h 5 min. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

function maskOptional(text: string | undefined, secrets: readonly string[]): string | undefined {
  return text === undefined ? undefined : maskSecrets(text, secrets);
}
