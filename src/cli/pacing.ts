// The options every API-calling command shares for working within the Admin API's rate
// limits, and the one summary of 429s a command logs at its end (docs/api-client.md).
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_LIMITS_FILE, formatMs, type AdminClient, type AdminClientOptions } from '../api/index.js';
import { parseDuration } from '../daemon/index.js';
import type { Logger } from '../logging/logger.js';

/**
 * A command's default deadline. A plan of a 1,000-project org needs ~2 h at the live API's
 * ~8 requests per minute per endpoint (docs/api-client.md); GitHub-hosted runners end a job
 * at 6 h ("Usage limits": job execution time). 5 h fits the large org with room to spare and
 * still stops with orgplane's own message, not the runner's kill.
 */
export const DEFAULT_TIMEOUT = '5h';

export interface PacingCliOptions {
  timeout?: string;
  maxRpm?: number;
  maxOrgRpm?: number;
  rateWindow?: number;
  rateLimitsFile?: string;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number above 0');
  return n;
}

function duration(value: string): string {
  try {
    parseDuration(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
  return value;
}

/** Adds --max-rpm, --max-org-rpm, --rate-window, --rate-limits-file, and (not for the daemon) --timeout. */
/** `limitsFile`: how the default file is described when it is not DEFAULT_LIMITS_FILE (the daemon's state folder). */
export function addPacingOptions(command: Command, options: { timeout: boolean; limitsFile?: string }): Command {
  if (options.timeout) {
    command.option('--timeout <duration>', 'stop waiting on rate limits after this long, saying how far it got (e.g. 30m, 5h)', duration, DEFAULT_TIMEOUT);
  }
  return command
    .addOption(new Option('--max-rpm <n>', 'at most N requests a minute per endpoint (default: learned from 429s)').argParser(positive).env('ORGPLANE_MAX_RPM'))
    .addOption(new Option('--max-org-rpm <n>', 'at most N requests a minute over the organization (default: learned)').argParser(positive).env('ORGPLANE_MAX_ORG_RPM'))
    .addOption(
      new Option('--rate-window <seconds>', 'rate-limit window assumed until one is learned (default 60, measured on the live API)')
        .argParser(positive)
        .env('ORGPLANE_RATE_WINDOW'),
    )
    .option(
      '--rate-limits-file <file>',
      `where learned rate limits are kept between runs${options.limitsFile === undefined ? '' : ` (default: ${options.limitsFile})`}`,
      options.limitsFile === undefined ? DEFAULT_LIMITS_FILE : undefined,
    );
}

/** The client options those flags stand for. */
export function pacingClientOptions(options: PacingCliOptions): Partial<AdminClientOptions> {
  return {
    ...(options.maxRpm !== undefined ? { maxRpm: options.maxRpm } : {}),
    ...(options.maxOrgRpm !== undefined ? { maxOrgRpm: options.maxOrgRpm } : {}),
    ...(options.rateWindow !== undefined ? { rateWindowMs: options.rateWindow * 1000 } : {}),
    ...(options.rateLimitsFile !== undefined && options.rateLimitsFile !== '' ? { limitsFile: options.rateLimitsFile } : {}),
    ...(options.timeout !== undefined
      ? { deadlineMs: parseDuration(options.timeout), deadlineLabel: `--timeout ${options.timeout}` }
      : {}),
  };
}

/** One line at the end of a command that met 429s: per route, how many and what was learned. */
export function logRateLimitSummary(api: AdminClient, logger: Logger): void {
  const rows = api.rateLimitSummary();
  if (rows.length === 0) return;
  logger.info(
    {
      routes: rows.map((r) => ({
        route: r.route,
        rateLimited: r.limited,
        learnedLimit: r.limit ?? null,
        window: formatMs(r.windowMs),
      })),
    },
    'rate limits met (429s are not failures; learned limits saved)',
  );
}
