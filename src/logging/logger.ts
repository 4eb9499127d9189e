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
  '*.headers.authorization',
  'adminKey',
  '*.adminKey',
  'apiKey',
  '*.apiKey',
  'api_key',
  '*.api_key',
  '*.api_key.value',
  'value',
  '*.value',
  'key',
  '*.key',
  'token',
  '*.token',
];

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
