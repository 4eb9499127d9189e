// The one place text is cleaned of credentials before it reaches an error, a log line or a
// report: API error messages, log lines, git's and a sink command's output all go through it.

/** What a removed credential is replaced with. */
export const REDACTED = '[redacted]';

// A server message may echo a key back, a command may print one: anything shaped like a
// credential is masked even when it is not one of the exact values given.
const CREDENTIAL_PATTERNS: readonly [RegExp, string][] = [
  // OpenAI keys: sk-…, sk-proj-…, sk-svcacct-…, sk-admin-….
  [/sk-[A-Za-z0-9_-]{6,}/g, `sk-${REDACTED}`],
  // GitHub tokens (classic and fine-grained).
  [/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, REDACTED],
  [/\b(Bearer) +[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  // User name and password in a URL (https://x-access-token:TOKEN@github.com/…): dropped.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s"']+@/gi, '$1'],
];

/**
 * The text with every occurrence of each of `secrets` (the admin key, a service-account
 * key, a git token) replaced, and anything credential-shaped masked.
 */
export function maskSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of CREDENTIAL_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A copy of an error to log as `{ err }` when it may quote a secret the caller holds (a key a
 * sink failed to take): message, stack, string fields and causes masked; the rest kept.
 */
export function maskError(error: unknown, secrets: readonly string[], depth = 0): Error {
  if (!(error instanceof Error)) return new Error(maskSecrets(String(error), secrets));
  // Five causes deep is more than any error here carries; a cycle stops there too.
  const cause = error.cause !== undefined && depth < 5 ? { cause: maskError(error.cause, secrets, depth + 1) } : {};
  const masked = new Error(maskSecrets(error.message, secrets), cause) as Error & Record<string, unknown>;
  masked.name = error.name;
  masked.stack = maskSecrets(error.stack ?? '', secrets);
  for (const [name, value] of Object.entries(error)) {
    if (typeof value === 'string') masked[name] = maskSecrets(value, secrets);
    else if (typeof value === 'number' || typeof value === 'boolean') masked[name] = value;
  }
  return masked;
}
