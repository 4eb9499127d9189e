// `orgplane plan`: load the manifests, read the live organization, print the plan.
// Exit codes (DESIGN.md): 0 no changes (or changes without --detailed-exitcode), 2 changes
// with --detailed-exitcode, 1 error.
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Option } from 'commander';
import type { AdminClient } from '../../api/index.js';
import { COMMENT_MARKDOWN_BUDGET, registerGitHubOptions, runGitHubReport, type GitHubCliOptions } from '../../github/index.js';
import { terminalProgress } from '../../live/index.js';
import { colorFor, stderrStatus, tell } from '../../logging/terminal.js';
import { formatProblem, type Problem } from '../../manifest/index.js';
import { runPlanPipeline, serializePlan, type Plan } from '../../plan/index.js';
import { renderJson, renderMarkdown, renderText } from '../../render/index.js';
import { addApiOptions, addConfigOption, CommandRun, problemsOf, type ApiCliOptions, type RegisterCommand } from '../command.js';
import { logRateLimitSummary } from '../pacing.js';
import { addSnapshotOptions, snapshotUse, type SnapshotCliOptions } from '../snapshot-options.js';
import { EXIT } from '../exit-codes.js';

export type PlanFormat = 'text' | 'markdown' | 'json';

interface PlanOptions extends GitHubCliOptions, ApiCliOptions, SnapshotCliOptions {
  config: string;
  format: PlanFormat;
  out?: string;
  detailedExitcode?: boolean;
}

export const registerPlan: RegisterCommand = (program, setExitCode) => {
  const command = addConfigOption(program.command('plan').description('Read the live organization and print the plan'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--out <file>', 'also write the JSON plan here (for apply --plan)')
    .option('--detailed-exitcode', 'exit 2 when the plan has changes');
  addApiOptions(command, { timeout: true });
  addSnapshotOptions(command);
  registerGitHubOptions(command).action(async (options: PlanOptions) => {
    setExitCode(await runPlanCommand(options));
  });
};

interface PlanOutcome {
  exitCode: number;
  plan?: Plan;
  /** Manifest and plan problems, for the GitHub check run's annotations. */
  problems: Problem[];
}

async function runPlanCommand(options: PlanOptions): Promise<number> {
  const run = new CommandRun(options.logFormat);
  const { logger } = run;
  const outcome = await computeOutcome(options, run);
  const planText = outcome.plan === undefined ? '' : render(outcome.plan, options.format);
  if (options.github !== true) {
    process.stdout.write(planText);
    return outcome.exitCode;
  }
  return runGitHubReport({
    options,
    env: process.env,
    exitCode: outcome.exitCode,
    planText,
    // Without a plan (invalid manifests) the comment shows the errors, never an outdated plan.
    markdown: outcome.plan === undefined ? '' : renderMarkdown(outcome.plan, { maxLength: COMMENT_MARKDOWN_BUDGET }),
    plan: outcome.plan,
    problems: outcome.problems,
    configDir: options.config,
    logger,
  });
}

async function computeOutcome(options: PlanOptions, run: CommandRun): Promise<PlanOutcome> {
  const { logger } = run;
  let api: AdminClient | undefined;
  const progress = terminalProgress(stderrStatus(), { logger, pacing: () => api?.pacingProgress() });
  try {
    const snapshot = snapshotUse(options);
    const connection = run.connect(options);
    api = connection.api;
    const { plan, warnings } = await runPlanPipeline({
      ...(snapshot !== undefined ? { snapshot } : {}),
      configDir: options.config,
      api,
      logger,
      onProgress: progress.update,
      adminKey: connection.adminKey,
    });
    progress.finish();
    logRateLimitSummary(api, logger);
    for (const warning of warnings) tell(formatProblem(warning));
    if (options.out !== undefined) writePlanFile(options.out, serializePlan(plan));
    const exitCode = options.detailedExitcode === true && plan.changes.length > 0 ? EXIT.changes : EXIT.ok;
    return { exitCode, plan, problems: [...warnings] };
  } catch (error) {
    progress.finish();
    if (api !== undefined) logRateLimitSummary(api, logger);
    return { exitCode: run.fail(error, 'plan failed'), problems: problemsOf(error) };
  }
}

/** Writes the saved plan, with an error that says what to fix instead of a bare errno. */
function writePlanFile(file: string, json: string): void {
  try {
    writeFileSync(file, json);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'ENOENT' ? `folder ${dirname(file)} does not exist` : typeof code === 'string' ? code : 'write failed';
    throw new Error(`cannot write the plan to ${file} (${why}): pass --out a path in an existing, writable folder`, { cause: error });
  }
}

function render(plan: Plan, format: PlanFormat): string {
  if (format === 'json') return renderJson(plan);
  if (format === 'markdown') return renderMarkdown(plan);
  return renderText(plan, { color: colorFor(process.stdout) });
}
