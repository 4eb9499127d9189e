// The snapshot stage: the live model kept current by the audit log (docs/snapshot.md).
export { refreshLive, DEFAULT_MAX_STATE_AGE_SECONDS, formatAge } from './refresh.js';
export type { PreReadEvents, RefreshLiveInput, RefreshLiveResult } from './refresh.js';
export { loadSnapshot, saveSnapshot, isSnapshotUrl, displayLocation, SNAPSHOT_TOKEN_ENV } from './store.js';
export type { LoadedSnapshot, LoadSnapshotOptions } from './store.js';
export { parseSnapshot, serializeSnapshot, SNAPSHOT_SCHEMA_URL } from './document.js';
export { SnapshotError } from './errors.js';
export { CACHEABLE_READS, BLIND_READS, readKey, parseReadKey } from './reads.js';
export type { BlindRead, CacheableRead, Vouching } from './reads.js';
export { invalidationsFor, ReadIndex, SNAPSHOT_ORG_EVENT_TYPES, SNAPSHOT_TENANT_EVENT_TYPES } from './invalidate.js';
export { SNAPSHOT_FORMAT_VERSION } from './types.js';
export type { CachedRead, RefreshMode, RefreshReport, SnapshotDocument } from './types.js';
export { readLiveWithSnapshot } from './use.js';
export type { SnapshotUse, SnapshotReadInput, SnapshotReadResult } from './use.js';
export { staleAfterChanges } from './applied.js';
export { ResyncBudget, resyncSlice, resyncOrder, DEFAULT_RESYNC_SHARE, ASSUMED_ROUTE_LIMIT } from './resync.js';
export type { ResyncBudgetOptions, ResyncSliceInput, ResyncSliceResult, RouteLimit } from './resync.js';
