// The long-running loop. Two kinds of work share one serial queue (never two at a time):
//  - a reconcile cycle every interval: sync the source, load, and only when the revision
//    changed, a drift is pending, the last apply failed or a resync is due: read live
//    state, plan, apply or report. An idle cycle costs no API request.
//  - an audit poll every audit interval: one list request; foreign events are mapped,
//    alerted once, re-planned, and reverted under drift.selfHeal in apply mode.
import path from 'node:path';
import type { ApplyResult } from '../apply/index.js';
import { applyPlan, FileSecretsSink, PlanExecutionError } from '../apply/index.js';
import {
  addressesOverlap,
  advanceCursor,
  analyzeEvents,
  auditStreams,
  compareEvents,
  DEFAULT_OVERLAP_SECONDS,
  emptyIdIndex,
  foreignEvents,
  indexLiveState,
  initialCursor,
  isFollowUp,
  mapAuditEvent,
  readAuditStream,
  RefusedEventTypes,
  resolveDrift,
  sendAlert,
  sendNotice,
  type AuditCursor,
  type AuditLog,
  type AuditStreamName,
  type DriftAlert,
  type IdIndex,
} from '../drift/index.js';
import { formatProblem, loadManifests } from '../manifest/index.js';
import type { DesiredState, LiveState } from '../model/types.js';
import { formatPlanProblem, PlanError, runPlanPipeline, type LiveSourceRequest, type LoadedManifests } from '../plan/index.js';
import { readScopeFor } from '../live/index.js';
import type { Change, ChangeAction, Plan } from '../plan/types.js';
import type { Logger } from '../logging/logger.js';
import type { SourceSnapshot, SyncOptions } from '../source/types.js';
import type { PreReadEvents } from '../snapshot/index.js';
import type { Readiness } from './health-server.js';
import { gateApi, type ApiGate } from './shutdown-gate.js';
import { loadState, saveState, type DaemonState } from './state-file.js';
import type { CycleReport, CycleTrigger, DaemonOptions } from './types.js';

/** Where each problem of a plan error is (file:line:col), for its log line. */
const planProblems = (error: unknown): { problems?: string[] } => (error instanceof PlanError ? { problems: error.problems.map(formatPlanProblem) } : {});

/** An error in one line; a plan error names each problem's file:line:col. */
const errorText = (error: unknown): string =>
  error instanceof PlanError ? error.problems.map(formatPlanProblem).join('; ') : error instanceof Error ? error.message : String(error);

/**
 * Consecutive failed audit polls before drift watching counts as stopped: /readyz turns
 * not ready and one notice goes out. Three: at the default 30 s audit interval a blip (one
 * poll whose retries ran out) does not page anyone, a real outage does within ~90 s.
 */
export const AUDIT_FAILURES_BEFORE_BLIND = 3;

/**
 * How long a git fetch counts as current when an audit poll brings the source up to date
 * before judging an event: at most one fetch per poll, none when a cycle just fetched.
 */
export const SOURCE_FRESH_MS = 10_000;

export class Reconciler {
  private readonly log;
  private readonly gate: ApiGate;
  private readonly now: () => number;
  private state!: DaemonState;
  /** The manifests enforced: the head when it validates, else the last good revision. */
  private manifests: LoadedManifests | undefined;
  private index: IdIndex = emptyIdIndex();
  /** Revision of the last plan computed; a cycle on the same revision skips the read. */
  private plannedRevision: string | undefined;
  private lastReadAt = 0;
  /** Re-plan on the next cycle: a drift was seen, or an apply did not converge. */
  private dirty = true;
  private headValid = true;
  private headProblem: string | undefined;
  private noticedRevision: string | undefined;
  /** Revision and message of the last unexecutable plan noticed: sent once, not per cycle. */
  private noticedExecutionError: string | undefined;
  private lastCycleOkAt = 0;
  private lastAuditOkAt = 0;
  /** Consecutive failed audit polls, and the last failure's reason. */
  private auditFailures = 0;
  private auditProblem: string | undefined;
  /** Drift watching was reported as stopped (sent once, until it recovers). */
  private blind = false;
  private readonly refusedTypes = new RefusedEventTypes();
  private lastRetries = 0;
  private queue: Promise<void> = Promise.resolve();
  private pending = new Set<'cycle' | 'audit'>();
  private timers = new Set<NodeJS.Timeout>();
  private stopping = false;
  private started = false;

