// The plan on a pull request: one sticky comment (created once, edited on every later
// run) and one check run on the head commit whose annotations point at the manifest
// lines that fail validation. The verdict is data (`reportVerdict`), computed first.
import type { Logger } from '../logging/logger.js';
import { silentLogger } from '../logging/logger.js';
import type { Problem } from '../manifest/types.js';
import type { Plan } from '../plan/types.js';
import { configDirFromRepoRoot, findingAnnotations, problemAnnotation, repoPath } from './annotations.js';
import { createCheckRun } from './check-run.js';
import type { GitHubClient } from './client.js';
import { gitHubRequestFields, isWriteDenied } from './errors.js';
import { COMMENT_MAX_LENGTH, DEFAULT_CONFIG_DIR, planMarker, truncateText, truncationNote } from './markdown.js';
import { upsertStickyComment } from './sticky-comment.js';
import type { PlanConclusion, RepoRef } from './types.js';

export const CHECK_RUN_NAME = 'orgplane plan';

/** Problems listed in the comment; all of them still become annotations. */
const MAX_LISTED_PROBLEMS = 50;

export interface PublishPlanReportInput {
  octokit: GitHubClient;
  repo: RepoRef;
  pr: number;
  /** Head commit; read from the pull request when absent. */
  sha?: string;
  /** `renderMarkdown(plan, { maxLength: COMMENT_MARKDOWN_BUDGET })`; may be empty when validation failed. */
  markdown: string;
  plan?: Plan | undefined;
  /** Validation errors and warnings from `loadManifests` (files relative to `configDir`). */
  problems?: readonly Problem[];
  /** The config folder as given on the command line (relative to `cwd`, or absolute). */
  configDir: string;
  /** Repository root on disk; default `cwd`. Annotation paths are relative to it. */
  repoRoot?: string;
  /** Default `process.cwd()`. */
  cwd?: string;
  /** Conclusion when the plan holds destructive changes; default `neutral` (does not block a merge). */
  destructiveConclusion?: 'neutral' | 'action_required';
  logger?: Logger;
}

export interface PublishPlanReportResult {
  commentUrl: string;
  commentAction: 'created' | 'updated' | 'unchanged';
  /** Absent when the token may not create check runs (a personal access token, or no `checks: write`). */
  checkRunUrl?: string;
  conclusion: PlanConclusion;
}

export interface ReportVerdict {
  conclusion: PlanConclusion;
  title: string;
  errors: number;
  changes: number;
  destructive: number;
}

export function reportVerdict(
  plan: Plan | undefined,
  problems: readonly Problem[],
  destructiveConclusion: 'neutral' | 'action_required' = 'neutral',
): ReportVerdict {
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const changes = plan?.changes.length ?? 0;
  const destructive = plan?.changes.filter((change) => change.destructive).length ?? 0;
  if (errors > 0) {
    return { conclusion: 'failure', title: `${plural(errors, 'validation error')}`, errors, changes, destructive };
  }
  if (plan === undefined) {
    return { conclusion: 'neutral', title: 'No plan', errors, changes, destructive };
  }
  if (destructive > 0) {
    return {
      conclusion: destructiveConclusion,
      title: `${plural(changes, 'change')}, ${destructive} destructive`,
      errors,
      changes,
      destructive,
    };
  }
  return { conclusion: 'success', title: changes === 0 ? 'No changes' : plural(changes, 'change'), errors, changes, destructive };
}

export async function publishPlanReport(input: PublishPlanReportInput): Promise<PublishPlanReportResult> {
  const logger = input.logger ?? silentLogger();
  const problems = input.problems ?? [];
  const configKey = configDirFromRepoRoot(input.configDir, input.repoRoot ?? input.cwd ?? process.cwd(), input.cwd);
  const verdict = reportVerdict(input.plan, problems, input.destructiveConclusion);
  const marker = planMarker(configKey);
  const report = reportMarkdown({ verdict, problems, markdown: input.markdown, configKey, sha: input.sha });

  const comment = await upsertStickyComment({
    octokit: input.octokit,
    repo: input.repo,
    issueNumber: input.pr,
    marker,
    body: truncateText(`${marker}\n${report}`, COMMENT_MAX_LENGTH, truncationNote),
    logger,
  });

  const sha = input.sha ?? (await headSha(input.octokit, input.repo, input.pr));
  const annotations = [
    ...problems.map((problem) => problemAnnotation(problem, configKey)),
    ...findingAnnotations(input.plan, configKey),
  ];
  let checkRunUrl: string | undefined;
  try {
    const checkRun = await createCheckRun({
      octokit: input.octokit,
      repo: input.repo,
      sha,
      name: configKey === DEFAULT_CONFIG_DIR ? CHECK_RUN_NAME : `${CHECK_RUN_NAME} (${configKey})`,
      title: verdict.title,
      summary: report,
      conclusion: verdict.conclusion,
      annotations,
      detailsUrl: comment.url,
      logger,
    });
    checkRunUrl = checkRun.url;
  } catch (error) {
    if (!isWriteDenied(error)) {
      throw error;
    }
    // Check runs need a GitHub App token (GITHUB_TOKEN in Actions) with `checks: write`.
    logger.warn({ err: error, ...gitHubRequestFields(error) }, 'check run not created: token may not write checks');
  }
  return {
    commentUrl: comment.url,
    commentAction: comment.action,
    ...(checkRunUrl === undefined ? {} : { checkRunUrl }),
    conclusion: verdict.conclusion,
  };
}

async function headSha(octokit: GitHubClient, repo: RepoRef, pr: number): Promise<string> {
  const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pr });
  return data.head.sha;
}

/** The comment body after the marker; also the check run's summary. */
export function reportMarkdown(options: {
  verdict: ReportVerdict;
  problems: readonly Problem[];
  markdown: string;
  configKey: string;
  sha?: string | undefined;
}): string {
  const { verdict, problems, configKey } = options;
  const lines: string[] = [];
  const where = configKey === DEFAULT_CONFIG_DIR ? '' : ` for \`${configKey}\``;
  const at = options.sha === undefined ? '' : ` at ${options.sha.slice(0, 7)}`;
  lines.push(`### orgplane plan${where}${at}`, '');
  if (verdict.errors > 0) {
    lines.push(`❌ **${verdict.title}**: fix the manifests below; no plan was computed.`, '');
  } else if (verdict.destructive > 0) {
    lines.push(
      `⚠️ **This plan has ${plural(verdict.destructive, 'destructive change')}** (removals, downgrades or archives): review them before merging.`,
      '',
    );
  }
  if (problems.length > 0) {
    const ordered = [...problems].sort((a, b) => severityRank(a) - severityRank(b));
    lines.push('#### Validation problems', '');
    for (const problem of ordered.slice(0, MAX_LISTED_PROBLEMS)) {
      const position = problem.line >= 1 ? `:${problem.line}${problem.column >= 1 ? `:${problem.column}` : ''}` : '';
      lines.push(`- \`${repoPath(configKey, problem.file)}${position}\` ${problem.severity}: ${oneLine(problem.message)}`);
    }
    if (ordered.length > MAX_LISTED_PROBLEMS) {
      lines.push(`- …and ${ordered.length - MAX_LISTED_PROBLEMS} more (see the check run's annotations)`);
    }
    lines.push('');
  }
  if (options.markdown.trim() !== '') {
    lines.push(options.markdown.trim());
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function severityRank(problem: Problem): number {
  return problem.severity === 'error' ? 0 : 1;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
