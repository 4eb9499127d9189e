// `orgplane drift` once: the audit log since a time, mapped against the manifests and
// the live organization, as alerts (report mode: nothing is changed).
import type { AdminApi } from '../api/admin-api.js';
import type { SnapshotUse } from '../snapshot/index.js';
import type { Logger } from '../logging/logger.js';
import { loadPlanManifests, runPlanPipeline } from '../plan/index.js';
import { resolveOwnKeyId } from './actor.js';
import { analyzeEvents, type DriftAnalysis } from './analyze.js';
import { auditStreams, readAuditStream, RefusedEventTypes } from './audit-poll.js';
import { compareEvents } from './cursor.js';
import { indexLiveState } from './id-index.js';
import type { AuditLog } from './types.js';

export interface DriftReportInput {
  configDir: string;
  api: AdminApi;
  adminKey: string;
  /** Unix seconds: events at or after this time are read. */
  sinceSeconds: number;
  ownActorIds?: readonly string[];
  logger?: Logger;
  now?: Date;
  /** `--state`: the live state from the snapshot, refreshed from the audit log. */
  snapshot?: SnapshotUse;
}

export interface DriftReport extends DriftAnalysis {
  revision: string;
  events: number;
  since: string;
  ownActorIds: string[];
  /** Event types the server refused in the filter: changes they report were not looked at. */
  refusedEventTypes: string[];
  /** With --state: how the live state was refreshed. */
  refresh?: string;
}

/**
 * @throws ManifestError / PlanError (positioned) as the plan pipeline; ApiError from the reads.
 */
export async function runDriftReport(input: DriftReportInput): Promise<DriftReport> {
  const manifests = await loadPlanManifests(input.configDir);
  const { desired } = manifests;
  const own = new Set(input.ownActorIds ?? []);
  if (own.size === 0) {
    const resolved = await resolveOwnKeyId(input.api, input.adminKey);
    if (resolved.found) own.add(resolved.id);
    else input.logger?.warn({ reason: resolved.reason }, 'own admin key not identified: pass --own-actor-id');
  }
  const refused = new RefusedEventTypes();
  const cursor = { lastSeenAt: Math.floor(input.sinceSeconds), seen: [] };
  const events: AuditLog[] = [];
  for (const stream of auditStreams(desired, refused)) {
    events.push(...(await readAuditStream({ api: input.api, stream, cursor, overlapSeconds: 0, refused, ...(input.logger ? { log: input.logger } : {}) })));
  }
  events.sort(compareEvents);
  // Live state read after the events, so it is at least as new as what they report.
  const { live, plan, refresh } = await runPlanPipeline({
    manifests,
    api: input.api,
    adminKey: input.adminKey,
    ...(input.snapshot !== undefined ? { snapshot: input.snapshot } : {}),
    ...(input.logger ? { logger: input.logger } : {}),
    ...(input.now ? { now: input.now } : {}),
  });
  const analysis = analyzeEvents({
    events,
    ownActorIds: own,
    desired,
    index: indexLiveState(live),
    changes: plan.changes,
    mode: 'report',
  });
  return {
    ...analysis,
    revision: desired.revision,
    events: events.length,
    since: new Date(input.sinceSeconds * 1000).toISOString(),
    ownActorIds: [...own],
    refusedEventTypes: refused.list,
    ...(refresh !== undefined ? { refresh: refresh.summary } : {}),
  };
}
