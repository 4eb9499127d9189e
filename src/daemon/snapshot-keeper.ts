// The daemon's live snapshot (docs/snapshot.md): kept current at every audit poll from the
// events the poll read anyway (idle cost: nothing more), used by every plan the daemon makes,
// written atomically to <stateDir>/snapshot.json, and served read-only at GET /snapshot.
import path from 'node:path';
import type { AdminApi } from '../api/admin-api.js';
import type { AuditStream } from '../drift/audit-poll.js';
import type { ProjectReadScope, ReadOptions, ReadScope } from '../live/types.js';
import type { Logger } from '../logging/logger.js';
import type { DesiredState, LiveState } from '../model/types.js';
import {
  loadSnapshot,
  DEFAULT_RESYNC_SHARE,
  refreshLive,
  ResyncBudget,
  resyncOrder,
  resyncSlice,
  saveSnapshot,
  serializeSnapshot,
  SNAPSHOT_ORG_EVENT_TYPES,
  type LoadedSnapshot,
  type PreReadEvents,
  type RefreshReport,
  type RouteLimit,
  type SnapshotDocument,
} from '../snapshot/index.js';

export const SNAPSHOT_FILE = 'snapshot.json';

export interface SnapshotKeeperOptions {
  api: AdminApi;
  stateDir: string;
  logger: Logger;
  /** The daemon's own admin key ids (resolved at start): the snapshot is of their view. */
  ownKeyIds: ReadonlySet<string>;
  now: () => number;
  overlapSeconds?: number;
  /** `--resync-share`: the share of each route's limit per window the background resync may use. Default 0.25. */
  resyncShare?: number;
  /** Per route (`GET /organization/users`), the limit the client learned or loaded; default none (8 per minute assumed). */
  routeLimits?: () => Readonly<Record<string, RouteLimit>>;
}

/** What one step of the background resync did (docs/snapshot.md). */
export interface ResyncStep {
  /** Kept answers read again, oldest first. */
  refreshed: string[];
  /** Of those, the ones that differed from what was kept: changes the audit log did not show. */
  changed: string[];
  /** Due but left for a later poll: their route's share of the budget was spent. */
  deferred: string[];
  requests: number;
}

export class SnapshotKeeper {
  private state: LoadedSnapshot | undefined;
  private text: string | undefined;
  readonly file: string;
  private readonly budget: ResyncBudget;
  /** Answers owed to the background resync: it accrues entries × elapsed / period. */
  private owed = 0;
  private lastResyncAt: number | undefined;

  constructor(private readonly options: SnapshotKeeperOptions) {
    this.file = path.join(options.stateDir, SNAPSHOT_FILE);
    this.budget = new ResyncBudget({
      share: options.resyncShare ?? DEFAULT_RESYNC_SHARE,
      now: options.now,
      ...(options.routeLimits === undefined ? {} : { limits: options.routeLimits }),
    });
  }

  /** The snapshot as served at /snapshot; undefined until the first read. */
  served(): string | undefined {
    return this.text;
  }

  /** The daemon's poll asks for the snapshot's event types too: one query serves both. */
  streams(streams: readonly AuditStream[]): AuditStream[] {
    return streams.map((s) => (s.name === 'org' ? { ...s, eventTypes: [...new Set([...s.eventTypes, ...SNAPSHOT_ORG_EVENT_TYPES])] } : s));
  }

  /**
   * The live state for a plan: the snapshot refreshed from the audit log (`followed`: a poll
   * just did that, so as it is). A full read only when there is no usable snapshot (the reason
   * is logged), or when the background resync fell behind: a kept answer over twice `resyncMs`
   * old (the resync bounds how long a change the audit log does not record goes unseen).
   */
  async live(input: { desired: DesiredState; scope: ReadScope; readOptions: ReadOptions; resyncMs: number; followed?: boolean }): Promise<LiveState> {
    if (this.state === undefined) this.state = await this.load();
    const oldest = this.state.found ? resyncOrder(this.state.snapshot)[0]?.[1].readAt : undefined;
    const full = oldest !== undefined && this.options.now() - oldest * 1000 >= 2 * input.resyncMs;
    const refresh = full ? 'full' : input.followed === true ? 'none' : 'audit';
    const result = await this.refresh({ desired: input.desired, scope: input.scope, readOptions: input.readOptions, refresh });
    return result.live;
  }

