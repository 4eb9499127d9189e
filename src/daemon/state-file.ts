// The daemon's persisted state (cursor, last good and applied revisions, open drift
// issues) in <stateDir>/daemon-state.json. Written atomically: a temporary file in the
// same folder, fsynced, then renamed over the old one, so a crash leaves one or the other.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { initialCursor, parseCursor } from '../drift/cursor.js';
import type { AuditCursor } from '../drift/types.js';
import { writeFileAtomic } from '../fsutil/atomic-write.js';

export interface DaemonState {
  version: 1;
  /** Audit cursor of the organization's event types. */
  cursor: AuditCursor;
  /** Audit cursor of the tenant-scoped types (asked for with `tenant_only=true`); absent until first polled. */
  tenantCursor?: AuditCursor;
  /** Last revision that loaded and validated: enforced while a newer one is invalid. */
  lastGoodRevision?: string;
  /** Last revision whose plan applied without error (apply mode). */
  lastAppliedRevision?: string;
  /** Addresses with an open drift (alerted, not yet resolved). */
  openDrift: string[];
}

export const STATE_FILE = 'daemon-state.json';

export function freshState(nowSeconds: number): DaemonState {
  return { version: 1, cursor: initialCursor(nowSeconds), openDrift: [] };
}

export async function loadState(stateDir: string, nowSeconds: number): Promise<DaemonState> {
  let text: string;
  try {
    text = await readFile(path.join(stateDir, STATE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return freshState(nowSeconds);
    throw error;
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return freshState(nowSeconds);
  }
  const state: DaemonState = {
    version: 1,
    cursor: parseCursor(raw.cursor, nowSeconds),
    openDrift: Array.isArray(raw.openDrift) ? raw.openDrift.filter((a): a is string => typeof a === 'string') : [],
  };
  if (raw.tenantCursor !== undefined) state.tenantCursor = parseCursor(raw.tenantCursor, nowSeconds);
  if (typeof raw.lastGoodRevision === 'string') state.lastGoodRevision = raw.lastGoodRevision;
  if (typeof raw.lastAppliedRevision === 'string') state.lastAppliedRevision = raw.lastAppliedRevision;
  return state;
}

export function saveState(stateDir: string, state: DaemonState): Promise<void> {
  return writeFileAtomic(path.join(stateDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}
