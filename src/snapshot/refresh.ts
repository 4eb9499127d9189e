// refreshLive: the live state of a plan, from a snapshot kept current by the audit log
// (Kubernetes' list-then-watch, with the audit log as the watch), or from a full read when
// the snapshot cannot be proven fresh — and always saying which, and why.
import type { AdminApi } from '../api/admin-api.js';
import type { AdminApiKey, AuditLog, RequestStats } from '../api/types.js';
import { collect } from '../api/index.js';
import { ApiError } from '../api/errors.js';
import { redactedMatches } from '../drift/actor.js';
import { readAuditStream, RefusedEventTypes, type AuditStream } from '../drift/audit-poll.js';
import { advanceCursor, DEFAULT_OVERLAP_SECONDS } from '../drift/cursor.js';
import type { AuditCursor } from '../drift/types.js';
import { readLiveState } from '../live/read.js';
import type { ReadOptions, ReadScope } from '../live/types.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import type { DesiredState, LiveState } from '../model/types.js';
import { computePlan } from '../plan/compute-plan.js';
import { looseTarget } from '../plan/change-view.js';
import type { Change } from '../plan/types.js';
import { cachingApi, newReadCache, type ReadCache } from './caching-api.js';
import { invalidationsFor, ReadIndex, SNAPSHOT_ORG_EVENT_TYPES, SNAPSHOT_TENANT_EVENT_TYPES } from './invalidate.js';
import { BLIND_READS, CACHEABLE_READS, parseReadKey, readKey, vouchingOf, type BlindRead, type CacheableRead } from './reads.js';
import type { LoadedSnapshot } from './store.js';
import { SNAPSHOT_FORMAT_VERSION, type CachedRead, type RefreshMode, type RefreshReport, type SnapshotDocument } from './types.js';

/** `--max-state-age` default: a day, the daemon's default resync period. */
export const DEFAULT_MAX_STATE_AGE_SECONDS = 24 * 3600;

export interface RefreshLiveInput {
  api: AdminApi;
  desired: DesiredState;
  /** What the plan needs read (readScopeFor, plus the admin key owner for apply). */
  scope: ReadScope;
  readOptions?: ReadOptions;
  /** The snapshot loaded from `--state`, or why there is none. Absent: a full read that starts one. */
  state?: LoadedSnapshot;
  /** Default: `audit` when a snapshot was found, else `full`. */
  refresh?: RefreshMode;
  /** A snapshot checked longer ago than this reads in full. Default DEFAULT_MAX_STATE_AGE_SECONDS. */
  maxStateAgeSeconds?: number;
  /** The admin key in use: its id is matched by redacted value (the value never leaves this call). */
  adminKey?: string;
  /**
   * Audit events already read by the caller since the snapshot's position (the daemon's poll,
   * so its idle cost stays one request), with the cursor they were read up to. Default: read here.
   */
  events?: PreReadEvents;
  /**
   * The admin key ids known to be this run's own (the daemon identifies its key at start):
   * the snapshot's key must be one of them, and no admin-key list is read to check it.
   */
  knownKeyIds?: ReadonlySet<string>;
  /** Reads known stale whatever the audit log says (apply's own writes): given the kept reads, the keys. */
  stale?: (index: ReadIndex) => readonly string[];
  /** Audit window overlap, seconds; default drift's (DEFAULT_OVERLAP_SECONDS). */
  overlapSeconds?: number;
  logger?: Logger;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
  /** The kept reads and the blind ones; default the registries in reads.ts. */
  reads?: Readonly<Record<string, CacheableRead>>;
  blindReads?: readonly BlindRead[];
}

/** Audit events a caller already read (the daemon's poll), and what its queries covered. */
export interface PreReadEvents {
  events: readonly AuditLog[];
  /** Unix seconds when the queries were sent. */
  checkedAt: number;
  /** Unix seconds: the lowest `effective_at[gte]` among the queries (they cover events from here on). */
  since: number;
  /** Whether the tenant-scoped stream (group membership) was among the queries. */
  tenant: boolean;
  /** Event types the server refused: changes they report were not seen. */
  refused: readonly string[];
}