  constructor(private readonly options: DaemonOptions) {
    this.log = options.logger.child({ component: 'daemon' });
    this.gate = gateApi(options.api);
    this.now = options.clock ?? Date.now;
  }

  /** Settles when the startup cycle has run. */
  firstCycle: Promise<void> = Promise.resolve();

  /** Loads persisted state; the first cycle starts at once, then both loops are scheduled. */
  async start(): Promise<void> {
    this.state = await loadState(this.options.stateDir, Math.floor(this.now() / 1000));
    this.started = true;
    this.log.info(
      { source: this.options.source.label, mode: this.options.mode, lastGoodRevision: this.state.lastGoodRevision },
      'daemon started',
    );
    // Not awaited: the caller installs its signal handlers while the first cycle runs.
    this.firstCycle = this.enqueue('cycle', () => this.cycle('startup'));
    this.schedule('cycle', this.options.intervalMs);
    this.schedule('audit', this.options.auditIntervalMs);
  }

  /** Stop starting work, let the change in flight finish, persist state. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.gate.close();
    await this.queue;
    if (this.started) await this.persist();
    this.log.info({}, 'daemon stopped');
  }

  readiness(): Readiness {
    const now = this.now();
    // Ready while the last good cycle is no older than three intervals (one may be slow).
    const fresh = this.lastCycleOkAt > 0 && now - this.lastCycleOkAt <= 3 * this.options.intervalMs + 60_000;
    const checks: Readiness['checks'] = {
      reconcile: {
        ok: fresh,
        detail: this.lastCycleOkAt === 0 ? 'no successful cycle yet' : `last success ${Math.round((now - this.lastCycleOkAt) / 1000)}s ago`,
      },
      audit: {
        ok: this.auditFailures < AUDIT_FAILURES_BEFORE_BLIND,
        detail:
          this.auditFailures >= AUDIT_FAILURES_BEFORE_BLIND
            ? `drift watching stopped: ${this.auditFailures} audit-log polls failed in a row; last: ${this.auditProblem ?? 'see logs'}`
            : this.lastAuditOkAt === 0
              ? 'no audit poll yet'
              : `last audit poll ${Math.round((now - this.lastAuditOkAt) / 1000)}s ago${this.auditFailures > 0 ? `, ${this.auditFailures} failed since` : ''}`,
      },
      revision: {
        ok: this.headValid && this.manifests !== undefined,
        detail: this.headValid
          ? (this.manifests?.desired.revision ?? 'no valid revision loaded')
          : `head revision invalid: ${this.headProblem ?? 'see logs'}; enforcing ${this.manifests?.desired.revision ?? 'nothing'}`,
      },
    };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }

  /** Runs one reconcile cycle now (queued behind any work in progress). */
  runCycle(trigger: CycleTrigger = 'interval'): Promise<void> {
    return this.enqueue('cycle', () => this.cycle(trigger));
  }

  /** Runs one audit poll now (queued behind any work in progress). */
  pollAudit(): Promise<void> {
    return this.enqueue('audit', () => this.audit());
  }

  // --- scheduling -------------------------------------------------------------

