// Client options, and where they come from: the environment or a key file. The admin
// key is read here and nowhere else; a missing key is an error that names what to set.
import { readFileSync, statSync } from 'node:fs';
import type { Logger } from '../logging/logger.js';
import { OrgplaneError } from '../errors.js';
import type { Clock } from './clock.js';
import { maskSecrets } from '../mask-secrets.js';
import type { PageSizeMode } from './page-sizes.js';
import type { Transport } from './transport.js';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface AdminClientOptions {
  /** API root including `/v1`. Default `https://api.openai.com/v1`. */
  baseUrl: string;
  /** The organization admin key (`sk-admin-…`). Never logged, never in an error. */
  adminKey: string;
  /** Requests in flight at once. Default 8. */
  concurrency?: number;
  /** Cap on requests started per second over the organization (the benchmark's). Default: none. */
  requestsPerSecond?: number;
  /** Per route template: never more than this many requests a minute (`--max-rpm`). Default: learned. */
  maxRpm?: number;
  /** Over the organization: never more than this many a minute (`--max-org-rpm`). Default: learned. */
  maxOrgRpm?: number;
  /** Rate-limit window assumed before one is learned. Default 60 000 ms (measured on the live API). */
  rateWindowMs?: number;
  /**
   * How long the whole command may wait on rate limits, from the client's creation; queued
   * requests are then refused with a RateLimitDeadlineError. Default: no deadline (the daemon).
   */
  deadlineMs?: number;
  /** How the deadline was set, quoted in its message (`--timeout 5h`). */
  deadlineLabel?: string;
  /** Where learned limits are read and saved. Default: nowhere. */
  limitsFile?: string;
  /** Attempts per request, the first included. Default 5. */
  maxAttempts?: number;
  /** Time budget for retrying one request. Default 60 000 ms. */
  maxRetryTimeMs?: number;
  /** Longest Retry-After we honour; a longer one is cut to it (the deadline bounds the rest). Default 60 000 ms. */
  maxRetryAfterMs?: number;
  /** Per-attempt timeout. Default 30 000 ms. */
  timeoutMs?: number;
  /** `max` (default) pages at each endpoint's largest size; `default` sends no limit (baseline). */
  pageSize?: PageSizeMode;
  /** pino logger; one debug line per request. Default: silent. */
  logger?: Logger;
  /** Injected time (tests). Default: the system clock. */
  clock?: Clock;
  /** Injected HTTP exchange (tests). Default: got. */
  transport?: Transport;
}

export class ConfigError extends OrgplaneError {}

export interface ResolveInput {
  env: Record<string, string | undefined>;
  /** Path to a file holding the admin key (`--admin-key-file`); wins over OPENAI_ADMIN_KEY. */
  adminKeyFile?: string | undefined;
  /** Overrides OPENAI_BASE_URL. */
  baseUrl?: string | undefined;
  /** Told about a risk that is not an error (a key file other users can read). */
  onWarning?: (message: string) => void;
}

/** Synchronous, so callers may use it with or without await. */
export function resolveClientOptions(input: ResolveInput): AdminClientOptions {
  const baseUrl = normaliseBaseUrl(input.baseUrl ?? nonEmpty(input.env.OPENAI_BASE_URL) ?? DEFAULT_BASE_URL);
  const { protocol, hostname } = new URL(baseUrl);
  if (protocol === 'http:' && !LOOPBACK_HOSTS.has(hostname)) {
    input.onWarning?.(`the API base URL uses plain http to ${hostname}: the admin key travels unencrypted; use https unless this is a local emulator`);
  }
  let adminKey: string | undefined;
  // The key itself passed as the path by mistake must not be echoed.
  const keyFile = input.adminKeyFile === undefined ? undefined : maskSecrets(input.adminKeyFile);
  if (input.adminKeyFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(input.adminKeyFile, 'utf8');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new ConfigError(
        `cannot read the admin key file ${keyFile} (${typeof code === 'string' ? code : 'unreadable'}): check the path given to --admin-key-file`,
      );
    }
    adminKey = nonEmpty(text.trim());
    if (adminKey === undefined) {
      throw new ConfigError(`the admin key file ${keyFile} is empty: put the organization admin key (sk-admin-…) in it`);
    }
    if (process.platform !== 'win32' && (statSync(input.adminKeyFile).mode & 0o077) !== 0) {
      input.onWarning?.(`the admin key file ${keyFile} is readable by other users: chmod 600 it`);
    }
  } else {
    adminKey = nonEmpty(input.env.OPENAI_ADMIN_KEY?.trim());
  }
  // Never echo the text: it may be a key followed by something else, or another secret.
  if (adminKey !== undefined && /\s/.test(adminKey)) {
    throw new ConfigError(
      `the admin key ${keyFile !== undefined ? `in ${keyFile}` : 'in OPENAI_ADMIN_KEY'} holds spaces or several lines: put only the key (sk-admin-…) there`,
    );
  }
  if (adminKey === undefined) {
    throw new ConfigError(
      'no admin key: set OPENAI_ADMIN_KEY to an organization admin key (sk-admin-…), or pass --admin-key-file <path>',
    );
  }
  return { baseUrl, adminKey };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function normaliseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Variables get swapped: a key set here by mistake is not echoed.
    throw new ConfigError(`OPENAI_BASE_URL is not a URL: ${maskSecrets(JSON.stringify(value))} (expected e.g. https://api.openai.com/v1)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`OPENAI_BASE_URL must be http(s), got ${url.protocol}`);
  }
  return value.replace(/\/+$/, '');
}
