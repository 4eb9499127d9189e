// OpenAI error bodies: {"error":{"message","type","param","code"}}.

/** `requests`: the type of the live API's rate-limit 429 (`code: rate_limit_exceeded`). */
export type ErrorType = 'invalid_request_error' | 'authentication_error' | 'rate_limit_error' | 'requests' | 'server_error';

export interface ErrorBody {
  error: { message: string; type: ErrorType; param: string | null; code: string | null };
}

/** Thrown by handlers; the router turns it into an error response. */
export class EmulatorHttpError extends Error {
  readonly status: number;
  readonly type: ErrorType;
  readonly param: string | null;
  readonly code: string | null;

  constructor(status: number, message: string, options: { type?: ErrorType; param?: string; code?: string } = {}) {
    super(message);
    this.name = 'EmulatorHttpError';
    this.status = status;
    this.type = options.type ?? (status === 401 ? 'authentication_error' : status >= 500 ? 'server_error' : 'invalid_request_error');
    this.param = options.param ?? null;
    this.code = options.code ?? null;
  }

  toBody(): ErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function badRequest(message: string, param?: string): EmulatorHttpError {
  return new EmulatorHttpError(400, message, param === undefined ? {} : { param });
}

export function notFound(what: string, id: string): EmulatorHttpError {
  return new EmulatorHttpError(404, `No such ${what}: '${id}'`, { code: 'not_found' });
}

export function conflict(message: string, param?: string): EmulatorHttpError {
  return new EmulatorHttpError(409, message, param === undefined ? { code: 'conflict' } : { param, code: 'conflict' });
}
