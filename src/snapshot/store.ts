// Where snapshots live: a local file (0600, written atomically: a crash leaves the old one
// or the new one, never half) or, read-only, an HTTPS URL such as the daemon's /snapshot,
// fetched with a bearer token.
import { readFile } from 'node:fs/promises';
import got, { type Agents } from 'got';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { proxyFor, proxySettingsFromEnv } from '../net/index.js';
import { writeFileAtomic } from '../fsutil/atomic-write.js';
import { parseSnapshot, serializeSnapshot } from './document.js';
import { SnapshotError } from './errors.js';
import type { SnapshotDocument } from './types.js';

/** Environment variable holding the bearer token for a snapshot URL (and the daemon's /snapshot). */
export const SNAPSHOT_TOKEN_ENV = 'ORGPLANE_SNAPSHOT_TOKEN';

export function isSnapshotUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** A URL without credentials, query or fragment: safe in logs and messages. */
export function displayLocation(location: string): string {
  if (!isSnapshotUrl(location)) return location;
  try {
    const url = new URL(location);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'the snapshot URL';
  }
}

export type LoadedSnapshot =
  | { found: true; snapshot: SnapshotDocument }
  /** No snapshot yet (a file that does not exist): the first run reads in full and writes one. */
  | { found: false; reason: string };

export interface LoadSnapshotOptions {
  /** Bearer token for a URL; default: ORGPLANE_SNAPSHOT_TOKEN. */
  token?: string;
  /** Milliseconds; default 30 s. */
  timeoutMs?: number;
}

/**
 * Loads a snapshot. A missing file is `found: false`; a file or answer that cannot be used
 * (truncated, another format) is `found: false` with the reason, so the refresh reads in
 * full and says why. A URL that cannot be fetched throws: the user asked for it.
 * @throws SnapshotError when a URL answers with an error or cannot be reached
 */
export async function loadSnapshot(location: string, options: LoadSnapshotOptions = {}): Promise<LoadedSnapshot> {
  const shown = displayLocation(location);
  let text: string;
  if (isSnapshotUrl(location)) {
    const token = options.token ?? process.env[SNAPSHOT_TOKEN_ENV];
    try {
      const agent = proxyAgent(new URL(location));
      text = await got(location, {
        headers: token === undefined || token === '' ? {} : { authorization: `Bearer ${token}` },
        timeout: { request: options.timeoutMs ?? 30_000 },
        retry: { limit: 2 },
        // The token goes to this URL only, never to where a redirect points.
        followRedirect: false,
        ...(agent === undefined ? {} : { agent }),
      }).text();
    } catch (error) {
      const status = (error as { response?: { statusCode?: number } }).response?.statusCode;
      const hint =
        status === 401
          ? `: set ${SNAPSHOT_TOKEN_ENV} to the daemon's snapshot token`
          : status === 404
            ? ': the daemon serves /snapshot only when ORGPLANE_SNAPSHOT_TOKEN is set for it'
            : '';
      // got's message can carry the request; only the status or code is kept.
      const why = status !== undefined ? `HTTP ${status}` : ((error as { code?: string }).code ?? 'request failed');
      throw new SnapshotError(`cannot fetch the snapshot from ${shown} (${why})${hint}`, shown);
    }
  } else {
    try {
      text = await readFile(location, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { found: false, reason: `no snapshot at ${shown} yet` };
      throw new SnapshotError(`cannot read the snapshot ${shown} (${code ?? 'read failed'})`, shown, { cause: error });
    }
  }
  const parsed = parseSnapshot(text);
  if ('problem' in parsed) return { found: false, reason: `the snapshot ${shown} cannot be used: ${parsed.problem}` };
  return { found: true, snapshot: parsed.snapshot };
}

/** HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as for the Admin API (src/api/transport.ts). */
function proxyAgent(url: URL): Agents | undefined {
  const proxy = proxyFor(url, proxySettingsFromEnv(process.env));
  if (proxy === undefined) return undefined;
  return url.protocol === 'https:' ? { https: new HttpsProxyAgent({ proxy }) } : { http: new HttpProxyAgent({ proxy }) };
}

/** Writes a snapshot file: mode 0600 (it holds emails), atomically. */
export async function saveSnapshot(file: string, snapshot: SnapshotDocument): Promise<void> {
  if (isSnapshotUrl(file)) throw new SnapshotError('a snapshot URL is read-only: pass a file to keep a snapshot', displayLocation(file));
  await writeFileAtomic(file, serializeSnapshot(snapshot), { mode: 0o600 });
}
