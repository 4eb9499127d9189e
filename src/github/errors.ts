// Classifying octokit's RequestError without logging it whole (its request carries
// the token header, which octokit redacts, but the body may be large).
import { RequestError } from 'octokit';

/**
 * A 403 that is a missing permission ("Resource not accessible by integration": the
 * read-only token of a fork's pull request), not a rate limit that ran out of retries.
 */
export function isWriteDenied(error: unknown): boolean {
  if (!(error instanceof RequestError) || error.status !== 403) {
    return false;
  }
  const remaining = error.response?.headers['x-ratelimit-remaining'];
  return remaining !== '0' && !/rate limit/i.test(error.message);
}

/** Fields safe to show about a failed GitHub request. */
export function describeGitHubError(error: unknown): { status?: number; method?: string; url?: string; message: string } {
  return { ...gitHubRequestFields(error), message: error instanceof Error ? firstLine(error.message) : String(error) };
}

/**
 * The request a GitHub error is about, logged next to `{ err }`: the logger's err serializer
 * drops the error's request and response (headers, bodies), so method and URL come from here.
 */
export function gitHubRequestFields(error: unknown): { status?: number; method?: string; url?: string } {
  return error instanceof RequestError ? { status: error.status, method: error.request.method, url: error.request.url } : {};
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
