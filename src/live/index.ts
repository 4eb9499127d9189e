// The live stage: read the live organization into the normalized model, as cheaply as
// the manifests and policy allow.
export { readLiveState } from './read.js';
export { readScopeFor, fullReadScope, projectScopeFor, selects, NO_PROJECT_CHILDREN } from './scope.js';
export { fingerprint, canonicalJson } from './fingerprint.js';
export { minimumRequests } from './minimum-requests.js';
export { terminalProgress, describeProgress, formatEta } from './progress.js';
export type { ProgressSources, ProgressStream, TerminalProgress } from './progress.js';
export { LiveReadError } from './errors.js';
export { ownAdminKeyMatcher } from './admin-key.js';
export { RATE_LIMIT_WIRE_FIELDS, rateLimitFromWire, rateLimitToWire } from './rate-limits.js';
export { baseRoleOf, PROJECT_BASE_ROLE_IDS, unscopedRoleId, splitProjectGroupRoles } from './roles.js';
export type {
  ProjectCounts,
  ProjectReadScope,
  ReadCounts,
  ReadOptions,
  ReadPhase,
  ReadProgress,
  ReadScope,
  Selection,
} from './types.js';
