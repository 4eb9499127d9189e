// From fresh audit events to alerts: drop orgplane's own, map the rest, build one alert each.
import type { DesiredState } from '../model/types.js';
import type { Change } from '../plan/types.js';
import { isOwnEvent } from './actor.js';
import { buildAlert, type DaemonMode } from './alerts.js';
import type { IdIndex } from './id-index.js';
import { isFollowUp, mapAuditEvent } from './map-event.js';
import type { AuditLog, DriftAlert } from './types.js';

export interface AnalyzeInput {
  events: readonly AuditLog[];
  ownActorIds: ReadonlySet<string>;
  desired: DesiredState;
  index: IdIndex;
  /** Changes of the plan computed after the events. */
  changes: readonly Change[];
  mode: DaemonMode;
}

export interface DriftAnalysis {
  /** Alerts worth raising (something to revert or report), oldest event first. */
  alerts: DriftAlert[];
  /** Alerts about unmanaged things whose prune mode is `ignore`. */
  ignored: DriftAlert[];
  /** Out-of-band changes that need nothing: live state already matches the manifests. */
  settled: DriftAlert[];
  own: number;
  irrelevant: number;
  /** People who joined through an invite the manifests declare: not drift; the plan follows them up. */
  joined: number;
}

/** Events orgplane itself caused are dropped before anything else. */
export function foreignEvents(events: readonly AuditLog[], ownActorIds: ReadonlySet<string>): AuditLog[] {
  return events.filter((e) => !isOwnEvent(e, ownActorIds));
}

export function analyzeEvents(input: AnalyzeInput): DriftAnalysis {
  const analysis: DriftAnalysis = { alerts: [], ignored: [], settled: [], own: 0, irrelevant: 0, joined: 0 };
  for (const event of input.events) {
    if (isOwnEvent(event, input.ownActorIds)) {
      analysis.own += 1;
      continue;
    }
    const mapping = mapAuditEvent(event, { index: input.index, desired: input.desired });
    if (!mapping.relevant || mapping.targets.length === 0) {
      if (isFollowUp(mapping)) analysis.joined += 1;
      else analysis.irrelevant += 1;
      continue;
    }
    const alert = buildAlert({
      event,
      mapping,
      policy: input.desired.policy,
      mode: input.mode,
      revision: input.desired.revision,
      changes: input.changes,
    });
    const bucket = alert.response === 'ignore' ? analysis.ignored : alert.response === 'none' ? analysis.settled : analysis.alerts;
    bucket.push(alert);
  }
  return analysis;
}
