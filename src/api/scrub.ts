// Removes credentials from any text that may end up in an error or a log line. The admin
// key is replaced wherever it occurs; anything shaped like an OpenAI key is masked too,
// because a server message may echo a key back.
const KEY_PATTERN = /sk-[A-Za-z0-9_-]{6,}/g;

export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('[redacted]');
  }
  return out.replace(KEY_PATTERN, 'sk-[redacted]');
}

export function scrubOptional(text: string | undefined, secrets: readonly string[] = []): string | undefined {
  return text === undefined ? undefined : scrub(text, secrets);
}
