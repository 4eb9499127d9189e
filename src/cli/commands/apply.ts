// `orgplane apply`: plan (or load a saved plan), check the safety guards, ask, apply,
// verify convergence. Exit codes (DESIGN.md): 0 converged, 1 error or not converged,
// 3 refused by a guard.
import { createInterface } from 'node:readline/promises';
import { InvalidArgumentError, Option } from 'commander';
import { createAdminClient, resolveClientOptions, type AdminClient } from '../../api/index.js';
import { DEFAULT_SECRETS_DIR, FileSecretsSink, runApply, type ApplyOutcome, type ChangeOutcome } from '../../apply/index.js';
import { terminalProgress } from '../../live/index.js';
import { createLogger } from '../../logging/logger.js';
import { formatProblem, ManifestError } from '../../manifest/index.js';
import { formatPlanProblem, PlanError } from '../../plan/index.js';
import { renderText } from '../../render/index.js';
import { warnOnStderr, type RegisterCommand } from '../command.js';
import { addPacingOptions, logRateLimitSummary, pacingClientOptions, type PacingCliOptions } from '../pacing.js';
import { EXIT } from '../exit-codes.js';

interface ApplyCliOptions extends PacingCliOptions {
  config: string;
  plan?: string;
  autoApprove?: boolean;
  maxDeletes?: number;
  secretsDir: string;
  adminKeyFile?: string;
  baseUrl?: string;
  logFormat: 'json' | 'pretty';
}

const EXIT_OF: Record<ApplyOutcome, number> = {
  'no-changes': EXIT.ok,
  converged: EXIT.ok,
  'not-converged': EXIT.error,
  failed: EXIT.error,
  refused: EXIT.refused,
  declined: EXIT.error,
  'no-terminal': EXIT.error,
  'stale-plan': EXIT.error,
};

function count(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number (0 or more)');
  return Number(value);
}

export const registerApply: RegisterCommand = (program, setExitCode) => {
  const command = program
    .command('apply')
    .description('Execute the plan, then verify convergence')
    .option('--config <dir>', 'folder of manifests', 'policies')
    .option('--plan <file>', 'execute this saved plan (plan --out) instead of planning now')
    .option('--auto-approve', 'apply without asking')
    .option('--max-deletes <n>', 'allow up to N destructive changes for this run (overrides safety.maxDeletes and maxDeletePercent)', count)
    .option('--secrets-dir <dir>', 'where new service-account keys are written', DEFAULT_SECRETS_DIR)
    .option('--admin-key-file <file>', 'read the admin key from this file instead of OPENAI_ADMIN_KEY')
    .option('--base-url <url>', 'Admin API root (default: OPENAI_BASE_URL or https://api.openai.com/v1)')
    .addOption(new Option('--log-format <format>', 'log format on stderr').choices(['json', 'pretty']).default('json'));
  addPacingOptions(command, { timeout: true }).action(async (options: ApplyCliOptions) => {
    setExitCode(await runApplyCommand(options));
  });
};

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  // Ctrl-C at the prompt is a "no" (readline catches it before the process sees a signal).
  const cancel = new AbortController();
  rl.on('SIGINT', () => cancel.abort());
  try {
    return await rl.question(question, { signal: cancel.signal });
  } catch {
    return '';
  } finally {
    rl.close();
  }
}

async function runApplyCommand(options: ApplyCliOptions): Promise<number> {
  const logger = createLogger({ format: options.logFormat });
  let api: AdminClient | undefined;
  const progress = terminalProgress(process.stderr, { logger, pacing: () => api?.pacingProgress() });
  let changesDone = 0;
  let changesTotal = 0;
  // First SIGINT/SIGTERM: let the requests in flight finish (a create whose answer is
  // cut off may leave a service account without its key), start nothing new. A second
  // signal ends the process at once.
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupt.signal.aborted) {
      // Back to the default action, which ends the process.
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.kill(process.pid, signal);
      return;
    }
    interrupt.abort();
    console.error(`\n${signal}: finishing the changes in flight, starting no new one (send it again to stop at once)`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const clientOptions = resolveClientOptions({ env: process.env, adminKeyFile: options.adminKeyFile, baseUrl: options.baseUrl, onWarning: warnOnStderr });
    api = createAdminClient({ ...clientOptions, ...pacingClientOptions(options), logger });
    const { outcome } = await runApply({
      configDir: options.config,
      api,
      adminKey: clientOptions.adminKey,
      ...(options.plan !== undefined ? { planFile: options.plan } : {}),
      autoApprove: options.autoApprove === true,
      ...(options.maxDeletes !== undefined ? { maxDeletes: options.maxDeletes } : {}),
      secrets: new FileSecretsSink(options.secretsDir),
      logger,
      renderPlan: (plan) => {
        progress.finish();
        changesTotal = plan.changes.length;
        return renderText(plan, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
      },
      print: (text) => {
        progress.finish();
        console.log(text);
      },
      tell: (text) => {
        progress.finish();
        console.error(text);
      },
      ...(process.stdin.isTTY ? { ask } : {}),
      onProgress: progress.update,
      signal: interrupt.signal,
      // One line per finished change, for people watching a long apply (the summary follows),
      // and the progress line under it: changes done/total, requests, waits on rate limits.
      onOutcome: (o: ChangeOutcome) => {
        changesDone += 1;
        if (process.stderr.isTTY) {
          progress.finish();
          console.error(`  ${o.status.padEnd(7)} ${o.address}`);
        }
        progress.changes(changesDone, changesTotal);
      },
    });
    progress.finish();
    logRateLimitSummary(api, logger);
    return EXIT_OF[outcome];
  } catch (error) {
    progress.finish();
    if (api !== undefined) logRateLimitSummary(api, logger);
    if (error instanceof ManifestError) {
      for (const problem of error.problems) console.error(formatProblem(problem));
    } else if (error instanceof PlanError) {
      for (const problem of error.problems) console.error(formatPlanProblem(problem));
    } else {
      logger.error({ err: error }, 'apply failed');
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    }
    return EXIT.error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
