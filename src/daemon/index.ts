// What the daemon stage offers: the reconciler, its composition, health server and state file.
export { AUDIT_FAILURES_BEFORE_BLIND, Reconciler, SOURCE_FRESH_MS, subPlan } from './reconciler.js';
export { startDaemon, stopOnSignals } from './run.js';
export type { RunDaemonOptions, RunningDaemon } from './run.js';
export { startHealthServer, parseListen } from './health-server.js';
export type { Readiness, RunningHealthServer } from './health-server.js';
export { createDaemonMetrics } from './metrics.js';
export type { DaemonMetrics } from './metrics.js';
export { loadState, saveState, STATE_FILE } from './state-file.js';
// Kept here for callers that import it from the daemon; it lives in fsutil/.
export { writeFileAtomic } from '../fsutil/atomic-write.js';
export type { DaemonState } from './state-file.js';
export { parseDuration } from './duration.js';
export { countingTransport, routeTemplate } from './counting-transport.js';
export { gateApi, ShuttingDownError } from './shutdown-gate.js';
export type { CycleReport, CycleTrigger, DaemonOptions, HealReport } from './types.js';
