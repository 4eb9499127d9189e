// Options and reports of the long-running reconciler.
import type { AdminApi } from '../api/admin-api.js';
import type { ApplyResult, SecretsSink } from '../apply/index.js';
import type { AlertSink } from '../drift/sinks.js';
import type { DaemonMode, DriftAlert } from '../drift/index.js';
import type { Logger } from '../logging/logger.js';
import type { Problem } from '../manifest/index.js';
import type { Plan } from '../plan/types.js';
import type { ManifestSource } from '../source/types.js';
import type { DaemonMetrics } from './metrics.js';
import type { SnapshotKeeper } from './snapshot-keeper.js';

export type CycleTrigger = 'startup' | 'interval' | 'resync';

export interface DaemonOptions {
  source: ManifestSource;
  api: AdminApi;
  /** Cursor, last good revision and git checkouts live here. */
  stateDir: string;
  mode: DaemonMode;
  /** Between reconcile cycles; default 5 min. */
  intervalMs: number;
  /** Between audit-log polls; default 30 s. */
  auditIntervalMs: number;
  /** A full live read at least this often even when nothing seems to change; default 1 h. */
  resyncMs: number;
  /** Spread of each wait, as a share of it (±jitter/2); default 0.1. */
  jitter?: number;
  /** How far back each audit poll re-reads, in seconds; default 300. */
  auditOverlapSeconds?: number;
  /** The live snapshot: kept current at each audit poll, used by every plan (docs/snapshot.md). Default: none (full reads). */
  snapshot?: SnapshotKeeper;
  /** Audit actor ids (admin key ids) whose changes are orgplane's own. */
  ownActorIds: ReadonlySet<string>;
  sinks: readonly AlertSink[];
  logger: Logger;
  metrics: DaemonMetrics;
  /** Where service-account keys created by apply go; default `<stateDir>/secrets`. */
  secrets?: SecretsSink;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: () => number;
  random?: () => number;
  /** Observers, for the demo and tests. */
  onCycle?: (report: CycleReport) => void;
  onAlert?: (alert: DriftAlert) => void;
  onHeal?: (report: HealReport) => void;
}

export interface CycleReport {
  trigger: CycleTrigger;
  /** `error`: the plan could not be executed at all (a dependency cycle, a change no executor handles); nothing was changed. */
  result: 'applied' | 'reported' | 'unchanged' | 'invalid' | 'failed' | 'error';
  /** Revision enforced during the cycle (the last good one when the head is invalid). */
  revision?: string;
  /** Head revision of the source, when it differs from the enforced one. */
  headRevision?: string;
  problems?: Problem[];
  plan?: Plan;
  apply?: ApplyResult;
  error?: string;
  requests: number;
}

export interface HealReport {
  alerts: DriftAlert[];
  plan: Plan;
  apply: ApplyResult;
}
