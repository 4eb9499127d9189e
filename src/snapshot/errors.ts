import { OrgplaneError } from '../errors.js';

/** A snapshot that cannot be used: unreadable, truncated, another format. The refresh falls back to a full read. */
export class SnapshotError extends OrgplaneError {
  constructor(
    message: string,
    /** Where the snapshot came from: a file path or a URL without its query. */
    readonly location: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
