// A stable hash of the managed live state: the plan records it and `apply --plan`
// refuses to run when the organization changed since. Read order, request counts and
// timestamps (key last use, invite expiry, creation times) do not change it.
import { createHash } from 'node:crypto';
import type { LiveState } from '../model/types.js';

/** Fields that move without anyone managing anything. */
const VOLATILE_KEYS = new Set(['stats', 'source', 'createdAt', 'expiresAt', 'lastUsedAt', 'apiKeys']);

export function fingerprint(live: LiveState): string {
  // Not adminKeyOwnerId: apply may look the owner up where plan did not; it is no managed state.
  const { org, predefinedRoles } = live;
  const view = { org, predefinedRoles };
  return createHash('sha256').update(canonicalJson(view)).digest('hex');
}

/** JSON with sorted keys, maps as sorted entries, arrays sorted: order-insensitive. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (value instanceof Map) {
    return [...value.entries()]
      .map(([k, v]) => [String(k), canonical(v)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  if (value instanceof Set) return canonical([...value.values()]);
  if (Array.isArray(value)) {
    return value
      .map((v) => canonical(v))
      .map((v) => [JSON.stringify(v), v] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, v]) => v);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const field = (value as Record<string, unknown>)[key];
      if (field === undefined || VOLATILE_KEYS.has(key)) continue;
      out[key] = canonical(field);
    }
    return out;
  }
  return value;
}
