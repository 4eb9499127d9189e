// The live-snapshot options every command that reads the live organization shares
// (docs/snapshot.md): --state FILE|URL, --refresh full|audit|none, --max-state-age.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseDuration } from '../daemon/duration.js';
import type { RefreshMode, SnapshotUse } from '../snapshot/index.js';

export interface SnapshotCliOptions {
  state?: string;
  refresh?: RefreshMode;
  maxStateAge?: string;
}

/** `--max-state-age` default: the daemon's resync period. */
export const DEFAULT_MAX_STATE_AGE = '24h';

function duration(value: string): string {
  try {
    parseDuration(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
  return value;
}

export function addSnapshotOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--state <file|url>', 'live snapshot: plan from it refreshed by the audit log, and keep it current (a file) or read it (the daemon\'s /snapshot URL; token in ORGPLANE_SNAPSHOT_TOKEN)').env(
        'ORGPLANE_STATE',
      ),
    )
    .addOption(
      new Option('--refresh <mode>', 'with --state: audit (re-read what the audit log says changed), full (read everything, start a new snapshot), none (plan from the snapshot as it is) (default: audit)').choices([
        'full',
        'audit',
        'none',
      ]),
    )
    .option('--max-state-age <duration>', 'with --state: a snapshot last checked longer ago than this is read in full', duration, DEFAULT_MAX_STATE_AGE);
}

/**
 * The snapshot use those flags stand for; undefined without --state (a full read, as always).
 * @throws InvalidArgumentError for --refresh audit|none without --state
 */
export function snapshotUse(options: SnapshotCliOptions): SnapshotUse | undefined {
  if (options.state === undefined || options.state === '') {
    if (options.refresh === 'audit' || options.refresh === 'none') {
      throw new InvalidArgumentError(`--refresh ${options.refresh} needs a snapshot: pass --state FILE (kept current by each run) or the daemon's --state URL`);
    }
    return undefined;
  }
  return {
    location: options.state,
    ...(options.refresh !== undefined ? { refresh: options.refresh } : {}),
    maxStateAgeSeconds: Math.floor(parseDuration(options.maxStateAge ?? DEFAULT_MAX_STATE_AGE) / 1000),
  };
}
