// What the commands share: the options every command that reads manifests or calls the
// Admin API defines alike, the API client those options stand for, and how a failure is
// reported (each error once, manifest and plan problems as path:line:col) with its exit code.
import { Option, type Command } from 'commander';
import { createAdminClient, resolveClientOptions, type AdminClient, type AdminClientOptions } from '../api/index.js';
import type { Logger } from '../logging/logger.js';
import { tell } from '../logging/terminal.js';
import { formatProblem, ManifestError, type Problem } from '../manifest/index.js';
import { formatPlanProblem, PlanError } from '../plan/index.js';
import { EXIT } from './exit-codes.js';
import { baseUrlHint, commandOutput, reportError, type CommandOutput } from './output.js';
import { addPacingOptions, pacingClientOptions, type PacingCliOptions } from './pacing.js';

/** Each command file exports one of these; the command reports its exit code through setExitCode. */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

/** A risk that is not an error (e.g. a key file other users can read): one line on stderr. */
export function warnOnStderr(message: string): void {
  tell(`warning: ${message}`);
}

export type LogFormatOption = 'json' | 'pretty';

/** The flags of addApiOptions. */
export interface ApiCliOptions extends PacingCliOptions {
  adminKeyFile?: string;
  baseUrl?: string;
  logFormat?: LogFormatOption;
}

/** `--config <dir>`: the folder of manifests, default `policies`. */
export function addConfigOption(command: Command): Command {
  return command.option('--config <dir>', 'folder of manifests', 'policies');
}

export interface ApiOptionsSpec {
  /** `--timeout` (not for the daemon, whose cycles wait as long as their rate limits need). */
  timeout: boolean;
  /** How the default rate-limits file is described when it is not the CLI's (the daemon's state folder). */
  limitsFile?: string;
  /** The default of `--log-format`; default: pretty on a terminal, JSON otherwise. */
  logFormat?: LogFormatOption;
}

/** `--admin-key-file`, `--base-url`, `--log-format` and the pacing options (pacing.ts), after the command's own. */
export function addApiOptions(command: Command, spec: ApiOptionsSpec): Command {
  const logFormat = new Option('--log-format <format>', `log format on stderr${spec.logFormat === undefined ? ' (default: pretty on a terminal, json otherwise)' : ''}`).choices([
    'json',
    'pretty',
  ]);
  command
    .option('--admin-key-file <file>', 'read the admin key from this file instead of OPENAI_ADMIN_KEY')
    .option('--base-url <url>', 'Admin API root (default: OPENAI_BASE_URL or https://api.openai.com/v1)')
    .addOption(spec.logFormat === undefined ? logFormat : logFormat.default(spec.logFormat));
  return addPacingOptions(command, spec.limitsFile === undefined ? { timeout: spec.timeout } : { timeout: spec.timeout, limitsFile: spec.limitsFile });
}

/** The manifest or plan problems behind an error (for annotations), none for other errors. */
export function problemsOf(error: unknown): Problem[] {
  return error instanceof ManifestError || error instanceof PlanError ? [...error.problems] : [];
}

/**
 * One run of a command: its logger and output format, the Admin API client its flags stand
 * for, and the one way a failure is reported. The base URL is kept once known, so a failure
 * to connect says where it tried.
 */
export class CommandRun {
  readonly output: CommandOutput;
  private baseUrl: string | undefined;

  /** `shownElsewhere`: log messages the command shows in its own words on a terminal (output.ts). */
  constructor(logFormat: LogFormatOption | undefined, shownElsewhere: readonly string[] = []) {
    this.output = commandOutput(logFormat, shownElsewhere);
  }

  get logger(): Logger {
    return this.output.logger;
  }

  /** The client options of the flags and the environment (warnings on stderr), pacing included. */
  clientOptions(options: ApiCliOptions): AdminClientOptions {
    const resolved = resolveClientOptions({ env: process.env, adminKeyFile: options.adminKeyFile, baseUrl: options.baseUrl, onWarning: warnOnStderr });
    this.baseUrl = resolved.baseUrl;
    const hint = baseUrlHint(resolved.baseUrl);
    if (hint !== undefined) warnOnStderr(hint);
    return { ...resolved, ...pacingClientOptions(options) };
  }

  /** The Admin API client of the flags, logging to this run's logger. */
  connect(options: ApiCliOptions): { api: AdminClient; adminKey: string } {
    const clientOptions = this.clientOptions(options);
    return { api: createAdminClient({ ...clientOptions, logger: this.logger }), adminKey: clientOptions.adminKey };
  }

  /**
   * Reports why the command failed and returns its exit code: manifest and plan problems as
   * `path:line:col` lines, anything else once as `error: …` (output.ts), with a hint about
   * the base URL when the API could not be reached.
   */
  fail(error: unknown, what: string): number {
    if (error instanceof ManifestError) for (const problem of error.problems) tell(formatProblem(problem));
    else if (error instanceof PlanError) for (const problem of error.problems) tell(formatPlanProblem(problem));
    else reportError(this.output, error, what, this.baseUrl);
    return EXIT.error;
  }
}
