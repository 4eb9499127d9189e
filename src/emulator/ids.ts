// ID shapes follow the reference's examples (`user-abc`, `proj_abc`, `invite-abc`…).
import { randomBytes } from 'node:crypto';

export type IdKind =
  | 'user'
  | 'project'
  | 'group'
  | 'role'
  | 'invite'
  | 'key'
  | 'audit'
  | 'cert'
  | 'service_account'
  | 'rate_limit'
  | 'role_assignment'
  | 'spend_alert'
  | 'org';

const PREFIX: Record<IdKind, string> = {
  user: 'user-',
  project: 'proj_',
  group: 'group_',
  role: 'role_',
  invite: 'invite-',
  key: 'key_',
  audit: 'audit_log-',
  cert: 'cert_',
  service_account: 'svc_acct_',
  rate_limit: 'rl-',
  role_assignment: 'ra_',
  spend_alert: 'alert_',
  org: 'org-',
};

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

export function newId(kind: IdKind): string {
  return PREFIX[kind] + randomToken(kind === 'audit' ? 16 : 24);
}

/** Admin keys look like real ones (`sk-admin-…`); project keys `sk-proj-…`, service-account keys `sk-svcacct-…`. */
export function newSecret(kind: 'admin' | 'proj' | 'svcacct'): string {
  return `sk-${kind}-${randomToken(40)}`;
}

/** The reference shows redacted values like `sk-abc...def`. */
export function redact(secret: string): string {
  return `${secret.slice(0, 8)}...${secret.slice(-4)}`;
}