  private schedule(kind: 'cycle' | 'audit', everyMs: number): void {
    if (this.stopping) return;
    const jitter = this.options.jitter ?? 0.1;
    const delay = Math.max(1, Math.round(everyMs * (1 - jitter / 2 + (this.options.random ?? Math.random)() * jitter)));
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const work = kind === 'cycle' ? () => this.cycle(this.resyncDue() ? 'resync' : 'interval') : () => this.audit();
      void this.enqueue(kind, work).finally(() => this.schedule(kind, everyMs));
    }, delay);
    this.timers.add(timer);
  }

  /** One piece of work at a time; a kind already waiting is not queued twice. */
  private enqueue(kind: 'cycle' | 'audit', work: () => Promise<void>): Promise<void> {
    if (this.stopping || this.pending.has(kind)) return this.queue;
    this.pending.add(kind);
    this.queue = this.queue.then(async () => {
      this.pending.delete(kind);
      if (this.stopping) return;
      try {
        await work();
      } catch (error) {
        this.log.error({ kind, err: error }, 'daemon work failed');
      }
    });
    return this.queue;
  }

  private resyncDue(): boolean {
    return this.now() - this.lastReadAt >= this.options.resyncMs;
  }

  // --- reconcile ----------------------------------------------------------------

  private async cycle(trigger: CycleTrigger): Promise<void> {
    const { metrics } = this.options;
    const requestsBefore = this.options.api.requestStats().total;
    const report = (r: Omit<CycleReport, 'trigger' | 'requests'>): void => {
      const full: CycleReport = { trigger, requests: this.options.api.requestStats().total - requestsBefore, ...r };
      metrics.cycles.inc({ result: full.result });
      const fields = { trigger, result: full.result, revision: full.revision, requests: full.requests, readRequests: full.plan?.read.requests, changes: full.plan?.changes.length };
      if (full.result === 'unchanged' && trigger === 'interval') this.log.debug(fields, 'cycle finished');
      else this.log.info(fields, 'cycle finished');
      this.countRetries();
      this.options.onCycle?.(full);
    };
    let manifests: LoadedManifests | undefined;
    let head: string | undefined;
    try {
      const loaded = await this.loadDesired();
      manifests = loaded.manifests;
      head = loaded.head;
    } catch (error) {
      this.log.error({ err: error, source: this.options.source.label }, 'source sync or manifest load failed');
      report({ result: 'failed', error: errorText(error) });
      return;
    }
    if (manifests === undefined) {
      report({ result: 'invalid', ...(head ? { headRevision: head } : {}) });
      return;
    }
    const { desired } = manifests;
    const stale = desired.revision !== this.plannedRevision;
    if (!stale && !this.dirty && trigger === 'interval') {
      this.lastCycleOkAt = this.now();
      metrics.lastReconcile.set(this.lastCycleOkAt / 1000);
      report({ result: 'unchanged', revision: desired.revision });
      return;
    }
    const log = this.log.child({ revision: desired.revision, trigger });
    const timer = metrics.cycleDuration.startTimer();
    try {
      const { live, plan } = await this.readAndPlan(manifests, log);
      let apply: ApplyResult | undefined;
      if (this.options.mode === 'apply' && plan.changes.length > 0 && !this.stopping) {
        try {
          apply = await this.apply(plan, live, desired);
        } catch (error) {
          if (!(error instanceof PlanExecutionError)) throw error;
          // Like a refusal, it repeats until the manifests or the organization change:
          // reported once, no re-read every interval; the loop goes on.
          await this.planNotExecutable(plan, error);
          this.dirty = false;
          this.plannedRevision = desired.revision;
          await this.persist();
          report({ result: 'error', revision: desired.revision, plan, error: errorText(error) });
          return;
        }
        // A refusal repeats until the manifests or the organization change: no re-read for it.
        this.dirty = apply.failed.length > 0 || apply.skipped.length > 0;
        if (!this.dirty) this.state.lastAppliedRevision = desired.revision;
      } else {
        this.dirty = false;
      }
      this.plannedRevision = desired.revision;
      await this.resolveSettled(plan, apply, desired.revision);
      await this.persist();
      this.lastCycleOkAt = this.now();
      metrics.lastReconcile.set(this.lastCycleOkAt / 1000);
      const result = apply ? 'applied' : plan.changes.length > 0 ? 'reported' : 'unchanged';
      report({ result, revision: desired.revision, plan, ...(apply ? { apply } : {}), ...(head && head !== desired.revision ? { headRevision: head } : {}) });
    } catch (error) {
      this.dirty = true;
      log.error({ err: error, ...planProblems(error) }, 'reconcile cycle failed');
      report({ result: 'failed', revision: desired.revision, error: errorText(error) });
    } finally {
      timer();
    }
  }

  /** The desired state to enforce: the head when it validates, else the last good one. */
  private async loadDesired(sync: SyncOptions = {}): Promise<{ manifests: LoadedManifests | undefined; head: string | undefined }> {
    const { source, metrics } = this.options;
    const snapshot = await source.sync(sync);
    const result = await loadManifests(snapshot.configDir, snapshot.revision === undefined ? {} : { revision: snapshot.revision });
    const head = snapshot.revision ?? result.desired?.revision;
    if (result.desired && result.errors.length === 0) {
      this.headValid = true;
      this.headProblem = undefined;
      metrics.revisionValid.set(1);
      if (this.manifests?.desired.revision !== result.desired.revision) {
        this.log.info({ revision: result.desired.revision, files: result.files.length }, 'revision loaded');
      }
      this.manifests = { desired: result.desired, warnings: result.warnings };
      if (this.state.lastGoodRevision !== result.desired.revision) {
        this.state.lastGoodRevision = result.desired.revision;
        await source.markGood(result.desired.revision);
        await this.persist();
      }
      return { manifests: this.manifests, head };
    }
    // Never "delete everything": an invalid revision is reported and the last good one stays.
    this.headValid = false;
    metrics.revisionValid.set(0);
    const details = result.errors.slice(0, 20).map(formatProblem);
    this.headProblem = details[0] ?? 'no manifests found';
    // Once per revision (a folder has none: once per distinct set of problems).
    const noticeKey = head ?? details.join('\n');
    if (noticeKey !== this.noticedRevision) {
      this.noticedRevision = noticeKey;
      this.log.error({ revision: head, errors: details, enforcing: this.manifests?.desired.revision ?? this.state.lastGoodRevision }, 'revision invalid: not applied');
      await sendNotice(
        this.options.sinks,
        {
          kind: 'invalid-revision',
          text: `revision ${head ?? '(working tree)'} does not validate; still enforcing ${this.manifests?.desired.revision ?? this.state.lastGoodRevision ?? 'nothing'}`,
          ...(head ? { revision: head } : {}),
          details,
        },
        this.log,
      );
    }
    if (this.manifests === undefined && this.state.lastGoodRevision !== undefined) {
      this.manifests = await this.loadRevision(this.state.lastGoodRevision);
    }
    return { manifests: this.manifests, head };
  }

  /**
   * Before an event is judged: the source re-read (a folder) or fetched at most once per
   * SOURCE_FRESH_MS (git), so a merge CI has just applied is the state compared with.
   * `fresh` is false when the source could not be read: the last loaded revision is used.
   */
  private async refreshDesired(): Promise<{ manifests: LoadedManifests | undefined; fresh: boolean }> {
    try {
      const { manifests } = await this.loadDesired({ maxAgeMs: SOURCE_FRESH_MS });
      return { manifests, fresh: true };
    } catch (error) {
      this.log.warn({ err: error, source: this.options.source.label }, 'source not refreshed before judging audit events: reporting only');
      return { manifests: this.manifests, fresh: false };
    }
  }

  /** After a restart: the last good revision's kept checkout. */
  private async loadRevision(revision: string): Promise<LoadedManifests | undefined> {
    let snapshot: SourceSnapshot | undefined;
    try {
      snapshot = await this.options.source.checkout(revision);
    } catch (error) {
      this.log.error({ revision, err: error }, 'last good revision unavailable');
      return undefined;
    }
    if (!snapshot) return undefined;
    const result = await loadManifests(snapshot.configDir, { revision });
    if (!result.desired || result.errors.length > 0) return undefined;
    this.log.info({ revision }, 'enforcing last good revision');
    return { desired: result.desired, warnings: result.warnings };
  }

  private async readAndPlan(manifests: LoadedManifests, log: Logger = this.log, followed = false): Promise<{ live: LiveState; plan: Plan }> {
    const own = this.options.ownActorIds;
    const snapshot = this.options.snapshot;
    const { live, plan } = await runPlanPipeline({
      manifests,
      api: this.gate.api,
      logger: log,
      // With the key's id known, the reader finds its owner for apply's self-lockout guard.
      adminKeyOwner: own.size > 0,
      adminKeyIds: own,
      now: new Date(this.now()),
      // The daemon's snapshot, kept current by its audit polls, when it keeps one.
      ...(snapshot !== undefined
        ? { liveSource: (read: LiveSourceRequest) => snapshot.live({ ...read, resyncMs: this.options.resyncMs, followed }) }
        : {}),
    });
    this.lastReadAt = this.now();
    this.index = indexLiveState(live, this.index);
    return { live, plan };
  }

  private async apply(plan: Plan, live: LiveState, desired: DesiredState): Promise<ApplyResult> {
    const result = await applyPlan(plan, this.gate.api, {
      live,
      policy: desired.policy,
      // Every line the executor logs carries the revision it enforces.
      logger: this.log.child({ revision: plan.revision }),
      secrets: this.options.secrets ?? new FileSecretsSink(path.join(this.options.stateDir, 'secrets')),
    });
    for (const change of result.applied) this.options.metrics.changesApplied.inc({ action: change.action });
    if (result.refusals.length > 0) {
      await sendNotice(
        this.options.sinks,
        {
          kind: 'apply-refused',
          text: `apply of revision ${plan.revision} refused by a safety guard; nothing was changed`,
          revision: plan.revision,
          details: result.refusals.map((r) => `${r.rule}: ${r.message}`),
        },
        this.log,
      );
    }
    this.log.info(
      { revision: plan.revision, applied: result.applied.length, failed: result.failed.length, skipped: result.skipped.length, refused: result.refusals.length },
      'apply finished',
    );
    return result;
  }

  /**
   * applyPlan refused the plan as a whole before any change (PlanExecutionError: a
   * dependency cycle, a change no executor handles): logged every time, sent as a
   * notice once per revision and reason.
   */
  private async planNotExecutable(plan: Plan, error: PlanExecutionError): Promise<void> {
    this.log.error({ revision: plan.revision, changes: plan.changes.length, err: error }, 'plan not executable: nothing applied');
    const key = `${plan.revision}\n${error.message}`;
    if (key === this.noticedExecutionError) return;
    this.noticedExecutionError = key;
    await sendNotice(
      this.options.sinks,
      {
        kind: 'apply-refused',
        text: `apply of revision ${plan.revision} not started: the plan cannot be executed; nothing was changed`,
        revision: plan.revision,
        details: [error.message],
      },
      this.log,
    );
  }

  /** Open drifts whose addresses no longer need a change are resolved (issues closed). */
  private async resolveSettled(plan: Plan, apply: ApplyResult | undefined, revision: string): Promise<void> {
    if (this.state.openDrift.length === 0) return;
    const unsettled = new Set<string>();
    for (const change of plan.changes) {
      const done = apply?.applied.some((a) => a.address === change.address) ?? false;
      if (!done) unsettled.add(change.address);
    }
    const settled = this.state.openDrift.filter((a) => ![...unsettled].some((u) => addressesOverlap(a, u)));
    if (settled.length === 0) return;
    await resolveDrift(this.options.sinks, settled, revision, this.log);
    this.state.openDrift = this.state.openDrift.filter((a) => !settled.includes(a));
    this.log.info({ addresses: settled }, 'drift resolved');
  }

  // --- audit --------------------------------------------------------------------

  private async audit(): Promise<void> {
    const { metrics } = this.options;
    const loaded = this.manifests?.desired;
    // Without a valid desired state nothing can be mapped: leave the cursors where they are.
    if (loaded === undefined) return;
    const overlap = this.options.auditOverlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
    const streams = this.options.snapshot?.streams(auditStreams(loaded, this.refusedTypes)) ?? auditStreams(loaded, this.refusedTypes);
    const polledAt = Math.floor(this.now() / 1000);
    const polled: AuditLog[] = [];
    let since = polledAt;
    // A stream not polled now starts afresh when it is needed again: what happened while
    // nothing managed needed it is history, not drift.
    if (!streams.some((s) => s.name === 'tenant')) delete this.state.tenantCursor;
    const fresh: AuditLog[] = [];
    const advanced: { name: AuditStreamName; next: AuditCursor }[] = [];
    const failures: { stream: AuditStreamName; error: unknown }[] = [];
    for (const stream of streams) {
      const cursor = this.cursorOf(stream.name);
      try {
        const events = await readAuditStream({ api: this.gate.api, stream, cursor, overlapSeconds: overlap, refused: this.refusedTypes, log: this.log });
        polled.push(...events);
        since = Math.min(since, Math.max(0, cursor.lastSeenAt - overlap));
        const advance = advanceCursor(cursor, events, overlap);
        fresh.push(...advance.fresh);
        advanced.push({ name: stream.name, next: advance.next });
      } catch (error) {
        failures.push({ stream: stream.name, error });
      }
    }
    if (failures.length > 0) await this.auditFailed(failures);
    else await this.auditSucceeded();
    if (advanced.length === 0) {
      this.countRetries();
      return;
    }
    fresh.sort(compareEvents);
    // The snapshot follows every event (orgplane's own too) from the same queries: no extra request when idle.
    const followed = failures.length === 0 && (await this.followSnapshot(loaded, { events: polled, checkedAt: polledAt, since, tenant: streams.some((st) => st.name === 'tenant'), refused: this.refusedTypes.list }));
    // Then the background resync's share of this poll: what the audit log cannot show.
    if (followed) await this.backgroundResync();
    const commit = async (): Promise<void> => {
      for (const { name, next } of advanced) this.setCursor(name, next);
      await this.persist();
    };
    const candidates = foreignEvents(fresh, this.options.ownActorIds);
    // A person joining through an invite the manifests declare is the lifecycle orgplane asked
    // for: no alert; the next cycle plans the follow-ups (org roles, groups) as ordinary changes.
    if (candidates.some((e) => isFollowUp(mapAuditEvent(e, { index: this.index, desired: loaded })))) this.dirty = true;
    // Logins, API keys, SSO…: event types orgplane never manages cost no live read.
    const foreign = candidates.filter((e) => mapAuditEvent(e, { index: this.index, desired: loaded }).relevant);
    if (foreign.length === 0) {
      await commit();
      this.countRetries();
      return;
    }
    // Judge against the newest revision: a change CI applied from a merge is not drift.
    const { manifests, fresh: upToDate } = await this.refreshDesired();
    if (manifests === undefined) return;
    const { desired } = manifests;
    // Something changed behind orgplane's back: re-read, re-plan, map, alert.
    const { live, plan } = await this.readAndPlan(manifests, this.log, followed && upToDate && desired.revision === loaded.revision);
    const analysis = analyzeEvents({
      events: foreign,
      ownActorIds: this.options.ownActorIds,
      desired,
      index: this.index,
      changes: plan.changes,
      // Never revert against manifests that may be stale.
      mode: upToDate ? this.options.mode : 'report',
    });
    for (const alert of analysis.ignored) {
      this.log.debug({ event: alert.eventId, type: alert.eventType, targets: alert.targets.map((t) => t.address) }, 'unmanaged change ignored');
    }
    for (const alert of analysis.settled) {
      this.log.info({ event: alert.eventId, type: alert.eventType, targets: alert.targets.map((t) => t.address) }, 'out-of-band change already matches the manifests');
    }
    for (const alert of analysis.alerts) {
      metrics.driftEvents.inc({ type: alert.eventType });
      await sendAlert(this.options.sinks, alert, this.log);
      this.options.onAlert?.(alert);
      if (alert.response === 'revert' || alert.response === 'report') {
        for (const t of alert.targets) if (!this.state.openDrift.includes(t.address)) this.state.openDrift.push(t.address);
      }
    }
    // Alerts are out: the events count as handled even if the revert below fails.
    await commit();
    const toRevert = analysis.alerts.filter((a) => a.response === 'revert');
    if (toRevert.length > 0 && !this.stopping) {
      const healPlan = subPlan(plan, toRevert);
      let apply: ApplyResult | undefined;
      if (healPlan.changes.length > 0) {
        try {
          apply = await this.apply(healPlan, live, desired);
        } catch (error) {
          if (!(error instanceof PlanExecutionError)) throw error;
          await this.planNotExecutable(healPlan, error);
        }
      }
      if (apply !== undefined) {
        this.options.onHeal?.({ alerts: toRevert, plan: healPlan, apply });
        if (apply.failed.length > 0 || apply.refusals.length > 0) this.dirty = true;
        await this.resolveSettled(healPlan, apply, desired.revision);
        await this.persist();
      }
    } else if (analysis.alerts.some((a) => a.response === 'report')) {
      // Report mode: the next cycle plans again so the plan it reports includes the drift.
      this.dirty = true;
    }
    this.countRetries();
  }

  /**
   * One step of the snapshot's background resync (docs/snapshot.md). Answers that differ
   * from the kept ones are changes the audit log did not show: reported as a notice, and a
   * cycle plans again from the corrected snapshot (reporting, or applying in apply mode).
   */
  private async backgroundResync(): Promise<void> {
    const snapshot = this.options.snapshot;
    if (snapshot === undefined || this.stopping) return;
    let step;
    try {
      step = await snapshot.resync({ resyncMs: this.options.resyncMs, pollIntervalMs: this.options.auditIntervalMs });
    } catch (error) {
      this.log.warn({ err: error }, 'background resync step failed: tried again at the next poll');
      return;
    }
    if (step.changed.length === 0) return;
    this.log.warn({ reads: step.changed }, 'drift found by the background resync');
    await sendNotice(
      this.options.sinks,
      {
        kind: 'resync-drift',
        text: `drift found by the background resync: ${step.changed.length} of the organization's answers changed without an audit event; planning again`,
        details: step.changed,
      },
      this.log,
    );
    this.dirty = true;
    // Not awaited: it runs on the serial queue right after this poll.
    void this.enqueue('cycle', () => this.cycle('resync'));
  }

  /** Keeps the snapshot current with a poll's events; false when it could not (the next plan refreshes it itself). */
  private async followSnapshot(desired: DesiredState, events: PreReadEvents): Promise<boolean> {
    if (this.options.snapshot === undefined) return false;
    try {
      await this.options.snapshot.follow({ desired, scope: readScopeFor(desired), events });
      return true;
    } catch (error) {
      this.log.warn({ err: error }, 'snapshot not kept current: the next plan refreshes it');
      return false;
    }
  }

  private cursorOf(name: AuditStreamName): AuditCursor {
    if (name === 'org') return this.state.cursor;
    // First poll of the tenant stream: from now on (events before are history).
    this.state.tenantCursor ??= initialCursor(Math.floor(this.now() / 1000));
    return this.state.tenantCursor;
  }

  private setCursor(name: AuditStreamName, cursor: AuditCursor): void {
    if (name === 'org') this.state.cursor = cursor;
    else this.state.tenantCursor = cursor;
  }

  private async auditSucceeded(): Promise<void> {
    const { metrics } = this.options;
    metrics.auditPolls.inc({ result: 'ok' });
    metrics.auditFailedPollsInARow.set(0);
    this.lastAuditOkAt = this.now();
    metrics.lastAuditPoll.set(this.lastAuditOkAt / 1000);
    const failed = this.auditFailures;
    this.auditFailures = 0;
    this.auditProblem = undefined;
    if (!this.blind) return;
    this.blind = false;
    this.log.info({ failedPolls: failed }, 'drift watching resumed');
    await sendNotice(
      this.options.sinks,
      { kind: 'drift-watch-resumed', text: `drift watching resumed: the audit log answers again after ${failed} failed polls`, details: [] },
      this.log,
    );
  }

  private async auditFailed(failures: readonly { stream: AuditStreamName; error: unknown }[]): Promise<void> {
    const { metrics } = this.options;
    metrics.auditPolls.inc({ result: 'failed' });
    this.auditFailures += 1;
    const reason = failures.map((f) => `${f.stream} events: ${errorText(f.error)}`).join('; ');
    this.auditProblem = reason;
    metrics.auditFailedPollsInARow.set(this.auditFailures);
    const err = failures.length === 1 ? failures[0]?.error : new AggregateError(failures.map((f) => f.error), reason);
    this.log.error({ err, streams: failures.map((f) => f.stream), failedInARow: this.auditFailures }, 'audit poll failed');
    if (this.blind || this.auditFailures < AUDIT_FAILURES_BEFORE_BLIND) return;
    this.blind = true;
    await sendNotice(
      this.options.sinks,
      {
        kind: 'drift-watch-stopped',
        text: `drift watching stopped: ${this.auditFailures} audit-log polls failed in a row; out-of-band changes go unseen until it recovers`,
        details: [reason],
      },
      this.log,
    );
  }

  private countRetries(): void {
    const retries = this.options.api.requestStats().retries;
    if (retries > this.lastRetries) this.options.metrics.apiRetries.inc(retries - this.lastRetries);
    this.lastRetries = retries;
  }

  private async persist(): Promise<void> {
    try {
      await saveState(this.options.stateDir, this.state);
    } catch (error) {
      this.log.error({ err: error, stateDir: this.options.stateDir }, 'state not saved');
    }
  }
}

/** The changes that answer these alerts, with everything they depend on, as a plan of its own. */
export function subPlan(plan: Plan, alerts: readonly DriftAlert[]): Plan {
  const targets = alerts.flatMap((a) => a.targets);
  const byAddress = new Map(plan.changes.map((c) => [c.address, c]));
  const keep = new Set<string>();
  const visit = (change: Change): void => {
    if (keep.has(change.address)) return;
    keep.add(change.address);
    for (const dep of change.dependsOn) {
      const d = byAddress.get(dep);
      if (d) visit(d);
    }
  };
  for (const change of plan.changes) if (targets.some((t) => addressesOverlap(change.address, t.address))) visit(change);
  const changes = plan.changes.filter((c) => keep.has(c.address));
  const summary = Object.fromEntries(Object.keys(plan.summary).map((k) => [k, 0])) as Record<ChangeAction, number>;
  for (const c of changes) summary[c.action] += 1;
  return { ...plan, changes, summary };
}
