// Which listed admin key is the one in use: the API lists keys with a redacted value
// (`sk-admin...abcd`, reference "Admin API Keys"), never the key itself.
import type { AdminApiKey } from '../api/types.js';

const SEPARATORS = ['...', '…', '***'];

/** A matcher for ReadOptions.isOwnAdminKey; the key stays in this closure, never in a result. */
export function ownAdminKeyMatcher(adminKey: string): (key: AdminApiKey) => boolean {
  return (key) => {
    const redacted = key.redacted_value;
    for (const separator of SEPARATORS) {
      const at = redacted.indexOf(separator);
      if (at === -1) continue;
      const prefix = redacted.slice(0, at);
      const suffix = redacted.slice(at + separator.length);
      // Too little shown to tell keys apart: refuse to guess.
      if (prefix.length + suffix.length < 6) return false;
      return adminKey.length > prefix.length + suffix.length && adminKey.startsWith(prefix) && adminKey.endsWith(suffix);
    }
    return false;
  };
}