export interface RefreshLiveResult {
  live: LiveState;
  snapshot: SnapshotDocument;
  report: RefreshReport;
}

/** Why the refresh asked for could not be done: the full read that replaces it says this. */
class FallBack extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export async function refreshLive(input: RefreshLiveInput): Promise<RefreshLiveResult> {
  const now = input.now ?? Date.now;
  const nowSeconds = (): number => Math.floor(now() / 1000);
  const log = input.logger ?? silentLogger();
  const before = input.api.requestStats();
  const state = input.state;
  // A state given but not found (the first run) is a full read that says so.
  const requested: RefreshMode = input.refresh ?? (state === undefined ? 'full' : 'audit');

  let fallback: string | undefined;
  if (requested !== 'full') {
    if (state === undefined) fallback = 'no snapshot was given';
    else if (!state.found) fallback = state.reason;
    else {
      try {
        return await incremental(input, state.snapshot, requested, { nowSeconds, log, before });
      } catch (error) {
        if (!(error instanceof FallBack)) throw error;
        fallback = error.reason;
      }
    }
    log.info({ reason: fallback }, 'snapshot not usable: reading the live organization in full');
  }
  return fullRead(input, { nowSeconds, log, before }, fallback);
}

interface Context {
  nowSeconds: () => number;
  log: Logger;
  before: RequestStats;
}

async function fullRead(input: RefreshLiveInput, ctx: Context, reason: string | undefined): Promise<RefreshLiveResult> {
  const started = ctx.nowSeconds();
  const cache = newReadCache();
  const identity = await ownKey(input, cache, ctx);
  const live = await readLiveState(cachingApi(input.api, cache, { nowSeconds: ctx.nowSeconds, ...readsOption(input) }), input.scope, input.readOptions ?? {});
  const snapshot: SnapshotDocument = {
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    kind: 'orgplane-live-snapshot',
    adminKeyId: identity.ownId,
    fullReadAt: iso(started),
    validAt: iso(started),
    // Events from before the read started are in what it read; the overlap re-checks the
    // last minutes once, for events the log shows late.
    position: { lastSeenAt: started, seen: [] },
    reads: keptReads(cache.entries, input, live),
  };
  const requests = spent(input.api, ctx.before);
  const summary = `full read${reason === undefined ? '' : `: ${reason}`} (${counted(requests.total, 'request')})`;
  return {
    live: withStats(live, requests),
    snapshot,
    report: { mode: 'full', ...(reason === undefined ? {} : { reason }), events: 0, reread: cache.fetched.size, rereadKeys: [...cache.fetched].sort(), patchedKeys: [], itemsFetched: 0, requests: requests.total, unvouched: [], summary },
  };
}

