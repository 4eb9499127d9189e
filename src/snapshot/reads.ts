// Which Admin API reads a snapshot keeps, and how far the audit log vouches for each.
// A read's key is its method and arguments: `listProjectUsers proj_1`,
// `listProjects {"includeArchived":true}`. Stages never build keys by hand: readKey does.

/**
 * - `audit`: every change to the answer is told by an audit event (invalidate.ts maps them).
 * - `blind`: the audit log cannot vouch for it (the spec lists no organization-scoped event
 *   for it, e.g. the governance settings): kept, its age shown, re-read when the manifests
 *   change what it holds (see BlindRead).
 * - `volatile`: changes without any event (an API key's last use): never kept across runs.
 */
export type Vouching = 'audit' | 'blind' | 'volatile';

export interface CacheableRead {
  vouching: Vouching;
  /** A list (async iterable of items) or a single object (promise). */
  shape: 'list' | 'object';
}

/**
 * The reads src/live/read.ts makes. A new kind adds its read here: `audit` with its events
 * in invalidate.ts, or `blind` with a BlindRead entry naming the plan kinds it feeds.
 */
export const CACHEABLE_READS: Record<string, CacheableRead> = {
  listUsers: { vouching: 'audit', shape: 'list' },
  listInvites: { vouching: 'audit', shape: 'list' },
  listProjects: { vouching: 'audit', shape: 'list' },
  listRoles: { vouching: 'audit', shape: 'list' },
  listGroups: { vouching: 'audit', shape: 'list' },
  listCertificates: { vouching: 'audit', shape: 'list' },
  getCertificate: { vouching: 'audit', shape: 'object' },
  listUserRoles: { vouching: 'audit', shape: 'list' },
  listGroupUsers: { vouching: 'audit', shape: 'list' },
  listGroupRoles: { vouching: 'audit', shape: 'list' },
  listProjectUsers: { vouching: 'audit', shape: 'list' },
  listProjectUserRoles: { vouching: 'audit', shape: 'list' },
  listProjectGroups: { vouching: 'audit', shape: 'list' },
  listProjectGroupRoles: { vouching: 'audit', shape: 'list' },
  listProjectRoles: { vouching: 'audit', shape: 'list' },
  listProjectServiceAccounts: { vouching: 'audit', shape: 'list' },
  listProjectRateLimits: { vouching: 'audit', shape: 'list' },
  listProjectCertificates: { vouching: 'audit', shape: 'list' },
  // `last_used_at` moves with every use of a key, and no event says so.
  listProjectApiKeys: { vouching: 'volatile', shape: 'list' },
  // Read fresh by every refresh anyway (the identity check); never trusted from a file.
  listAdminApiKeys: { vouching: 'volatile', shape: 'list' },
};

/**
 * A read the audit log cannot vouch for, and the plan kinds whose changes it feeds: when the
 * plan computed from the snapshot changes one of them, the read is done again before the
 * plan is final ("re-read where the pull request changes them").
 */
export interface BlindRead {
  method: string;
  shape: CacheableRead['shape'];
  planKinds: readonly string[];
}

/**
 * The governance settings: the spec lists no organization-scoped audit event for any of
 * them (only tenant-scoped billing events without a payload), so the log cannot vouch for
 * them. Each is kept with its age and re-read where the plan changes its kind.
 */
export const BLIND_READS: readonly BlindRead[] = [
  { method: 'getOrgSpendLimit', shape: 'object', planKinds: ['org.spend_limit'] },
  { method: 'listOrgSpendAlerts', shape: 'list', planKinds: ['org.spend_alert'] },
  { method: 'getOrgDataRetention', shape: 'object', planKinds: ['org.data_retention'] },
  { method: 'getProjectSpendLimit', shape: 'object', planKinds: ['project.spend_limit'] },
  { method: 'listProjectSpendAlerts', shape: 'list', planKinds: ['project.spend_alert'] },
  { method: 'getProjectModelPermissions', shape: 'object', planKinds: ['project.model_permissions'] },
  { method: 'getProjectHostedToolPermissions', shape: 'object', planKinds: ['project.hosted_tool_permissions'] },
  { method: 'getProjectDataRetention', shape: 'object', planKinds: ['project.data_retention'] },
];

for (const read of BLIND_READS) CACHEABLE_READS[read.method] = { vouching: 'blind', shape: read.shape };

export function readKey(method: string, args: readonly unknown[]): string {
  const parts = args.filter((a) => a !== undefined).map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
  return [method, ...parts].join(' ');
}

/** The method and string arguments of a key (JSON arguments stay as text). */
export function parseReadKey(key: string): { method: string; args: string[] } {
  const [method = '', ...args] = key.split(' ');
  return { method, args };
}

export function vouchingOf(key: string, reads: Readonly<Record<string, CacheableRead>> = CACHEABLE_READS): Vouching | undefined {
  return reads[parseReadKey(key).method]?.vouching;
}
