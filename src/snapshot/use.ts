// `--state FILE|URL` for a command: load the snapshot, refresh it, keep it. The one call the
// plan pipeline makes at its live-read step when a state is given.
import type { AdminApi } from '../api/admin-api.js';
import type { ReadOptions, ReadScope } from '../live/types.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import type { DesiredState, LiveState } from '../model/types.js';
import type { Change } from '../plan/types.js';
import { staleAfterChanges } from './applied.js';
import { refreshLive } from './refresh.js';
import { displayLocation, isSnapshotUrl, loadSnapshot, saveSnapshot, type LoadedSnapshot } from './store.js';
import type { RefreshMode, RefreshReport, SnapshotDocument } from './types.js';

/** How a command uses a snapshot (`--state`, `--refresh`, `--max-state-age`). */
export interface SnapshotUse {
  /** A file (read, then written back) or an http(s) URL (read-only: the daemon's /snapshot). */
  location: string;
  /** Default: `audit` when a usable snapshot is found, else a full read. */
  refresh?: RefreshMode;
  /** Default 24 h (DEFAULT_MAX_STATE_AGE_SECONDS). */
  maxStateAgeSeconds?: number;
  /** A snapshot this run already holds (apply's, before its convergence check): used instead of loading. */
  current?: SnapshotDocument;
  /** Changes this run applied since `current`: the reads they touch are done again. */
  applied?: readonly Change[];
}

export interface SnapshotReadInput {
  api: AdminApi;
  desired: DesiredState;
  scope: ReadScope;
  readOptions: ReadOptions;
  adminKey?: string;
  logger?: Logger;
  now?: () => number;
}

export interface SnapshotReadResult {
  live: LiveState;
  report: RefreshReport;
  snapshot: SnapshotDocument;
}

export async function readLiveWithSnapshot(use: SnapshotUse, input: SnapshotReadInput): Promise<SnapshotReadResult> {
  const log = input.logger ?? silentLogger();
  const state: LoadedSnapshot = use.current !== undefined ? { found: true, snapshot: use.current } : await loadSnapshot(use.location);
  const applied = use.applied ?? [];
  const result = await refreshLive({
    api: input.api,
    desired: input.desired,
    scope: input.scope,
    readOptions: input.readOptions,
    state,
    ...(use.refresh !== undefined ? { refresh: use.refresh } : {}),
    ...(use.maxStateAgeSeconds !== undefined ? { maxStateAgeSeconds: use.maxStateAgeSeconds } : {}),
    ...(input.adminKey !== undefined ? { adminKey: input.adminKey } : {}),
    ...(applied.length > 0 ? { stale: (index) => staleAfterChanges(applied, index) } : {}),
    logger: log,
    ...(input.now !== undefined ? { now: input.now } : {}),
  });
  if (!isSnapshotUrl(use.location)) {
    try {
      await saveSnapshot(use.location, result.snapshot);
    } catch (error) {
      // The plan is right either way; the next run reads in full and says why.
      log.warn({ state: displayLocation(use.location), err: error }, 'snapshot not saved');
    }
  }
  log.info({ mode: result.report.mode, events: result.report.events, reread: result.report.reread, requests: result.report.requests, reason: result.report.reason }, 'live state refreshed');
  return result;
}
