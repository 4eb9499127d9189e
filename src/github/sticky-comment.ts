// One pull-request comment per config folder, found again by the hidden marker that
// starts its body, and edited in place on every later run.
import type { Logger } from '../logging/logger.js';
import type { GitHubClient } from './client.js';
import type { RepoRef } from './types.js';

export interface StickyCommentResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
  url: string;
}

export async function findMarkedComment(
  octokit: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  marker: string,
): Promise<{ id: number; body: string; url: string } | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    // The body starts with the marker; a reply quoting the comment starts with "> ".
    const found = page.data.find((comment) => comment.body?.startsWith(marker) === true);
    if (found !== undefined) {
      return { id: found.id, body: found.body ?? '', url: found.html_url };
    }
  }
  return undefined;
}

export async function upsertStickyComment(options: {
  octokit: GitHubClient;
  repo: RepoRef;
  issueNumber: number;
  marker: string;
  /** Must start with `marker`. */
  body: string;
  logger: Logger;
}): Promise<StickyCommentResult> {
  const { octokit, repo, issueNumber, marker, body, logger } = options;
  const existing = await findMarkedComment(octokit, repo, issueNumber, marker);
  if (existing === undefined) {
    const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
    logger.info({ pr: issueNumber, commentId: data.id }, 'plan comment created');
    return { action: 'created', id: data.id, url: data.html_url };
  }
  if (existing.body === body) {
    logger.info({ pr: issueNumber, commentId: existing.id }, 'plan comment unchanged');
    return { action: 'unchanged', id: existing.id, url: existing.url };
  }
  const { data } = await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
  logger.info({ pr: issueNumber, commentId: data.id }, 'plan comment updated');
  return { action: 'updated', id: data.id, url: data.html_url };
}
