// One GitHub issue per drift key (an out-of-band change the daemon found), found again
// among open issues labelled `orgplane-drift` by the hidden marker in its body: the
// daemon can report the same drift every cycle without opening duplicates.
import type { Logger } from '../logging/logger.js';
import { silentLogger } from '../logging/logger.js';
import type { GitHubClient } from './client.js';
import { COMMENT_MAX_LENGTH, driftMarker, truncateText, truncationNote } from './markdown.js';
import type { RepoRef } from './types.js';

export const DRIFT_LABEL = 'orgplane-drift';

export interface DriftIssueRef {
  number: number;
  url: string;
}

export interface UpsertDriftIssueInput {
  octokit: GitHubClient;
  repo: RepoRef;
  /** Stable identity of the drift, e.g. the resource address. */
  key: string;
  title: string;
  /** Markdown; the marker is prepended. */
  body: string;
  /** Extra labels; `orgplane-drift` is always added. */
  labels?: readonly string[];
  logger?: Logger;
}

export async function findDriftIssue(
  octokit: GitHubClient,
  repo: RepoRef,
  key: string,
): Promise<(DriftIssueRef & { title: string; body: string; labels: string[] }) | undefined> {
  const marker = driftMarker(key);
  const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
    ...repo,
    state: 'open',
    labels: DRIFT_LABEL,
    per_page: 100,
  });
  for await (const page of pages) {
    // This endpoint also lists pull requests; they carry a `pull_request` field.
    const found = page.data.find((issue) => issue.pull_request === undefined && issue.body?.includes(marker) === true);
    if (found !== undefined) {
      return {
        number: found.number,
        url: found.html_url,
        title: found.title,
        body: found.body ?? '',
        labels: found.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter((name) => name !== ''),
      };
    }
  }
  return undefined;
}

export async function upsertDriftIssue(
  input: UpsertDriftIssueInput,
): Promise<DriftIssueRef & { action: 'created' | 'updated' | 'unchanged' }> {
  const { octokit, repo, key } = input;
  const logger = input.logger ?? silentLogger();
  const body = truncateText(`${driftMarker(key)}\n${input.body}`, COMMENT_MAX_LENGTH, truncationNote);
  const labels = [...new Set([DRIFT_LABEL, ...(input.labels ?? [])])];
  const existing = await findDriftIssue(octokit, repo, key);
  if (existing === undefined) {
    const { data } = await octokit.rest.issues.create({ ...repo, title: input.title, body, labels });
    logger.info({ key, issue: data.number }, 'drift issue created');
    return { action: 'created', number: data.number, url: data.html_url };
  }
  const missingLabels = labels.filter((label) => !existing.labels.includes(label));
  if (existing.title === input.title && existing.body === body && missingLabels.length === 0) {
    return { action: 'unchanged', number: existing.number, url: existing.url };
  }
  const { data } = await octokit.rest.issues.update({
    ...repo,
    issue_number: existing.number,
    title: input.title,
    body,
    // Keep labels people added by hand.
    labels: [...existing.labels, ...missingLabels],
  });
  logger.info({ key, issue: data.number }, 'drift issue updated');
  return { action: 'updated', number: data.number, url: data.html_url };
}

export interface CloseResolvedDriftIssueInput {
  octokit: GitHubClient;
  repo: RepoRef;
  key: string;
  /** Posted before closing, e.g. "Resolved by apply of abc1234". */
  comment?: string;
  logger?: Logger;
}

export async function closeResolvedDriftIssue(
  input: CloseResolvedDriftIssueInput,
): Promise<(DriftIssueRef & { action: 'closed' }) | { action: 'none' }> {
  const { octokit, repo, key } = input;
  const logger = input.logger ?? silentLogger();
  const existing = await findDriftIssue(octokit, repo, key);
  if (existing === undefined) {
    return { action: 'none' };
  }
  if (input.comment !== undefined && input.comment !== '') {
    await octokit.rest.issues.createComment({ ...repo, issue_number: existing.number, body: input.comment });
  }
  await octokit.rest.issues.update({ ...repo, issue_number: existing.number, state: 'closed', state_reason: 'completed' });
  logger.info({ key, issue: existing.number }, 'drift issue closed');
  return { action: 'closed', number: existing.number, url: existing.url };
}
