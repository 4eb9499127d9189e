// Prometheus metrics of the daemon, on a registry of its own (no global state, so tests
// and several daemons in one process do not collide).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type CycleResult = 'applied' | 'reported' | 'unchanged' | 'invalid' | 'failed' | 'error';

export interface DaemonMetrics {
  registry: Registry;
  cycles: Counter<'result'>;
  cycleDuration: Histogram;
  changesApplied: Counter<'action'>;
  driftEvents: Counter<'type'>;
  apiRequests: Counter<'route' | 'status'>;
  apiRetries: Counter;
  auditPolls: Counter<'result'>;
  auditFailedPollsInARow: Gauge;
  lastReconcile: Gauge;
  lastAuditPoll: Gauge;
  revisionValid: Gauge;
}

export function createDaemonMetrics(options: { defaultMetrics?: boolean } = {}): DaemonMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'orgplane_' });
  const registers = [registry];
  return {
    registry,
    cycles: new Counter({ name: 'orgplane_reconcile_cycles_total', help: 'Reconcile cycles by result', labelNames: ['result'], registers }),
    cycleDuration: new Histogram({
      name: 'orgplane_reconcile_cycle_duration_seconds',
      help: 'Duration of reconcile cycles that read live state',
      // From an idle check (ms) to a large org's full read under a tight rate limit (minutes).
      buckets: [0.05, 0.25, 1, 5, 15, 60, 180, 600],
      registers,
    }),
    changesApplied: new Counter({ name: 'orgplane_changes_applied_total', help: 'Changes applied by action', labelNames: ['action'], registers }),
    driftEvents: new Counter({ name: 'orgplane_drift_events_total', help: 'Out-of-band changes alerted, by audit event type', labelNames: ['type'], registers }),
    apiRequests: new Counter({ name: 'orgplane_api_requests_total', help: 'Admin API HTTP requests by route and status', labelNames: ['route', 'status'], registers }),
    apiRetries: new Counter({ name: 'orgplane_api_retries_total', help: 'Admin API requests retried', registers }),
    auditPolls: new Counter({ name: 'orgplane_audit_polls_total', help: 'Audit-log polls by result', labelNames: ['result'], registers }),
    auditFailedPollsInARow: new Gauge({
      name: 'orgplane_audit_failed_polls_in_a_row',
      help: 'Consecutive failed audit-log polls (drift watching counts as stopped from 3)',
      registers,
    }),
    lastReconcile: new Gauge({ name: 'orgplane_last_successful_reconcile_timestamp_seconds', help: 'Unix time of the last successful reconcile cycle', registers }),
    lastAuditPoll: new Gauge({ name: 'orgplane_last_audit_poll_timestamp_seconds', help: 'Unix time of the last successful audit-log poll', registers }),
    revisionValid: new Gauge({ name: 'orgplane_source_revision_valid', help: '1 when the head revision of the source validates, 0 when it does not', registers }),
  };
}
