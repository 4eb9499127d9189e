// Learned rate limits, kept between runs so the next one starts at the right pace instead
// of rediscovering it with a window of 429s. One JSON file per state folder, limits keyed by
// API base URL (an emulator's limits never pace the live API), each with when it was
// learned. Written atomically (temporary file + rename): a run killed mid-write leaves the
// old file, never half of one. A file that cannot be read or written costs only the pace.
import { readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../fsutil/atomic-write.js';
import type { Logger } from '../logging/logger.js';
import type { SavedLimit, SavedLimits } from './scheduler.js';

/** `.orgplane/rate-limits.json` for CLI commands; the daemon keeps it in its --state-dir. */
export const DEFAULT_LIMITS_FILE = '.orgplane/rate-limits.json';
/**
 * Older limits are forgotten: OpenAI changes limits without notice, and a stale one costs
 * one window of 429s to relearn, while a stale too-slow one would slow every run.
 */
export const LIMITS_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

interface LimitsFile {
  version: 1;
  servers: Record<string, SavedLimits>;
}

export function loadLimits(file: string, baseUrl: string, now: number, log?: Logger): SavedLimits | undefined {
  const all = readFile(file, log);
  const saved = all?.servers[baseUrl];
  if (saved === undefined) return undefined;
  const fresh = (limit: SavedLimit | undefined): limit is SavedLimit =>
    limit !== undefined &&
    Number.isInteger(limit.limit) && limit.limit > 0 &&
    typeof limit.windowMs === 'number' && limit.windowMs > 0 &&
    now - Date.parse(limit.learnedAt) < LIMITS_MAX_AGE_MS;
  const routes: Record<string, SavedLimit> = {};
  for (const [route, limit] of Object.entries(saved.routes ?? {})) if (fresh(limit)) routes[route] = limit;
  return fresh(saved.org) ? { routes, org: saved.org } : { routes };
}

export function saveLimits(file: string, baseUrl: string, limits: SavedLimits, log?: Logger): void {
  const all: LimitsFile = readFile(file, log) ?? { version: 1, servers: {} };
  all.servers[baseUrl] = limits;
  try {
    // A failed write or rename leaves no temporary file behind (one per run would pile up).
    writeFileAtomicSync(file, `${JSON.stringify(all, null, 2)}\n`);
  } catch (error) {
    log?.warn({ file, code: (error as { code?: unknown }).code }, 'learned rate limits not saved');
  }
}

function readFile(file: string, log: Logger | undefined): LimitsFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LimitsFile>;
    if (parsed.version === 1 && typeof parsed.servers === 'object' && parsed.servers !== null) return parsed as LimitsFile;
  } catch {
    // fall through
  }
  log?.warn({ file }, 'learned rate limits unreadable, starting without them');
  return undefined;
}
