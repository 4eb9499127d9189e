// A completed check run on the pull request's head commit. Its conclusion is right
// from the first request, so a failure while appending annotations never leaves a
// run "in progress"; annotations beyond the first 50 are appended by updates.
import type { Logger } from '../logging/logger.js';
import { ANNOTATIONS_PER_REQUEST, batches } from './annotations.js';
import type { GitHubClient } from './client.js';
import { CHECK_SUMMARY_MAX_LENGTH, truncateText, truncationNote } from './markdown.js';
import type { CheckAnnotation, PlanConclusion, RepoRef } from './types.js';

export interface CheckRunInput {
  octokit: GitHubClient;
  repo: RepoRef;
  sha: string;
  name: string;
  title: string;
  summary: string;
  conclusion: PlanConclusion;
  annotations: readonly CheckAnnotation[];
  /** Where the full details live (the plan comment); required by GitHub for `action_required`. */
  detailsUrl?: string;
  logger: Logger;
}

export async function createCheckRun(input: CheckRunInput): Promise<{ id: number; url: string; requests: number }> {
  const { octokit, repo, logger } = input;
  const summary = truncateText(input.summary, CHECK_SUMMARY_MAX_LENGTH, truncationNote);
  const [first = [], ...rest] = batches(input.annotations, ANNOTATIONS_PER_REQUEST);
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: input.name,
    head_sha: input.sha,
    status: 'completed',
    conclusion: input.conclusion,
    completed_at: new Date().toISOString(),
    ...(input.detailsUrl === undefined ? {} : { details_url: input.detailsUrl }),
    output: { title: input.title, summary, ...(first.length > 0 ? { annotations: first } : {}) },
  });
  for (const batch of rest) {
    // Each update appends its annotations; title and summary are required every time.
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: data.id,
      output: { title: input.title, summary, annotations: batch },
    });
  }
  logger.info(
    { checkRunId: data.id, conclusion: input.conclusion, annotations: input.annotations.length, requests: 1 + rest.length },
    'check run created',
  );
  return { id: data.id, url: data.html_url ?? data.url, requests: 1 + rest.length };
}