async function incremental(
  input: RefreshLiveInput,
  snapshot: SnapshotDocument,
  mode: 'audit' | 'none',
  ctx: Context,
): Promise<RefreshLiveResult> {
  const maxAge = input.maxStateAgeSeconds ?? DEFAULT_MAX_STATE_AGE_SECONDS;
  const validAt = Math.floor(Date.parse(snapshot.validAt) / 1000);
  const age = ctx.nowSeconds() - validAt;
  if (age > maxAge) {
    throw new FallBack(`the snapshot was last checked ${formatAge(age)} ago, over --max-state-age ${formatAge(maxAge)}`);
  }
  const cache = newReadCache(Object.entries(snapshot.reads).filter(([key]) => vouchingOf(key, readsOf(input)) !== 'volatile'));
  const notes: string[] = [];
  if (snapshot.adminKeyId === null) throw new FallBack('the snapshot does not say which admin key took it');
  const identity = await ownKey(input, cache, ctx);
  if (!identity.keyIds.has(snapshot.adminKeyId)) {
    throw new FallBack(
      `the snapshot was taken with admin key ${snapshot.adminKeyId}, which is not one of this organization's admin keys (a snapshot of another organization, or the key was deleted)`,
    );
  }
  if (identity.ownId !== null && identity.ownId !== snapshot.adminKeyId) {
    notes.push(`taken with admin key ${snapshot.adminKeyId} of this organization`);
  }

  let position: AuditCursor = snapshot.position;
  let checkedAt = validAt;
  let events = 0;
  if (mode === 'audit') {
    const read = await auditSince(input, snapshot.position, cache, ctx);
    const overlap = input.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
    const { fresh, next } = advanceCursor(snapshot.position, read.events, overlap);
    events = fresh.length;
    const stale = invalidationsFor(fresh, cache.entries);
    if (stale.full !== undefined) throw new FallBack(stale.full);
    for (const key of stale.keys) cache.entries.delete(key);
    await refetchItems(input.api, cache, stale.refetch ?? new Map(), ctx.nowSeconds());
    position = next;
    checkedAt = read.checkedAt;
  }
  for (const key of input.stale?.(new ReadIndex(cache.entries)) ?? []) cache.entries.delete(key);
  dropExpiredInvites(cache, ctx.nowSeconds());

  const api = cachingApi(input.api, cache, { nowSeconds: ctx.nowSeconds, ...readsOption(input) });
  let live = await readLiveState(api, input.scope, input.readOptions ?? {});
  if (rereadBlind(input, cache, live)) live = await readLiveState(api, input.scope, input.readOptions ?? {});

  const next: SnapshotDocument = {
    ...snapshot,
    validAt: iso(checkedAt),
    position,
    reads: keptReads(cache.entries, input, live),
  };
  ctx.log.debug({ reread: [...cache.fetched].sort(), events }, 'snapshot reads done again');
  const requests = spent(input.api, ctx.before);
  // The identity check is one read every refresh makes: "re-read" counts what events asked for.
  const rereadKeys = [...new Set([...cache.fetched, ...cache.patched])].filter((k) => k !== readKey('listAdminApiKeys', [])).sort();
  const reread = rereadKeys.length;
  const unvouched = blindAges(input, cache);
  const head =
    mode === 'audit'
      ? `refreshed from the audit log: ${counted(events, 'event')}, ${reread} ${reread === 1 ? 'scope' : 'scopes'} re-read, ${counted(requests.total, 'request')}`
      : `from the snapshot checked at ${snapshot.validAt} (not refreshed): ${reread} ${reread === 1 ? 'scope' : 'scopes'} read that it lacked, ${counted(requests.total, 'request')}`;
  if (unvouched.length > 0) {
    const oldest = unvouched[0]?.readAt ?? ctx.nowSeconds();
    notes.push(`${counted(unvouched.length, 'setting')} the audit log cannot vouch for, oldest read ${formatAge(ctx.nowSeconds() - oldest)} ago`);
  }
  return {
    live: withStats(live, requests),
    snapshot: next,
    report: { mode, events, reread, rereadKeys, patchedKeys: [...cache.patched].sort(), itemsFetched: cache.itemsFetched, requests: requests.total, unvouched, summary: notes.length === 0 ? head : `${head}; ${notes.join('; ')}` },
  };
}

/** The organization's admin keys (kept for this run: the admin-key-owner read uses them) and which is ours. */
async function ownKey(input: RefreshLiveInput, cache: ReadCache, ctx: Context): Promise<{ ownId: string | null; keyIds: Set<string> }> {
  if (input.knownKeyIds !== undefined) {
    const ids = [...input.knownKeyIds];
    return { ownId: ids.length === 1 ? (ids[0] ?? null) : null, keyIds: new Set(ids) };
  }
  let keys: AdminApiKey[];
  try {
    keys = await collect(input.api.listAdminApiKeys());
  } catch (error) {
    if (input.state?.found === true && input.refresh !== 'full') {
      throw new FallBack(`the organization's admin keys could not be listed to check the snapshot is of this organization (${message(error)})`);
    }
    ctx.log.warn({ err: error }, 'admin keys not listed: the snapshot will not say which key took it');
    return { ownId: null, keyIds: new Set() };
  }
  const key = readKey('listAdminApiKeys', []);
  cache.entries.set(key, { readAt: ctx.nowSeconds(), items: keys });
  // Without the key in hand, an organization with a single admin key can only be using that one.
  const own = input.adminKey === undefined ? (keys.length === 1 ? keys : []) : keys.filter((k) => redactedMatches(k.redacted_value, input.adminKey ?? ''));
  return { ownId: own.length === 1 ? (own[0]?.id ?? null) : null, keyIds: new Set(keys.map((k) => k.id)) };
}

