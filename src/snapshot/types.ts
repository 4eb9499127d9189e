// Values of the snapshot stage: the saved document, how a refresh went, and its options.
import type { AuditCursor } from '../drift/types.js';

export const SNAPSHOT_FORMAT_VERSION = 1;

/** One list (or single object) as the Admin API answered it, and when it was read. */
export interface CachedRead {
  /** Unix seconds (local clock) when the read finished. */
  readAt: number;
  /** The answer: a list's items, or a one-item array for a single GET. Wire objects, snake_case. */
  items: unknown[];
}

/**
 * The live snapshot (`--state FILE|URL`): the Admin API's answers to the reads a plan made,
 * keyed by read (`listProjectUsers proj_1`), and the audit-log position they are valid up to.
 * The live model is assembled from them by the same code as a full read (src/live/read.ts),
 * so a refreshed snapshot and a full read can only differ in which answers are stale.
 * No secrets (never a key value); it does hold emails: files are 0600, /snapshot needs a token.
 */
export interface SnapshotDocument {
  formatVersion: typeof SNAPSHOT_FORMAT_VERSION;
  kind: 'orgplane-live-snapshot';
  /**
   * Id of the admin key whose view this is (never its value). The Admin API has no
   * organization id to read; a key belongs to one organization, so the key id, found among
   * the organization's admin keys, is what proves a snapshot is of this organization.
   */
  adminKeyId: string | null;
  /** ISO time of the last full read. */
  fullReadAt: string;
  /** ISO time up to which the audit log was checked (the snapshot is valid up to here). */
  validAt: string;
  /** Where reading the audit log resumes (drift's cursor: overlap window and ids seen in it). */
  position: AuditCursor;
  reads: Record<string, CachedRead>;
}

export type RefreshMode = 'full' | 'audit' | 'none';

/** How the live state of a plan was obtained: shown on the plan ("refreshed from the audit log: …"). */
export interface RefreshReport {
  mode: RefreshMode;
  /** Why a full read replaced the refresh that was asked for (or why none was possible). */
  reason?: string;
  /** Audit events read that were not handled before. */
  events: number;
  /** Reads (lists, scopes) that went to the API; the rest came from the snapshot. */
  reread: number;
  /** Their keys (`listProjectUsers proj_1`), for measurements; lists patched item by item included. */
  rereadKeys: string[];
  /** Of those, the lists patched item by item, and the single GETs that took (a changed user or project: one each). */
  patchedKeys: string[];
  itemsFetched: number;
  /** Requests the whole refresh cost (audit log, identity check and reads). */
  requests: number;
  /** Settings the audit log cannot vouch for, kept from the snapshot, oldest first: read key and age. */
  unvouched: { read: string; readAt: number }[];
  /** One line for people: "refreshed from the audit log: 14 events, 3 scopes re-read, 9 requests". */
  summary: string;
}
