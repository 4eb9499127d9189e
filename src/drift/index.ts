// What the drift stage offers: the audit cursor, event → address mapping, alerts and sinks.
export type { ActorInfo, AuditCursor, DriftAlert, DriftResponse, DriftTarget, EventMapping } from './types.js';
export { addr, addressesOverlap, describeAddress } from './address.js';
export { describeActor, formatActor, isOwnEvent, redactedMatches, resolveOwnKeyId } from './actor.js';
export type { OwnKeyResolution } from './actor.js';
export { alertText, buildAlert, changesFor, describeChange, responseFor, webhookPayload } from './alerts.js';
export type { DaemonMode } from './alerts.js';
export { analyzeEvents, foreignEvents } from './analyze.js';
export type { AnalyzeInput, DriftAnalysis } from './analyze.js';
export { advanceCursor, cursorQuery, DEFAULT_OVERLAP_SECONDS, initialCursor, parseCursor } from './cursor.js';
export { githubIssueSink, driftIssueBody } from './github-sink.js';
export { emptyIdIndex, indexLiveState } from './id-index.js';
export type { IdIndex } from './id-index.js';
export { MANAGED_EVENT_TYPES, mapAuditEvent } from './map-event.js';
export { logSink, resolveDrift, sendAlert, sendNotice, webhookSink, WebhookError } from './sinks.js';
export type { AlertSink, Notice, WebhookSinkOptions } from './sinks.js';
export { runDriftReport } from './report.js';
export type { DriftReport, DriftReportInput } from './report.js';
export { compareEvents } from './cursor.js';