async function auditSince(
  input: RefreshLiveInput,
  position: AuditCursor,
  cache: ReadCache,
  ctx: Context,
): Promise<{ events: readonly AuditLog[]; checkedAt: number }> {
  const overlap = input.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
  const given = input.events;
  const needTenant = new ReadIndex(cache.entries).of('listGroupUsers').length > 0;
  // The caller's queries must reach back as far as this snapshot's own would have.
  if (given !== undefined && given.since <= Math.max(0, position.lastSeenAt - overlap) && (given.tenant || !needTenant)) {
    if (given.refused.length > 0) {
      throw new FallBack(`the server refused the audit event types ${given.refused.join(', ')}: the changes they report cannot be followed`);
    }
    return given;
  }
  const checkedAt = ctx.nowSeconds();
  const streams: AuditStream[] = [{ name: 'org', eventTypes: SNAPSHOT_ORG_EVENT_TYPES, tenantOnly: false }];
  // Group membership is told only by tenant-scoped events: asked for when a kept read holds some.
  if (needTenant) {
    streams.push({ name: 'tenant', eventTypes: SNAPSHOT_TENANT_EVENT_TYPES, tenantOnly: true });
  }
  const refused = new RefusedEventTypes();
  const events: AuditLog[] = [];
  try {
    for (const stream of streams) {
      events.push(
        ...(await readAuditStream({
          api: input.api,
          stream,
          cursor: position,
          overlapSeconds: overlap,
          refused,
          log: ctx.log,
        })),
      );
    }
  } catch (error) {
    throw new FallBack(`the audit log could not be read (${message(error)})`);
  }
  if (refused.list.length > 0) {
    throw new FallBack(`the server refused the audit event types ${refused.list.join(', ')}: the changes they report cannot be followed`);
  }
  return { events, checkedAt };
}

/** Single GETs that patch a kept list: users and projects (the lists with the most pages). */
const ITEM_GETS: Readonly<Record<string, (api: AdminApi, id: string) => Promise<unknown>>> = {
  listUsers: (api, id) => api.getUser(id),
  listProjects: (api, id) => api.getProject(id),
};

/**
 * Fetches changed items of kept lists one by one and patches the lists: replaced in place,
 * removed on 404, appended when new (lists answer in creation order). Any other failure
 * drops the list, which is then read whole.
 */
async function refetchItems(api: AdminApi, cache: ReadCache, refetch: ReadonlyMap<string, ReadonlySet<string>>, nowSeconds: number): Promise<void> {
  for (const [key, ids] of refetch) {
    const held = cache.entries.get(key);
    const get = ITEM_GETS[parseReadKey(key).method];
    if (held === undefined) continue;
    if (get === undefined) {
      cache.entries.delete(key);
      continue;
    }
    let items = [...held.items];
    try {
      for (const id of ids) {
        let fresh: unknown;
        try {
          cache.itemsFetched += 1;
          fresh = await get(api, id);
        } catch (error) {
          // Gone: removed. Never seen and not found (created and removed since, or not
          // visible yet: API-NOTES) proves nothing: the list is read whole.
          if (error instanceof ApiError && error.status === 404 && items.some((item) => (item as { id?: unknown }).id === id)) {
            items = items.filter((item) => (item as { id?: unknown }).id !== id);
            continue;
          }
          throw error;
        }
        const at = items.findIndex((item) => (item as { id?: unknown }).id === id);
        if (at >= 0) items[at] = fresh;
        else items.push(fresh);
      }
    } catch {
      cache.entries.delete(key);
      continue;
    }
    // Patched, not read whole: it keeps its read time but counts as re-read for the report.
    cache.entries.set(key, { readAt: Math.min(held.readAt, nowSeconds), items });
    cache.patched.add(key);
  }
}

