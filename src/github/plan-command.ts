// What `plan --github` needs from src/github, so the plan command wires it in a few
// lines: the options, and one call that prints the plan, publishes it, and picks the
// exit code (the plan's own, unless publishing failed for a reason other than a
// missing or read-only token).
import type { Command } from 'commander';
import { EXIT } from '../cli/exit-codes.js';
import type { Logger } from '../logging/logger.js';
import { silentLogger } from '../logging/logger.js';
import type { Problem } from '../manifest/types.js';
import type { Plan } from '../plan/types.js';
import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from './client.js';
import { isGitHubContext, NO_TOKEN_REASON, resolveGitHubContext } from './context.js';
import { describeGitHubError, gitHubRequestFields, isWriteDenied } from './errors.js';
import { publishPlanReport } from './pr-report.js';
import type { GitHubCliOptions } from './types.js';

export function registerGitHubOptions(command: Command): Command {
  return command
    .option('--github', 'post the plan as a pull-request comment and a check run (GITHUB_TOKEN)')
    .option('--repo <owner/name>', 'repository of the pull request (default: GITHUB_REPOSITORY)')
    .option('--pr <number>', 'pull request number (default: from GITHUB_EVENT_PATH)')
    .option('--sha <sha>', 'commit for the check run (default: the pull request head)');
}

export interface RunGitHubReportInput {
  options: GitHubCliOptions;
  env: Readonly<Record<string, string | undefined>>;
  /** The exit code the plan command would return without --github. */
  exitCode: number;
  /** The plan in the command's --format, printed on stdout in every case. */
  planText: string;
  /** The PR comment body: `renderMarkdown(plan, { maxLength: COMMENT_MARKDOWN_BUDGET })`, or '' without a plan. */
  markdown: string;
  plan?: Plan | undefined;
  problems?: readonly Problem[];
  configDir: string;
  logger?: Logger;
  /** Default: process.stdout / process.stderr. */
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Default: `createGitHubClient`. */
  createClient?: (options: GitHubClientOptions) => GitHubClient;
  cwd?: string;
}

export async function runGitHubReport(input: RunGitHubReportInput): Promise<number> {
  const logger = input.logger ?? silentLogger();
  const stdout = input.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = input.stderr ?? ((text: string) => void process.stderr.write(text));
  stdout(input.planText.endsWith('\n') || input.planText === '' ? input.planText : `${input.planText}\n`);

  const context = resolveGitHubContext({ env: input.env, options: input.options, ...(input.cwd === undefined ? {} : { cwd: input.cwd }) });
  if ('error' in context) {
    stderr(`orgplane: ${context.error}\n`);
    return EXIT.error;
  }
  if (!isGitHubContext(context)) {
    stderr(`orgplane: ${context.skip}; printing the plan instead\n`);
    return input.exitCode;
  }

  const octokit = (input.createClient ?? createGitHubClient)({ token: context.token, baseUrl: context.apiUrl, logger });
  try {
    const result = await publishPlanReport({
      octokit,
      repo: context.repo,
      pr: context.pr,
      ...(context.sha === undefined ? {} : { sha: context.sha }),
      markdown: input.markdown,
      plan: input.plan,
      problems: input.problems ?? [],
      configDir: input.configDir,
      repoRoot: context.repoRoot,
      ...(input.cwd === undefined ? {} : { cwd: input.cwd }),
      logger,
    });
    stderr(`orgplane: plan ${result.commentAction === 'created' ? 'posted' : 'comment updated'}: ${result.commentUrl}\n`);
    if (result.checkRunUrl !== undefined) {
      stderr(`orgplane: check run (${result.conclusion}): ${result.checkRunUrl}\n`);
    } else {
      stderr('orgplane: no check run created (the token may not write checks; GITHUB_TOKEN needs `checks: write`)\n');
    }
    return input.exitCode;
  } catch (error) {
    if (isWriteDenied(error)) {
      logger.warn({ err: error, ...gitHubRequestFields(error) }, 'github comment refused');
      stderr(`orgplane: ${NO_TOKEN_REASON}; printing the plan instead\n`);
      return input.exitCode;
    }
    const described = describeGitHubError(error);
    logger.error({ err: error, ...gitHubRequestFields(error) }, 'github report failed');
    stderr(`orgplane: could not publish the plan to GitHub: ${described.status === undefined ? '' : `${described.status} `}${described.message}\n`);
    return EXIT.error;
  }
}
