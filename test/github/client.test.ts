import nock from 'nock';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient, rateLimitHandler } from '../../src/github/client.js';
import { API, expectAllMocksUsed } from './helpers.js';

function capturingLogger(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

// x-ratelimit-reset in the past makes the plugin's wait 0 s; retryAfterBaseValue 0 makes
// every other wait 0 ms. Only GETs here: octokit paces writes 1 s apart when throttling is on.
const RATE_LIMITED = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' };

afterEach(() => {
  expectAllMocksUsed();
});

describe('createGitHubClient', () => {
  it('retries a rate-limited request and logs it', async () => {
    const { logger, lines } = capturingLogger();
    const scope = nock(API)
      .get('/repos/acme/org-config')
      .reply(403, { message: 'API rate limit exceeded' }, RATE_LIMITED)
      .get('/repos/acme/org-config')
      .reply(200, { full_name: 'acme/org-config' });
    const octokit = createGitHubClient({ token: 'ghs_secret', logger, retryAfterBaseValue: 0 });

    const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'org-config' });

    expect(data.full_name).toBe('acme/org-config');
    expect(scope.isDone()).toBe(true);
    const warning = lines.find((line) => line.msg === 'github rate limit hit');
    expect(warning).toMatchObject({ kind: 'primary', retryCount: 0, retry: true, method: 'GET' });
    expect(JSON.stringify(lines)).not.toContain('ghs_secret');
  });

  it('gives up after the configured number of rate-limit retries', async () => {
    const scope = nock(API)
      .get('/repos/acme/org-config')
      .times(3)
      .reply(403, { message: 'API rate limit exceeded' }, RATE_LIMITED);
    const octokit = createGitHubClient({ token: 't', maxRateLimitRetries: 2, retryAfterBaseValue: 0 });

    await expect(octokit.rest.repos.get({ owner: 'acme', repo: 'org-config' })).rejects.toMatchObject({ status: 403 });
    expect(scope.isDone()).toBe(true);
  });

  it('does not wait longer than maxRateLimitWaitSeconds for a secondary limit', async () => {
    const { logger, lines } = capturingLogger();
    // Without Retry-After the plugin falls back to 60 s, more than the 30 s allowed here.
    const scope = nock(API)
      .get('/repos/acme/org-config')
      .reply(403, { message: 'You have exceeded a secondary rate limit' });
    const octokit = createGitHubClient({ token: 't', logger, maxRateLimitWaitSeconds: 30, retryAfterBaseValue: 0 });

    await expect(octokit.rest.repos.get({ owner: 'acme', repo: 'org-config' })).rejects.toMatchObject({ status: 403 });
    expect(scope.isDone()).toBe(true);
    expect(lines.find((line) => line.msg === 'github rate limit hit')).toMatchObject({ kind: 'secondary', retryAfter: 60, retry: false });
  });

  it('retries server errors', async () => {
    const scope = nock(API)
      .get('/repos/acme/org-config')
      .times(2)
      .reply(502, 'bad gateway')
      .get('/repos/acme/org-config')
      .reply(200, { full_name: 'acme/org-config' });
    const octokit = createGitHubClient({ token: 't', throttle: false, retryAfterBaseValue: 0 });

    await expect(octokit.rest.repos.get({ owner: 'acme', repo: 'org-config' })).resolves.toMatchObject({ status: 200 });
    expect(scope.isDone()).toBe(true);
  });

  it('sends the token and honours a GitHub Enterprise base URL', async () => {
    const scope = nock('https://ghe.example.com', { reqheaders: { authorization: 'token ghs_abc' } })
      .get('/api/v3/repos/acme/org-config')
      .reply(200, { full_name: 'acme/org-config' });
    const octokit = createGitHubClient({ token: 'ghs_abc', baseUrl: 'https://ghe.example.com/api/v3/', throttle: false });

    await octokit.rest.repos.get({ owner: 'acme', repo: 'org-config' });
    expect(scope.isDone()).toBe(true);
  });
});

describe('rateLimitHandler', () => {
  it('retries while under both bounds', () => {
    const handler = rateLimitHandler('primary', { maxRetries: 2, maxWaitSeconds: 90 }, pino({ level: 'silent' }));
    const request = { method: 'GET', url: '/x' };
    expect(handler(10, request, undefined, 0)).toBe(true);
    expect(handler(10, request, undefined, 1)).toBe(true);
    expect(handler(10, request, undefined, 2)).toBe(false);
    expect(handler(91, request, undefined, 0)).toBe(false);
  });
});
