import { Command } from 'commander';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { runGitHubReport, registerGitHubOptions, type RunGitHubReportInput } from '../../src/github/plan-command.js';
import { createGitHubClient } from '../../src/github/client.js';
import { API, change, comment, expectAllMocksUsed, plan, SHA } from './helpers.js';

const COMMENTS = '/repos/acme/org-config/issues/7/comments';

function run(overrides: Partial<RunGitHubReportInput>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  return runGitHubReport({
    options: { github: true, repo: 'acme/org-config', pr: '7', sha: SHA },
    env: { GITHUB_TOKEN: 'ghs_token' },
    exitCode: 2,
    planText: 'Plan: 1 to invite.',
    markdown: '**1 to invite.**',
    plan: plan([change()]),
    configDir: 'policies',
    cwd: '/ws',
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    createClient: (options) => createGitHubClient({ ...options, throttle: false, retryAfterBaseValue: 0 }),
    ...overrides,
  }).then((code) => ({ code, stdout, stderr }));
}

afterEach(() => {
  expectAllMocksUsed();
});

describe('runGitHubReport', () => {
  it('prints the plan, publishes it, and keeps the plan exit code', async () => {
    const scope = nock(API)
      .get(COMMENTS)
      .query(true)
      .reply(200, [])
      .post(COMMENTS)
      .reply(201, comment(3, ''))
      .post('/repos/acme/org-config/check-runs')
      .reply(201, { id: 9, html_url: 'https://github.com/acme/org-config/runs/9' });

    const result = await run({});

    expect(result).toEqual({
      code: 2,
      stdout: 'Plan: 1 to invite.\n',
      stderr:
        'orgplane: plan posted: https://github.com/acme/org-config/pull/7#issuecomment-3\n' +
        'orgplane: check run (success): https://github.com/acme/org-config/runs/9\n',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('degrades to printing the plan without a token, keeping the exit code', async () => {
    const result = await run({ env: {}, exitCode: 2 });
    expect(result).toEqual({
      code: 2,
      stdout: 'Plan: 1 to invite.\n',
      stderr: 'orgplane: no GITHUB_TOKEN with write access (pull request from a fork?); printing the plan instead\n',
    });
  });

  it('degrades when a fork pull request token answers 403 on comment create', async () => {
    const scope = nock(API)
      .get(COMMENTS)
      .query(true)
      .reply(200, [])
      .post(COMMENTS)
      .reply(403, { message: 'Resource not accessible by integration' }, { 'x-ratelimit-remaining': '4999' });

    const result = await run({ exitCode: 0 });

    expect(result).toEqual({
      code: 0,
      stdout: 'Plan: 1 to invite.\n',
      stderr: 'orgplane: no GITHUB_TOKEN with write access (pull request from a fork?); printing the plan instead\n',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('reads the Actions environment and respects GITHUB_API_URL', async () => {
    const scope = nock('https://ghe.example.com')
      .get(`/api/v3${COMMENTS}`)
      .query(true)
      .reply(200, [comment(3, '<!-- orgplane:plan -->\nold')])
      .patch('/api/v3/repos/acme/org-config/issues/comments/3')
      .reply(200, comment(3, ''))
      .post('/api/v3/repos/acme/org-config/check-runs', (body: { head_sha: string }) => body.head_sha === SHA)
      .reply(201, { id: 9, html_url: 'https://ghe.example.com/acme/org-config/runs/9' });

    const result = await run({
      options: { github: true },
      env: {
        GITHUB_ACTIONS: 'true',
        GITHUB_REPOSITORY: 'acme/org-config',
        GITHUB_EVENT_PATH: new URL('./fixtures/pull-request-event.json', import.meta.url).pathname,
        GITHUB_TOKEN: 'ghs_token',
        GITHUB_API_URL: 'https://ghe.example.com/api/v3',
        GITHUB_WORKSPACE: '/ws',
      },
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('orgplane: plan comment updated: ');
    expect(scope.isDone()).toBe(true);
  });

  it('fails with exit code 1 when GitHub answers an unexpected error', async () => {
    const scope = nock(API).get(COMMENTS).query(true).reply(404, { message: 'Not Found' });

    const result = await run({ exitCode: 0 });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('orgplane: could not publish the plan to GitHub: 404 Not Found\n');
    expect(scope.isDone()).toBe(true);
  });

  it('fails with exit code 1 on a usage error and still prints the plan', async () => {
    const result = await run({ options: { github: true }, env: { GITHUB_TOKEN: 't' }, exitCode: 0 });
    expect(result).toEqual({ code: 1, stdout: 'Plan: 1 to invite.\n', stderr: 'orgplane: --github needs --repo owner/name outside GitHub Actions\n' });
  });
});

describe('registerGitHubOptions', () => {
  it('adds --github --repo --pr --sha to a command', () => {
    const command = registerGitHubOptions(new Command('plan')).exitOverride();
    command.parse(['--github', '--repo', 'acme/org-config', '--pr', '7', '--sha', SHA], { from: 'user' });
    expect(command.opts()).toEqual({ github: true, repo: 'acme/org-config', pr: '7', sha: SHA });
  });
});
