// `orgplane apply`: plan (or load a saved plan), check the safety guards, ask, apply,
// verify convergence. Exit codes (DESIGN.md): 0 converged, 1 error or not converged,
// 3 refused by a guard.
import { createInterface } from 'node:readline/promises';
import { InvalidArgumentError } from 'commander';
import type { AdminClient } from '../../api/index.js';
import { chooseSecretsSink, DEFAULT_SECRETS_SINK, formatOutcome, runApply, SECRETS_SINK_ENV, type ApplyOutcome, type ChangeOutcome } from '../../apply/index.js';
import { terminalProgress } from '../../live/index.js';
import { colorFor, stderrStatus, tell } from '../../logging/terminal.js';
import { renderText } from '../../render/index.js';
import { addApiOptions, addConfigOption, CommandRun, type ApiCliOptions, type RegisterCommand } from '../command.js';
import { logRateLimitSummary } from '../pacing.js';
import { addSnapshotOptions, snapshotUse, type SnapshotCliOptions } from '../snapshot-options.js';
import { EXIT } from '../exit-codes.js';

interface ApplyCliOptions extends ApiCliOptions, SnapshotCliOptions {
  config: string;
  plan?: string;
  autoApprove?: boolean;
  maxDeletes?: number;
  maxLoosenings?: number;
  secretsSink?: string;
  secretsDir?: string;
}

// What the terminal already shows as outcome lines, warnings and the summary: pretty logs
// leave these records out so each change is said once (JSON logs keep them all).
const SHOWN_ON_TERMINAL = [
  'change applied',
  'change applied with a warning',
  'change failed',
  'change skipped',
  'guard skipped',
  'plan refused by a guard',
  'apply finished',
];

const EXIT_OF: Record<ApplyOutcome, number> = {
  'no-changes': EXIT.ok,
  converged: EXIT.ok,
  'not-converged': EXIT.error,
  failed: EXIT.error,
  refused: EXIT.refused,
  declined: EXIT.error,
  'no-terminal': EXIT.error,
  'stale-plan': EXIT.error,
  'sink-unusable': EXIT.error,
};

function count(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number (0 or more)');
  return Number(value);
}

export const registerApply: RegisterCommand = (program, setExitCode) => {
  const command = program
    .command('apply')
    .description('Execute the plan (or a saved plan, without asking), then verify convergence')
    .argument('[plan-file]', 'a saved plan (plan --out) to execute without asking; the same as --plan');
  addConfigOption(command)
    .option('--plan <file>', 'execute this saved plan (plan --out) instead of planning now; no prompt, refused if the live org moved since')
    .option('--auto-approve', 'apply without asking')
    .option('--max-deletes <n>', 'allow up to N destructive changes for this run (overrides safety.maxDeletes and maxDeletePercent)', count)
    .option('--max-loosenings <n>', 'allow up to N loosening changes (spend limit raised or removed, model newly allowed, hosted tool enabled, retention weakened) for this run (overrides safety.maxLoosenings)', count)
    .option(
      '--secrets-sink <sink>',
      `where new service-account keys go: file:DIR (a 0600 file each) or exec:COMMAND (the key JSON on its stdin) (default: ${SECRETS_SINK_ENV}, else ${DEFAULT_SECRETS_SINK})`,
    )
    .option('--secrets-dir <dir>', 'same as --secrets-sink file:DIR');
  addSnapshotOptions(command);
  addApiOptions(command, { timeout: true }).action(async (planFile: string | undefined, options: ApplyCliOptions) => {
    if (planFile !== undefined && options.plan !== undefined && planFile !== options.plan) {
      tell(`error: two saved plans given (${planFile} and --plan ${options.plan}): pass one`);
      setExitCode(EXIT.error);
      return;
    }
    setExitCode(await runApplyCommand(planFile !== undefined ? { ...options, plan: planFile } : options));
  });
};

async function ask(question: string): Promise<string> {
  // Nothing else writes while the question waits: the progress line is gone, logs are quiet.
  stderrStatus().clear();
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
  const run = new CommandRun(options.logFormat, SHOWN_ON_TERMINAL);
  const { logger } = run;
  let api: AdminClient | undefined;
  const progress = terminalProgress(stderrStatus(), { logger, pacing: () => api?.pacingProgress() });
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
    tell(`\n${signal}: finishing the changes in flight, starting no new one (send it again to stop at once)`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const connection = run.connect(options);
    api = connection.api;
    // Outcome lines as each change ends, on a terminal; the summary then leaves them out
    // when it goes to the same terminal.
    const showOutcomes = process.stderr.isTTY === true;
    const snapshot = snapshotUse(options);
    const { outcome } = await runApply({
      ...(snapshot !== undefined ? { snapshot } : {}),
      configDir: options.config,
      api,
      adminKey: connection.adminKey,
      ...(options.plan !== undefined ? { planFile: options.plan } : {}),
      autoApprove: options.autoApprove === true,
      ...(options.maxDeletes !== undefined ? { maxDeletes: options.maxDeletes } : {}),
      ...(options.maxLoosenings !== undefined ? { maxLoosenings: options.maxLoosenings } : {}),
      secrets: chooseSecretsSink({ sink: options.secretsSink, dir: options.secretsDir, env: process.env }),
      logger,
      renderPlan: (plan) => {
        progress.finish();
        changesTotal = plan.changes.length;
        return renderText(plan, { color: colorFor(process.stdout) });
      },
      print: (text) => {
        progress.finish();
        console.log(text);
      },
      tell: (text) => {
        progress.finish();
        tell(text);
      },
      ...(process.stdin.isTTY ? { ask } : {}),
      onProgress: progress.update,
      signal: interrupt.signal,
      // One line per finished change, for people watching a long apply (the summary follows),
      // and the progress line under it: changes done/total, requests, waits on rate limits.
      onOutcome: (o: ChangeOutcome) => {
        changesDone += 1;
        if (showOutcomes) tell(formatOutcome(o));
        progress.changes(changesDone, changesTotal);
      },
      ...(showOutcomes ? { outcomesShown: process.stdout.isTTY === true } : {}),
    });
    progress.finish();
    logRateLimitSummary(api, logger);
    return EXIT_OF[outcome];
  } catch (error) {
    progress.finish();
    if (api !== undefined) logRateLimitSummary(api, logger);
    return run.fail(error, 'apply failed');
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
