import { describe, expect, it } from 'vitest';
import { NO_TOKEN_REASON, resolveGitHubContext } from '../../src/github/context.js';

const SHA = 'feedface00000000000000000000000000000000';
const prEvent = JSON.stringify({ action: 'synchronize', number: 42, pull_request: { number: 42, head: { sha: SHA } } });

function actionsEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/org-config',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: '/runner/event.json',
    GITHUB_TOKEN: 'ghs_token',
    GITHUB_WORKSPACE: '/home/runner/work/org-config/org-config',
    // The pull_request event's GITHUB_SHA is the merge commit: not what the check run needs.
    GITHUB_SHA: 'merge000',
    ...overrides,
  };
}

const readEvent = (text: string) => (path: string) => {
  expect(path).toBe('/runner/event.json');
  return text;
};

describe('resolveGitHubContext', () => {
  it('reads GitHub Actions: repository, PR number and head sha from the event, token, workspace', () => {
    expect(resolveGitHubContext({ env: actionsEnv(), options: { github: true }, readFile: readEvent(prEvent) })).toEqual({
      repo: { owner: 'acme', repo: 'org-config' },
      pr: 42,
      sha: SHA,
      token: 'ghs_token',
      apiUrl: 'https://api.github.com',
      repoRoot: '/home/runner/work/org-config/org-config',
    });
  });

  it('uses GITHUB_API_URL (GitHub Enterprise)', () => {
    const context = resolveGitHubContext({
      env: actionsEnv({ GITHUB_API_URL: 'https://ghe.example.com/api/v3' }),
      options: {},
      readFile: readEvent(prEvent),
    });
    expect(context).toMatchObject({ apiUrl: 'https://ghe.example.com/api/v3' });
  });

  it('takes --repo --pr --sha outside Actions, relative to the working directory', () => {
    const context = resolveGitHubContext({
      env: { GITHUB_TOKEN: 'ghp_x' },
      options: { github: true, repo: 'octo/cat', pr: '7', sha: 'abc' },
      cwd: '/src/cat',
    });
    expect(context).toEqual({ repo: { owner: 'octo', repo: 'cat' }, pr: 7, sha: 'abc', token: 'ghp_x', apiUrl: 'https://api.github.com', repoRoot: '/src/cat' });
  });

  it('lets flags override the event', () => {
    const context = resolveGitHubContext({ env: actionsEnv(), options: { pr: '9', sha: 'def' }, readFile: readEvent(prEvent) });
    expect(context).toMatchObject({ pr: 9, sha: 'def' });
  });

  it('skips with the fork message when there is no token', () => {
    expect(resolveGitHubContext({ env: actionsEnv({ GITHUB_TOKEN: undefined }), options: {}, readFile: readEvent(prEvent) })).toEqual({
      skip: NO_TOKEN_REASON,
    });
    expect(NO_TOKEN_REASON).toBe('no GITHUB_TOKEN with write access (pull request from a fork?)');
  });

  it('skips a non-pull-request event inside Actions', () => {
    const context = resolveGitHubContext({
      env: actionsEnv({ GITHUB_EVENT_NAME: 'push' }),
      options: {},
      readFile: readEvent(JSON.stringify({ ref: 'refs/heads/main' })),
    });
    expect(context).toEqual({ skip: 'not a pull request event (push), nothing to comment on' });
  });

  it('reports usage errors outside Actions', () => {
    expect(resolveGitHubContext({ env: { GITHUB_TOKEN: 't' }, options: { github: true } })).toEqual({
      error: '--github needs --repo owner/name outside GitHub Actions',
    });
    expect(resolveGitHubContext({ env: { GITHUB_TOKEN: 't' }, options: { repo: 'a/b' } })).toEqual({ error: '--github needs --pr N outside GitHub Actions' });
    expect(resolveGitHubContext({ env: {}, options: { repo: 'not-a-repo', pr: '1' } })).toEqual({
      error: '--repo must look like owner/name, got "not-a-repo"',
    });
    expect(resolveGitHubContext({ env: {}, options: { repo: 'a/b', pr: 'x1' } })).toEqual({ error: '--pr must be a pull request number, got "x1"' });
  });

  it('reports an unreadable event file', () => {
    const context = resolveGitHubContext({ env: actionsEnv(), options: {}, readFile: readEvent('{not json') });
    expect('error' in context && context.error).toMatch(/^cannot read the GitHub event at GITHUB_EVENT_PATH \(\/runner\/event.json\)/);
  });
});
