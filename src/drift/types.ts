// Values of the drift stage: the audit cursor, what an event touches, and the alert raised for it.
import type { AuditLog } from '../api/types.js';
import type { PrunePolicy, SourceLocation } from '../model/types.js';
import type { ResourceKind } from '../plan/types.js';

/**
 * Where audit polling stands. The cursor alone is not trusted: each poll asks for
 * `effective_at >= lastSeenAt - overlap` and drops events whose id is in `seen`.
 */
export interface AuditCursor {
  /** Unix seconds of the newest event handled (or of the daemon's first start). */
  lastSeenAt: number;
  /** Events handled within the overlap window: [event id, effective_at]. */
  seen: [string, number][];
  /** Events older than this (unix seconds: the first start) are history, not drift. */
  notBefore?: number;
}

/** Who made a change, as the audit log tells it. */
export interface ActorInfo {
  kind: 'user' | 'api_key' | 'unknown';
  email?: string;
  userId?: string;
  apiKeyId?: string;
  /** The spec's `actor.api_key.type`. */
  keyType?: 'user' | 'service_account';
  /** For a key: whose key it is (the user's email or id, or the service account id). */
  keyOwner?: string;
  ipAddress?: string;
}

/** One managed (or unmanaged) resource an event touches. */
export interface DriftTarget {
  /** Plan address, e.g. `org.member["ada@example.com"]`. */
  address: string;
  kind: ResourceKind;
  /** The manifests declare it. */
  managed: boolean;
  /** The manifest line it contradicts, when the manifests declare it. */
  source?: SourceLocation;
  /** For an unmanaged target: the prune setting that decides what to do. */
  prune?: keyof PrunePolicy;
}

export type EventMapping =
  | { relevant: true; targets: DriftTarget[]; before?: Record<string, unknown>; after?: Record<string, unknown> }
  | {
      relevant: false;
      reason: string;
      /** Not drift, but live state moved as the manifests asked (a declared invite accepted): plan again. */
      followUp?: true;
    };

/** What orgplane does about a drift. */
export type DriftResponse = 'revert' | 'report' | 'ignore' | 'none';

export interface DriftAlert {
  /** The audit event id: one alert per out-of-band change. */
  eventId: string;
  eventType: string;
  /** ISO time of the change. */
  at: string;
  actor: ActorInfo;
  project?: { id?: string; name?: string };
  targets: DriftTarget[];
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** Manifest revision enforced when the drift was seen. */
  revision: string;
  response: DriftResponse;
  /** One line per plan change orgplane proposes (or applied) for these targets. */
  planned: string[];
  /** A sentence for people: what happened and what orgplane does. */
  summary: string;
}

export type { AuditLog };
