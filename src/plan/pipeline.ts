// load manifests → read live → compute the plan: the one workflow plan, apply, drift, the
// daemon and the GitHub checks all run. Rendering and exit codes stay with the caller.
import type { AdminApi } from '../api/admin-api.js';
import type { AdminApiKey } from '../api/types.js';
import { ownAdminKeyMatcher, readLiveState, readScopeFor, type ReadOptions, type ReadProgress, type ReadScope } from '../live/index.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { loadManifests, ManifestError, type Problem } from '../manifest/index.js';
import type { DesiredState, LiveState } from '../model/types.js';
import { readLiveWithSnapshot, type RefreshReport, type SnapshotDocument, type SnapshotReadResult, type SnapshotUse } from '../snapshot/index.js';
import { computePlan } from './compute-plan.js';
import { PlanError, type PlanProblem } from './errors.js';
import type { Plan } from './types.js';

/** Manifests that loaded without errors. */
export interface LoadedManifests {
  desired: DesiredState;
  /** The loader's warnings; its unknown-role warnings also locate each role name's list item. */
  warnings: readonly Problem[];
}

/** Where the manifests come from: a folder to load, or manifests the caller already loaded (the daemon's source). */
export type PipelineManifests = { configDir: string; revision?: string } | { manifests: LoadedManifests };

/** What the live read needs: the API and how to find the admin key's owner. */
export interface ReadLiveOptions {
  api: AdminApi;
  /** Default: silent. */
  logger?: Logger;
  onProgress?: (progress: ReadProgress) => void;
  /** Also find the user owning the admin key (apply's self-lockout guard); one more request. Default false. */
  adminKeyOwner?: boolean;
  /**
   * The admin key in use, when the caller knows it: picks the owner among several admin
   * keys by its redacted value. It stays in a matcher closure, never in a result or a log.
   */
  adminKey?: string;
  /** The admin key's id(s), when the caller resolved them (the daemon): picks the owner by id. */
  adminKeyIds?: ReadonlySet<string>;
  /** `--state`: refresh the live state from a snapshot and the audit log (docs/snapshot.md). Default: a full read, no snapshot. */
  snapshot?: SnapshotUse;
  /** Another source of the live state for this scope (the daemon's kept snapshot); default: the API. */
  liveSource?: (request: LiveSourceRequest) => Promise<LiveState>;
}

/** What a live source is asked for: the scope the manifests need, and how to read it. */
export interface LiveSourceRequest {
  desired: DesiredState;
  scope: ReadScope;
  readOptions: ReadOptions;
}

export type PlanPipelineOptions = PipelineManifests &
  ReadLiveOptions & {
    /** Clock for invite expiry and findings; default: now. */
    now?: Date;
  };

export interface PlanPipelineResult {
  plan: Plan;
  desired: DesiredState;
  live: LiveState;
  /** Manifest warnings (errors throw), without the unknown-role ones the plan has settled. */
  warnings: Problem[];
  /** With a snapshot: how the live state was refreshed, and the snapshot now. */
  refresh?: RefreshReport;
  snapshot?: SnapshotDocument;
}

/**
 * Loads the manifests of a folder; `revision` (a git commit) is stamped on the desired state,
 * default: a content hash of the manifests.
 * @throws ManifestError when they do not load.
 */
export async function loadPlanManifests(configDir: string, revision?: string): Promise<LoadedManifests & { files: string[] }> {
  const loaded = await loadManifests(configDir, revision !== undefined ? { revision } : {});
  if (loaded.desired === undefined || loaded.errors.length > 0) throw new ManifestError(loaded.errors);
  return { desired: loaded.desired, warnings: loaded.warnings, files: loaded.files };
}

/**
 * @throws ManifestError when the manifests do not load (before any API call);
 *   PlanError when they name something that exists nowhere (positioned at the list item);
 *   ApiError / LiveReadError from the read.
 */