/** An invite's status moves from pending to expired with time alone: no event says so. */
function dropExpiredInvites(cache: ReadCache, nowSeconds: number): void {
  const key = readKey('listInvites', []);
  const expired = (cache.entries.get(key)?.items ?? []).some((item) => {
    const invite = item as { status?: unknown; expires_at?: unknown };
    return invite.status === 'pending' && typeof invite.expires_at === 'number' && invite.expires_at <= nowSeconds;
  });
  if (expired) cache.entries.delete(key);
}

/**
 * Blind reads (the audit log cannot vouch for them) are re-read where the manifests change
 * what they hold: when the plan from the snapshot changes one of their kinds. True when some were dropped.
 */
function rereadBlind(input: RefreshLiveInput, cache: ReadCache, live: LiveState): boolean {
  const blind = input.blindReads ?? BLIND_READS;
  if (blind.length === 0) return false;
  let changes: readonly Change[];
  try {
    changes = computePlan(input.desired, live).changes;
  } catch {
    // The plan fails the same way on any live state; the caller reports it.
    return false;
  }
  let dropped = false;
  for (const read of blind) {
    const touching = changes.filter((c) => read.planKinds.includes(c.kind));
    if (touching.length === 0) continue;
    // A project's setting is read again where the plan changes it; an org-wide one, everywhere.
    const projects = new Set(touching.map((c) => looseTarget(c).projectId));
    for (const key of cache.entries.keys()) {
      const { method, args } = parseReadKey(key);
      if (method !== read.method || cache.fetched.has(key)) continue;
      if (projects.has(undefined) || projects.has(args[0])) {
        cache.entries.delete(key);
        dropped = true;
      }
    }
  }
  return dropped;
}

function blindAges(input: RefreshLiveInput, cache: ReadCache): RefreshReport['unvouched'] {
  const reads = readsOf(input);
  return [...cache.entries]
    .filter(([key]) => cache.used.has(key) && !cache.fetched.has(key) && vouchingOf(key, reads) === 'blind')
    .map(([key, read]) => ({ read: key, readAt: read.readAt }))
    .sort((a, b) => a.readAt - b.readAt);
}

/**
 * What the new snapshot keeps: every read still meaningful, minus the volatile ones. Reads
 * under a project that is gone or archived are dropped (the reader never asks for them again).
 */
function keptReads(entries: ReadonlyMap<string, CachedRead>, input: RefreshLiveInput, live: LiveState): Record<string, CachedRead> {
  const reads = readsOf(input);
  const active = new Set([...live.org.projects.values()].filter((p) => p.status === 'active').flatMap((p) => p.id ?? []));
  const kept: Record<string, CachedRead> = {};
  for (const [key, read] of entries) {
    if (vouchingOf(key, reads) !== 'audit' && vouchingOf(key, reads) !== 'blind') continue;
    const { method, args } = parseReadKey(key);
    if (/^listProject[A-Z]/.test(method) && args[0] !== undefined && !active.has(args[0])) continue;
    kept[key] = read;
  }
  return kept;
}

function readsOf(input: RefreshLiveInput): Readonly<Record<string, CacheableRead>> {
  return input.reads ?? CACHEABLE_READS;
}

function readsOption(input: RefreshLiveInput): { reads?: Readonly<Record<string, CacheableRead>> } {
  return input.reads === undefined ? {} : { reads: input.reads };
}

function spent(api: AdminApi, before: RequestStats): { total: number; byRoute: Record<string, number> } {
  const after = api.requestStats();
  const byRoute: Record<string, number> = {};
  for (const [route, count] of Object.entries(after.byRoute)) {
    const delta = count - (before.byRoute[route] ?? 0);
    if (delta > 0) byRoute[route] = delta;
  }
  return { total: after.total - before.total, byRoute };
}

/** The plan's "read N objects in M requests" counts every request of the refresh, audit log included. */
function withStats(live: LiveState, requests: { total: number; byRoute: Record<string, number> }): LiveState {
  return { ...live, stats: { ...live.stats, requests: requests.total, byRoute: requests.byRoute } };
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

function counted(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `45s`, `12m`, `3h`, `2d`: coarse, for people. */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s}s`;
  if (s < 2 * 3600) return `${Math.round(s / 60)}m`;
  if (s < 2 * 86_400) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
