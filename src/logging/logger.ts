// One pino logger factory. Redaction paths are set here, once: nothing that carries
// a credential may reach a log line (authorization headers, admin and service-account keys).
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export const REDACT_PATHS = [
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.*.headers.authorization',
  '*.*.headers.Authorization',
  'adminKey',
  '*.adminKey',
  'apiKey',
  '*.apiKey',
  'api_key',
  '*.api_key',
  '*.api_key.value',
  '*.*.api_key',
  'value',
  '*.value',
  'key',
  '*.key',
  'token',
  '*.token',
];

// Third-party errors (got's RequestError/HTTPError) carry their request options, hence the
// headers: pino's err serializer copies every enumerable property, so these are dropped.
const ERROR_BAGGAGE = ['options', 'request', 'response', 'timings', 'input', 'config', 'headers'];

function serializeErr(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const out = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const name of ERROR_BAGGAGE) delete out[name];
  return out;
}

// The last line of defence, on every serialized line: whatever path a credential took,
// a key-shaped string (sk-…, GitHub tokens) or a Bearer credential is masked.
const CREDENTIAL_PATTERNS: readonly [RegExp, string][] = [
  [/sk-[A-Za-z0-9_-]{6,}/g, 'sk-[redacted]'],
  [/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, '[redacted]'],
  [/\b(Bearer) +[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
];

/** Masks credential-shaped strings in one serialized log line. */
export function scrubLogLine(line: string): string {
  let out = line;
  for (const [pattern, replacement] of CREDENTIAL_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

export interface LoggerConfig {
  /** pino level; default `info` (`ORGPLANE_LOG_LEVEL` overrides). */
  level?: string;
  /** `json` (default) for machines, `pretty` for people. */
  format?: 'json' | 'pretty';
  /** Destination fd; default 2 (stderr): stdout is for results. */
  fd?: number;
}

export function createLogger(config: LoggerConfig = {}): Logger {
  const options: LoggerOptions = {
    level: config.level ?? process.env.ORGPLANE_LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeErr },
    hooks: { streamWrite: scrubLogLine },
    base: { name: 'orgplane' },
  };
  const fd = config.fd ?? 2;
  if (config.format === 'pretty') {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { destination: fd, colorize: Boolean(process.stderr.isTTY) } },
    });
  }
  return pino(options, pino.destination({ fd, sync: true }));
}

/** A logger that writes nothing, for tests and library callers that bring none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