export async function runPlanPipeline(options: PlanPipelineOptions): Promise<PlanPipelineResult> {
  const log = options.logger ?? silentLogger();
  let manifests: LoadedManifests;
  if ('manifests' in options) {
    manifests = options.manifests;
  } else {
    const loaded = await loadPlanManifests(options.configDir, options.revision);
    log.debug({ files: loaded.files.length, revision: loaded.desired.revision }, 'manifests loaded');
    manifests = loaded;
  }
  const { desired } = manifests;

  const { live, refreshed } = await readLive(desired, options);

  let plan: Plan;
  try {
    plan = computePlan(desired, live, options.now !== undefined ? { now: options.now } : {});
    if (refreshed !== undefined) plan = { ...plan, read: { ...plan.read, refresh: refreshed.report.summary } };
  } catch (error) {
    throw error instanceof PlanError ? new PlanError(error.problems.map((p) => refinePosition(p, manifests.warnings))) : error;
  }
  log.info({ revision: plan.revision, changes: plan.changes.length, summary: plan.summary, unmanaged: plan.unmanaged.length }, 'plan computed');
  // The loader cannot tell a predefined role from a typo; the plan has now checked every
  // role name against the live organization, so its "unknown role" warnings are settled.
  return {
    plan,
    desired,
    live,
    warnings: manifests.warnings.filter((w) => w.code !== 'unknown-role'),
    ...(refreshed !== undefined ? { refresh: refreshed.report, snapshot: refreshed.snapshot } : {}),
  };
}

/**
 * The pipeline's one live read: everything the manifests manage, read fresh from the API,
 * or (`--state`) the snapshot refreshed from the audit log (src/snapshot). Every command and
 * the daemon read through here alike.
 */
export async function readLive(
  desired: DesiredState,
  options: ReadLiveOptions,
): Promise<{ live: LiveState; refreshed?: SnapshotReadResult }> {
  const log = options.logger ?? silentLogger();
  const scope = options.adminKeyOwner === true ? { ...readScopeFor(desired), adminKeyOwner: true } : readScopeFor(desired);
  const isOwnAdminKey = ownKeyMatcher(options);
  const started = Date.now();
  const readOptions = {
    logger: log,
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    ...(isOwnAdminKey !== undefined ? { isOwnAdminKey } : {}),
  };
  if (options.liveSource !== undefined) {
    const live = await options.liveSource({ desired, scope, readOptions });
    log.info({ objects: live.stats.objects, requests: live.stats.requests, ms: Date.now() - started }, 'live state read');
    return { live };
  }
  if (options.snapshot !== undefined) {
    const refreshed = await readLiveWithSnapshot(options.snapshot, {
      api: options.api,
      desired,
      scope,
      readOptions,
      ...(options.adminKey !== undefined ? { adminKey: options.adminKey } : {}),
      logger: log,
    });
    return { live: refreshed.live, refreshed };
  }
  const live = await readLiveState(options.api, scope, readOptions);
  log.info({ objects: live.stats.objects, requests: live.stats.requests, ms: Date.now() - started }, 'live state read');
  return { live };
}

function ownKeyMatcher(options: ReadLiveOptions): ((key: AdminApiKey) => boolean) | undefined {
  const { adminKey, adminKeyIds } = options;
  if (adminKey !== undefined) return ownAdminKeyMatcher(adminKey);
  if (adminKeyIds !== undefined) return (key) => adminKeyIds.has(key.id);
  return undefined;
}

/**
 * The model keeps one position per member or group; the loader knows the exact list
 * item of each role name. Point an unknown-role error at that item when it can be found.
 */
function refinePosition(problem: PlanProblem, warnings: readonly Problem[]): PlanProblem {
  if (problem.code !== 'unknown-role' || problem.subject === undefined) return problem;
  const quoted = `"${problem.subject}"`;
  const match = warnings
    .filter((w) => w.code === 'unknown-role' && w.file === problem.file && w.line >= problem.line && w.message.includes(quoted))
    .sort((a, b) => a.line - b.line || a.column - b.column)[0];
  return match === undefined ? problem : { ...problem, line: match.line, column: match.column };
}
