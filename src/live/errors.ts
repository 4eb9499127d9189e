import { OrgplaneError } from '../errors.js';

/** Reading the live organization failed: what was being read, and why (`cause`). Never "empty". */
export class LiveReadError extends OrgplaneError {
  readonly what: string;

  constructor(what: string, cause: unknown) {
    super(`could not read ${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.what = what;
  }
}
