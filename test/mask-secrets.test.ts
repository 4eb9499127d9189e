import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../src/mask-secrets.js';

const ADMIN_KEY = 'sk-admin-AbCdEf0123456789_xyz';
const SERVICE_KEY = 'sk-svcacct-Zz9_yY8-xX7wW6vV5uU4';
const PROJECT_KEY = 'sk-proj-0123456789abcdefABCDEF';
const LEGACY_KEY = 'sk-0123456789abcdefghij';
const GITHUB_TOKEN = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
const FINE_GRAINED = 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz';
// A secret with no recognisable shape: only found because the caller names it.
const OPAQUE = 'hunter2-correct-horse';

// Every way a key reaches a text in orgplane: a server message echoing it, a JSON log line,
// an error stack, a command's output, a URL, a header.
const CONTEXTS: readonly ((key: string) => string)[] = [
  (k) => k,
  (k) => `Incorrect API key provided: ${k}.`,
  (k) => JSON.stringify({ level: 50, msg: 'write failed', err: { message: `bad ${k}`, stack: `Error: bad ${k}\n    at x (y.js:1:2)` } }),
  (k) => `{"key":"${k}","next":1}`,
  (k) => `line one\nAuthorization: Bearer ${k}\n`,
  (k) => `fatal: could not read from https://x-access-token:${k}@github.com/acme/org.git`,
  (k) => `${k}${k}`,
  (k) => `(${k})`,
];

describe('maskSecrets', () => {
  for (const key of [ADMIN_KEY, SERVICE_KEY, PROJECT_KEY, LEGACY_KEY, GITHUB_TOKEN, FINE_GRAINED]) {
    it(`no ${key.slice(0, 8)}… key survives, named or not`, () => {
      for (const context of CONTEXTS) {
        expect(maskSecrets(context(key))).not.toContain(key);
        expect(maskSecrets(context(key), [key])).not.toContain(key);
      }
    });
  }

  it('removes a secret without a known shape when it is named, wherever it occurs', () => {
    for (const context of CONTEXTS) {
      expect(maskSecrets(context(OPAQUE), [OPAQUE])).not.toContain(OPAQUE);
    }
    expect(maskSecrets(`a ${OPAQUE} b ${OPAQUE}`, ['', OPAQUE])).toBe('a [redacted] b [redacted]');
  });

  it('says what was there, and keeps the rest of the text', () => {
    expect(maskSecrets(`Incorrect API key provided: ${ADMIN_KEY}. See the docs.`)).toBe('Incorrect API key provided: sk-[redacted]. See the docs.');
    expect(maskSecrets(`Authorization: Bearer ${OPAQUE}`)).toBe('Authorization: Bearer [redacted]');
    expect(maskSecrets('clone https://alice:s3cret@git.example.com/acme/org.git failed')).toBe('clone https://git.example.com/acme/org.git failed');
    expect(maskSecrets(`token ${GITHUB_TOKEN} refused`)).toBe('token [redacted] refused');
  });

  it('leaves text without credentials as it is', () => {
    const text = 'user ada@example.com joined project search (proj_abc123); see https://platform.openai.com/docs and sk-short';
    expect(maskSecrets(text)).toBe(text);
  });
});
