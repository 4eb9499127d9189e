// load manifests → read live → compute the plan: the sequence plan, apply, drift, the
// daemon and the GitHub checks all run. Rendering and exit codes stay with the caller.
import type { AdminApi } from '../api/admin-api.js';
import { ownAdminKeyMatcher, readLiveState, readScopeFor, type ReadProgress } from '../live/index.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { loadManifests, ManifestError, type Problem } from '../manifest/index.js';
import type { DesiredState, LiveState } from '../model/types.js';
import { readLiveWithSnapshot, type RefreshReport, type SnapshotDocument, type SnapshotUse } from '../snapshot/index.js';
import { computePlan } from './compute-plan.js';
import { PlanError, type PlanProblem } from './errors.js';
import type { Plan } from './types.js';

export interface PlanPipelineOptions {
  configDir: string;
  api: AdminApi;
  /** Default: silent. */
  logger?: Logger;
  /** Source revision (git commit) stamped on the plan; default: a content hash of the manifests. */
  revision?: string;
  onProgress?: (progress: ReadProgress) => void;
  /** Also find the user owning the admin key (apply's self-lockout guard); one more request. Default false. */
  adminKeyOwner?: boolean;
  /**
   * The admin key in use, when the caller knows it: picks the owner among several admin
   * keys by its redacted value. It stays in a matcher closure, never in a result or a log.
   */
  adminKey?: string;
  /** Clock for invite expiry and findings; default: now. */
  now?: Date;
  /** `--state`: refresh the live state from a snapshot and the audit log (docs/snapshot.md). Default: a full read, no snapshot. */
  snapshot?: SnapshotUse;
}

export interface PlanPipelineResult {
  plan: Plan;
  desired: DesiredState;
  live: LiveState;
  /** Manifest warnings (errors throw). */
  warnings: Problem[];
  /** With a snapshot: how the live state was refreshed, and the snapshot now. */
  refresh?: RefreshReport;
  snapshot?: SnapshotDocument;
}

/**
 * @throws ManifestError when the manifests do not load (before any API call);
 *   PlanError when they name something that exists nowhere; ApiError / LiveReadError from the read.
 */
export async function runPlanPipeline(options: PlanPipelineOptions): Promise<PlanPipelineResult> {
  const log = options.logger ?? silentLogger();
  const loaded = await loadManifests(options.configDir, options.revision !== undefined ? { revision: options.revision } : {});
  if (loaded.desired === undefined || loaded.errors.length > 0) throw new ManifestError(loaded.errors);
  const desired = loaded.desired;
  log.debug({ files: loaded.files.length, revision: desired.revision }, 'manifests loaded');

  const scope = options.adminKeyOwner === true ? { ...readScopeFor(desired), adminKeyOwner: true } : readScopeFor(desired);
  const started = Date.now();
  const readOptions = {
    logger: log,
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    ...(options.adminKey !== undefined ? { isOwnAdminKey: ownAdminKeyMatcher(options.adminKey) } : {}),
  };
  // The live-read step: a full read, or (--state) the snapshot refreshed from the audit log.
  const refreshed =
    options.snapshot === undefined
      ? undefined
      : await readLiveWithSnapshot(options.snapshot, {
          api: options.api,
          desired,
          scope,
          readOptions,
          ...(options.adminKey !== undefined ? { adminKey: options.adminKey } : {}),
          logger: log,
        });
  const live = refreshed?.live ?? (await readLiveState(options.api, scope, readOptions));
  log.info({ objects: live.stats.objects, requests: live.stats.requests, ms: Date.now() - started }, 'live state read');

  let plan: Plan;
  try {
    plan = computePlan(desired, live, options.now !== undefined ? { now: options.now } : {});
    if (refreshed !== undefined) plan = { ...plan, read: { ...plan.read, refresh: refreshed.report.summary } };
  } catch (error) {
    throw error instanceof PlanError ? new PlanError(error.problems.map((p) => refinePosition(p, loaded.warnings))) : error;
  }
  log.info({ revision: plan.revision, changes: plan.changes.length, summary: plan.summary }, 'plan computed');
  // The loader cannot tell a predefined role from a typo; the plan has now checked every
  // role name against the live organization, so its "unknown role" warnings are settled.
  return {
    plan,
    desired,
    live,
    warnings: loaded.warnings.filter((w) => w.code !== 'unknown-role'),
    ...(refreshed !== undefined ? { refresh: refreshed.report, snapshot: refreshed.snapshot } : {}),
  };
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
