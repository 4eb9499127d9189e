// Who made a change, and whether it was orgplane itself.
//
// Own-key detection: the audit log names a key actor by `actor.api_key.id`. orgplane learns
// the id of the admin key it uses from GET /organization/admin_api_keys, matching each key's
// `redacted_value` ("sk-admin...def": a visible prefix and suffix) against the key it holds;
// exactly one match wins. When none or several match (or the key may not list admin keys),
// `--own-actor-id` names it explicitly; failing both, the daemon warns that its own changes
// will raise alerts.
import type { AdminApi } from '../api/admin-api.js';
import type { AdminApiKey } from '../api/types.js';
import type { ActorInfo, AuditLog } from './types.js';

/**
 * Reads the spec's AuditLogActor: `type` is `session` or `api_key`; a session has `user`
 * {id, email} and `ip_address`; a key has `id`, `type` (`user` | `service_account`), `user`
 * {id, email} and `service_account` {id}. A key actor carries no IP address in the spec.
 */
export function describeActor(event: AuditLog): ActorInfo {
  const actor = event.actor;
  if (actor?.type === 'session' || (actor?.type === undefined && actor?.session && !actor.api_key)) {
    const user = actor.session?.user;
    return {
      kind: 'user',
      ...(user?.email ? { email: user.email } : {}),
      ...(user?.id ? { userId: user.id } : {}),
      ...(actor.session?.ip_address ? { ipAddress: actor.session.ip_address } : {}),
    };
  }
  if (actor?.type === 'api_key' || (actor?.type === undefined && actor?.api_key)) {
    const key = actor.api_key;
    const byServiceAccount = key?.type === 'service_account' || (key?.type === undefined && key?.service_account !== undefined && key.user === undefined);
    const owner = byServiceAccount ? key?.service_account?.id : (key?.user?.email ?? key?.user?.id);
    return {
      kind: 'api_key',
      ...(key?.id ? { apiKeyId: key.id } : {}),
      ...(key?.type ? { keyType: key.type } : {}),
      ...(owner ? { keyOwner: owner } : {}),
      ...(!byServiceAccount && key?.user?.email ? { email: key.user.email } : {}),
    };
  }
  return { kind: 'unknown' };
}

/** "ada@example.com (203.0.113.9)", "key key_abc (owner ada@example.com)". */
export function formatActor(actor: ActorInfo): string {
  const ip = actor.ipAddress ? ` from ${actor.ipAddress}` : '';
  if (actor.kind === 'user') return `${actor.email ?? actor.userId ?? 'a dashboard user'}${ip}`;
  if (actor.kind === 'api_key') {
    const whose = actor.keyType === 'service_account' ? 'service account' : 'owner';
    const owner = actor.keyOwner ? ` (${whose} ${actor.keyOwner})` : '';
    return `API key ${actor.apiKeyId ?? '(unknown id)'}${owner}${ip}`;
  }
  return 'an unknown actor';
}

export function isOwnEvent(event: AuditLog, ownActorIds: ReadonlySet<string>): boolean {
  const id = event.actor?.api_key?.id;
  return id !== undefined && ownActorIds.has(id);
}

/** Does a redacted value like "sk-admin...def" (or with "…" / "*") describe this key? */
export function redactedMatches(redacted: string, key: string): boolean {
  const parts = redacted.split(/\.{3}|…|\*+/).filter((p) => p !== '');
  if (parts.length !== 2 && parts.length !== 1) return false;
  const [prefix = '', suffix = ''] = parts.length === 2 ? parts : [parts[0] ?? '', ''];
  if (redacted === key) return true;
  return key.startsWith(prefix) && key.endsWith(suffix) && key.length >= prefix.length + suffix.length;
}

export type OwnKeyResolution =
  | { found: true; id: string; how: 'redacted-value' }
  | { found: false; reason: 'no-match' | 'ambiguous' | 'list-failed'; candidates: number };

export async function resolveOwnKeyId(api: AdminApi, adminKey: string): Promise<OwnKeyResolution> {
  const keys: AdminApiKey[] = [];
  try {
    for await (const key of api.listAdminApiKeys()) keys.push(key);
  } catch {
    return { found: false, reason: 'list-failed', candidates: 0 };
  }
  const matches = keys.filter((k) => redactedMatches(k.redacted_value, adminKey));
  if (matches.length === 1 && matches[0]) return { found: true, id: matches[0].id, how: 'redacted-value' };
  return { found: false, reason: matches.length === 0 ? 'no-match' : 'ambiguous', candidates: matches.length };
}
