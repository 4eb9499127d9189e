// Where `plan --github` reports. Inside GitHub Actions everything comes from the
// environment (GITHUB_REPOSITORY, the event JSON at GITHUB_EVENT_PATH, GITHUB_TOKEN,
// GITHUB_API_URL); elsewhere from --repo owner/name --pr N [--sha SHA]. Flags win.
import { readFileSync } from 'node:fs';
import { DEFAULT_GITHUB_API_URL } from './client.js';
import type { GitHubCliOptions, GitHubContext, RepoRef } from './types.js';

export type GitHubContextResult = GitHubContext | { skip: string } | { error: string };

export const NO_TOKEN_REASON = 'no GITHUB_TOKEN with write access (pull request from a fork?)';

export interface ResolveGitHubContextInput {
  env: Readonly<Record<string, string | undefined>>;
  options: GitHubCliOptions;
  /** Default: `process.cwd()`. */
  cwd?: string;
  /** Reads the event JSON; default: `fs.readFileSync(path, 'utf8')`. */
  readFile?: (path: string) => string;
}

export function resolveGitHubContext(input: ResolveGitHubContextInput): GitHubContextResult {
  const { env, options } = input;
  const inActions = env.GITHUB_ACTIONS === 'true';

  const repoText = options.repo ?? env.GITHUB_REPOSITORY;
  if (repoText === undefined || repoText === '') {
    return { error: '--github needs --repo owner/name outside GitHub Actions' };
  }
  const repo = parseRepo(repoText);
  if (repo === undefined) {
    return { error: `--repo must look like owner/name, got "${repoText}"` };
  }

  let pr: number | undefined;
  let sha = options.sha;
  if (options.pr !== undefined) {
    pr = parsePrNumber(options.pr);
    if (pr === undefined) {
      return { error: `--pr must be a pull request number, got "${String(options.pr)}"` };
    }
  }
  if (pr === undefined || sha === undefined) {
    const eventPath = env.GITHUB_EVENT_PATH;
    if (eventPath !== undefined && eventPath !== '') {
      const event = readEvent(eventPath, input.readFile);
      if ('error' in event) {
        return event;
      }
      pr ??= event.pr;
      sha ??= event.sha;
    }
  }
  if (pr === undefined) {
    return inActions
      ? { skip: `not a pull request event (${env.GITHUB_EVENT_NAME ?? 'unknown event'}), nothing to comment on` }
      : { error: '--github needs --pr N outside GitHub Actions' };
  }

  const token = env.GITHUB_TOKEN;
  if (token === undefined || token.trim() === '') {
    return { skip: NO_TOKEN_REASON };
  }

  const apiUrl = env.GITHUB_API_URL !== undefined && env.GITHUB_API_URL !== '' ? env.GITHUB_API_URL : DEFAULT_GITHUB_API_URL;
  const repoRoot =
    env.GITHUB_WORKSPACE !== undefined && env.GITHUB_WORKSPACE !== '' ? env.GITHUB_WORKSPACE : (input.cwd ?? process.cwd());
  return { repo, pr, ...(sha === undefined ? {} : { sha }), token: token.trim(), apiUrl, repoRoot };
}

export function isGitHubContext(result: GitHubContextResult): result is GitHubContext {
  return !('skip' in result) && !('error' in result);
}

function parseRepo(text: string): RepoRef | undefined {
  const match = /^([A-Za-z0-9-_.]+)\/([A-Za-z0-9-_.]+)$/.exec(text.trim());
  return match?.[1] !== undefined && match[2] !== undefined ? { owner: match[1], repo: match[2] } : undefined;
}

function parsePrNumber(value: string | number): number | undefined {
  const text = String(value).trim();
  return /^[1-9]\d*$/.test(text) ? Number(text) : undefined;
}

/** pull_request and pull_request_target events carry the number and the head commit. */
function readEvent(
  path: string,
  readFile: ((path: string) => string) | undefined,
): { pr?: number; sha?: string } | { error: string } {
  let event: unknown;
  try {
    event = JSON.parse(readFile === undefined ? readFileSync(path, 'utf8') : readFile(path));
  } catch (cause) {
    return { error: `cannot read the GitHub event at GITHUB_EVENT_PATH (${path}): ${cause instanceof Error ? cause.message : String(cause)}` };
  }
  const pullRequest = isRecord(event) ? event.pull_request : undefined;
  if (!isRecord(pullRequest)) {
    return {};
  }
  const number = pullRequest.number;
  const head = pullRequest.head;
  const sha = isRecord(head) && typeof head.sha === 'string' ? head.sha : undefined;
  return {
    ...(typeof number === 'number' && Number.isInteger(number) && number > 0 ? { pr: number } : {}),
    ...(sha === undefined ? {} : { sha }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
