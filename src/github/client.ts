// The octokit factory. The `octokit` package's Octokit already bundles the retry
// plugin (5xx and network errors, with growing delays) and the throttling plugin
// (paces writes, and asks us what to do on a rate limit). We answer "retry, a
// bounded number of times, for a bounded wait" and log through pino.
import { Octokit } from 'octokit';
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { hasProxy, proxySettingsFromEnv } from '../net/index.js';
import { silentLogger, type Logger } from '../logging/logger.js';

export type GitHubClient = Octokit;

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

export interface GitHubClientOptions {
  token: string;
  /** REST API root; default `https://api.github.com` (GitHub Enterprise: `https://HOST/api/v3`). */
  baseUrl?: string;
  logger?: Logger;
  /** Retries after a primary or secondary rate limit; default 2. */
  maxRateLimitRetries?: number;
  /**
   * Longest rate-limit wait accepted, in seconds; default 90. GitHub asks for at least
   * one minute after a secondary limit without Retry-After (the plugin's fallback is 60 s):
   * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
   * A primary limit resets hourly: waiting that long in a CI job is worse than failing.
   */
  maxRateLimitWaitSeconds?: number;
  /** Retries of 5xx and network errors (the retry plugin's delay is (n+1)² s); default 3. */
  maxRetries?: number;
  /** Milliseconds per second of wait, for both plugins; default 1000. Tests pass 0. */
  retryAfterBaseValue?: number;
  /**
   * Octokit's write pacing (1 s between writes, 3 s between writes that notify) and
   * rate-limit handling; default true. Tests that only check request shapes turn it off.
   */
  throttle?: boolean;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Octokit requests with fetch, whose global dispatcher ignores proxy variables. With a
 * proxy configured, requests go through undici's EnvHttpProxyAgent (CONNECT for https,
 * NO_PROXY honoured), fed the same reading of the environment as the Admin API client.
 */
function proxiedFetch(env: NodeJS.ProcessEnv): typeof fetch | undefined {
  const settings = proxySettingsFromEnv(env);
  if (!hasProxy(settings)) return undefined;
  const dispatcher = new EnvHttpProxyAgent({
    ...(settings.httpProxy === undefined ? {} : { httpProxy: settings.httpProxy }),
    ...(settings.httpsProxy === undefined ? {} : { httpsProxy: settings.httpsProxy }),
    noProxy: settings.noProxy,
  });
  return ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher })) as unknown as typeof fetch;
}

interface LimitedRequest {
  method: string;
  url: string;
}

/** The throttling plugin's onRateLimit/onSecondaryRateLimit answer: retry while within bounds. */
export function rateLimitHandler(
  kind: 'primary' | 'secondary',
  limits: { maxRetries: number; maxWaitSeconds: number },
  logger: Logger,
): (retryAfter: number, options: LimitedRequest, octokit: unknown, retryCount: number) => boolean {
  return (retryAfter, options, _octokit, retryCount) => {
    const retry = retryCount < limits.maxRetries && retryAfter <= limits.maxWaitSeconds;
    logger.warn(
      { kind, method: options.method, url: options.url, retryAfter, retryCount, retry },
      'github rate limit hit',
    );
    return retry;
  };
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const logger = options.logger ?? silentLogger();
  const limits = {
    maxRetries: options.maxRateLimitRetries ?? 2,
    maxWaitSeconds: options.maxRateLimitWaitSeconds ?? 90,
  };
  const retryAfterBaseValue = options.retryAfterBaseValue ?? 1000;
  const fetchThroughProxy = proxiedFetch(options.env ?? process.env);
  return new Octokit({
    ...(fetchThroughProxy === undefined ? {} : { request: { fetch: fetchThroughProxy } }),
    auth: options.token,
    baseUrl: (options.baseUrl ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, ''),
    userAgent: 'orgplane',
    retry: { retries: options.maxRetries ?? 3, retryAfterBaseValue },
    throttle:
      options.throttle === false
        ? { enabled: false }
        : {
            retryAfterBaseValue,
            onRateLimit: rateLimitHandler('primary', limits, logger),
            onSecondaryRateLimit: rateLimitHandler('secondary', limits, logger),
          },
    log: {
      debug: (detail: string) => logger.debug({ detail }, 'octokit debug'),
      info: (detail: string) => logger.debug({ detail }, 'octokit info'),
      warn: (detail: string) => logger.warn({ detail }, 'octokit warning'),
      error: (detail: string) => logger.error({ detail }, 'octokit error'),
    },
  });
}