  /**
   * One step of the background resync, after an audit poll: reads again the oldest kept
   * answers, as many as keep each one read again once per `resyncMs` (entries × time since
   * the last step / resyncMs, at least one when any is older than resyncMs), within the
   * share of each route's budget. The snapshot keeps the new answers; the ones that differ
   * are returned (drift the audit log did not show: the caller plans again).
   */
  async resync(input: { resyncMs: number; pollIntervalMs: number }): Promise<ResyncStep> {
    if (this.state === undefined) this.state = await this.load();
    const none: ResyncStep = { refreshed: [], changed: [], deferred: [], requests: 0 };
    if (!this.state.found) return none;
    const now = this.options.now();
    const entries = resyncOrder(this.state.snapshot);
    const elapsed = this.lastResyncAt === undefined ? input.pollIntervalMs : Math.max(0, now - this.lastResyncAt);
    this.lastResyncAt = now;
    this.owed = Math.min(entries.length, this.owed + (entries.length * elapsed) / Math.max(1, input.resyncMs));
    const overdue = entries.some(([, read]) => now - read.readAt * 1000 >= input.resyncMs);
    const count = Math.max(Math.floor(this.owed), overdue ? 1 : 0);
    if (count === 0) return none;
    const step = await resyncSlice({ api: this.options.api, snapshot: this.state.snapshot, count, budget: this.budget, nowSeconds: () => Math.floor(this.options.now() / 1000) });
    this.owed = Math.max(0, this.owed - step.refreshed.length);
    if (step.failure !== undefined) {
      this.options.logger.warn({ read: step.failure.key, err: step.failure.error }, 'background resync read failed: tried again at the next poll');
    }
    if (step.refreshed.length > 0) await this.keep(step.snapshot);
    const level = step.changed.length > 0 ? 'warn' : 'debug';
    this.options.logger[level](
      { refreshed: step.refreshed.length, changed: step.changed, deferred: step.deferred.length, requests: step.requests, owed: Math.round(this.owed * 100) / 100 },
      'background resync step',
    );
    return { refreshed: step.refreshed, changed: step.changed, deferred: step.deferred, requests: step.requests };
  }

  /** Follows one audit poll's events: re-reads only what they touched (nothing when idle). */
  async follow(input: { desired: DesiredState; scope: ReadScope; events: PreReadEvents }): Promise<void> {
    if (this.state === undefined) this.state = await this.load();
    // Until the first full read there is nothing to keep current.
    if (!this.state.found) return;
    await this.refresh({ desired: input.desired, scope: withoutVolatile(input.scope), readOptions: { logger: this.options.logger }, refresh: 'audit', events: input.events });
  }

  private async refresh(input: {
    desired: DesiredState;
    scope: ReadScope;
    readOptions: ReadOptions;
    refresh: 'full' | 'audit' | 'none';
    events?: PreReadEvents;
  }): Promise<{ live: LiveState; report: RefreshReport }> {
    if (this.state === undefined) this.state = await this.load();
    const result = await refreshLive({
      api: this.options.api,
      desired: input.desired,
      scope: input.scope,
      readOptions: input.readOptions,
      state: this.state,
      refresh: input.refresh,
      // A snapshot the daemon keeps is never too old to follow: its resync bounds it.
      maxStateAgeSeconds: Number.MAX_SAFE_INTEGER,
      knownKeyIds: this.options.ownKeyIds,
      logger: this.options.logger,
      now: this.options.now,
      ...(input.events !== undefined ? { events: input.events } : {}),
      ...(this.options.overlapSeconds !== undefined ? { overlapSeconds: this.options.overlapSeconds } : {}),
    });
    await this.keep(result.snapshot);
    const level = result.report.mode === 'full' || result.report.reread > 0 ? 'info' : 'debug';
    this.options.logger[level]({ mode: result.report.mode, events: result.report.events, reread: result.report.reread, requests: result.report.requests, reason: result.report.reason }, 'snapshot refreshed');
    return result;
  }

  private async keep(snapshot: SnapshotDocument): Promise<void> {
    this.state = { found: true, snapshot };
    this.text = serializeSnapshot(snapshot);
    try {
      await saveSnapshot(this.file, snapshot);
    } catch (error) {
      this.options.logger.warn({ file: this.file, err: error instanceof Error ? error.message : String(error) }, 'snapshot not saved');
    }
  }

  private async load(): Promise<LoadedSnapshot> {
    const loaded = await loadSnapshot(this.file);
    if (loaded.found) this.text = serializeSnapshot(loaded.snapshot);
    else this.options.logger.info({ reason: loaded.reason }, 'no usable snapshot: the next plan reads in full');
    return loaded;
  }
}

/**
 * Keeping the snapshot current needs none of the reads it never keeps (API keys move with
 * every use): the plan reads those when it runs, so an idle poll stays one query per stream.
 */
function withoutVolatile(scope: ReadScope): ReadScope {
  const strip = (p: ProjectReadScope): ProjectReadScope => ({ ...p, apiKeys: false });
  const map = (m: ReadonlyMap<string, ProjectReadScope>): Map<string, ProjectReadScope> => new Map([...m].map(([k, v]) => [k, strip(v)]));
  return {
    ...scope,
    adminKeyOwner: false,
    projects: { byId: map(scope.projects.byId), byName: map(scope.projects.byName), others: strip(scope.projects.others) },
  };
}
