// One pino logger factory. Redaction paths are set here, once: nothing that carries
// a credential may reach a log line (authorization headers, admin and service-account keys).
import { pino, type Logger, type LoggerOptions } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { maskSecrets } from '../mask-secrets.js';
import { colorFor, stderrStatus, type StatusLine } from './terminal.js';

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

// The last line of defence, on every serialized line (messages, fields, error messages and
// stacks alike): whatever path a credential took, a credential-shaped string is masked.
const maskLine = (line: string): string => maskSecrets(line);

/**
 * `json` for machines; `pretty` for people (one line per record, above any status line);
 * `auto`: pretty and quiet (warnings and errors) when stderr is a terminal, JSON otherwise.
 */
export type LogFormat = 'json' | 'pretty' | 'auto';

export interface LoggerConfig {
  /** pino level; default `info`, `warn` for `auto` on a terminal (`ORGPLANE_LOG_LEVEL` overrides). */
  level?: string;
  /** Default `json` (the daemon's and library callers'); the CLI's commands pass `auto` unless `--log-format` says. */
  format?: LogFormat;
  /** Destination fd; default 2 (stderr): stdout is for results. */
  fd?: number;
  /** The stderr a pretty logger writes through; default stderrStatus() (tests pass their own). */
  terminal?: StatusLine;
  /** Colours in pretty logs; default colorFor(process.stderr). */
  colorize?: boolean;
  /**
   * Messages the command already shows the person in its own words (an apply's outcome
   * lines): left out of pretty logs so each thing is said once. JSON logs keep every record.
   */
  shownElsewhere?: readonly string[];
}

/** What `auto` means for this stderr: pretty and quiet on a terminal, JSON for pipes and files. */
export function resolveLogFormat(format: LogFormat | undefined, stderr: { isTTY?: boolean } = process.stderr): { format: 'json' | 'pretty'; level: string } {
  const level = process.env.ORGPLANE_LOG_LEVEL;
  if (format === 'auto') return stderr.isTTY === true ? { format: 'pretty', level: level ?? 'warn' } : { format: 'json', level: level ?? 'info' };
  return { format: format ?? 'json', level: level ?? 'info' };
}

export function createLogger(config: LoggerConfig = {}): Logger {
  const resolved = resolveLogFormat(config.format);
  const options: LoggerOptions = {
    level: config.level ?? resolved.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeErr },
    hooks: { streamWrite: maskLine },
    base: { name: 'orgplane' },
  };
  const fd = config.fd ?? 2;
  if (resolved.format === 'pretty') {
    const terminal = config.terminal ?? stderrStatus();
    // Formatted synchronously and written through the status line: a transport (worker
    // thread) would print late, after the prompt or the result it belongs before.
    const format = prettyFactory({
      colorize: config.colorize ?? colorFor(process.stderr),
      ignore: 'pid,hostname,name,time',
      singleLine: true,
    });
    const hidden = new Set(config.shownElsewhere ?? []);
    return pino(
      {
        ...options,
        hooks: {
          ...options.hooks,
          logMethod(args, method) {
            const message: unknown = typeof args[0] === 'string' ? args[0] : args[1];
            if (typeof message === 'string' && hidden.has(message)) return;
            method.apply(this, args);
          },
        },
      },
      { write: (line: string) => terminal.print(format(line)) },
    );
  }
  // JSON asked for on a terminal: still written around the progress line, never into it.
  const terminal = config.terminal ?? (fd === 2 ? stderrStatus() : undefined);
  if (terminal?.live === true) return pino(options, { write: (line: string) => terminal.print(line) });
  return pino(options, pino.destination({ fd, sync: true }));
}

/** A logger that writes nothing, for tests and library callers that bring none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
