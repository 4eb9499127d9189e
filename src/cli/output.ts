// What the commands show on stderr: logs in the right format for who reads them, and each
// error once, in words that say what to do (its stack only in debug logs).
import { ApiError } from '../api/index.js';
import { createLogger, resolveLogFormat, type Logger } from '../logging/logger.js';
import { tell } from '../logging/terminal.js';

export interface CommandOutput {
  logger: Logger;
  /** Logs are for a person (pretty), not a machine (JSON). */
  pretty: boolean;
}

/**
 * The command's logger: `--log-format` when given, else pretty and quiet on a terminal and
 * JSON for pipes. `shownElsewhere` names log messages the command already shows in its own
 * words on the terminal (left out of pretty logs only).
 */
export function commandOutput(logFormat: 'json' | 'pretty' | undefined, shownElsewhere: readonly string[] = []): CommandOutput {
  const format = logFormat ?? 'auto';
  return {
    logger: createLogger({ format, shownElsewhere }),
    pretty: resolveLogFormat(format).format === 'pretty',
  };
}

/** The Admin API lives under /v1; a root without it answers 404 to every request. */
export function baseUrlHint(baseUrl: string): string | undefined {
  const path = new URL(baseUrl).pathname.replace(/\/+$/, '');
  if (path.endsWith('/v1')) return undefined;
  return `the API base URL ${baseUrl} does not end in /v1: the Admin API lives under /v1 (e.g. https://api.openai.com/v1); set OPENAI_BASE_URL or --base-url to ${new URL(baseUrl).origin}${path}/v1 unless a proxy maps the path`;
}

/** The error's message, plus where the client was talking to when it could not connect. */
export function explainError(error: unknown, baseUrl?: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const api = apiErrorIn(error);
  if (api === undefined || baseUrl === undefined) return message;
  if (api.kind === 'network') {
    const host = new URL(baseUrl).host;
    return `${message}: could not reach ${host} (base URL ${baseUrl}); check OPENAI_BASE_URL or --base-url, that the server is up, and HTTPS_PROXY/NO_PROXY if a proxy is needed`;
  }
  const hint = baseUrlHint(baseUrl);
  if (api.status === 404 && hint !== undefined) return `${message} (the base URL ${baseUrl} does not end in /v1, where the Admin API lives)`;
  return message;
}

/** The ApiError behind an error (the live read wraps it with what it was reading). */
function apiErrorIn(error: unknown): ApiError | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    if (e instanceof ApiError) return e;
  }
  return undefined;
}

/** Prints an error once (`error: …` on stderr); JSON logs get one record without a stack, debug logs the stack. */
export function reportError(output: CommandOutput, error: unknown, what: string, baseUrl?: string): void {
  const message = explainError(error, baseUrl);
  output.logger.debug({ err: error }, what);
  if (!output.pretty) output.logger.error({ reason: message }, what);
  tell(`error: ${message}`);
}
