import { OrgplaneError } from '../errors.js';
import { formatProblem } from './problems.js';
import type { Problem } from './types.js';

/** Thrown by callers that need valid manifests (plan, apply, daemon) when loading found errors. */
export class ManifestError extends OrgplaneError {
  readonly problems: readonly Problem[];
  readonly file: string;
  readonly line: number;
  readonly column: number;

  constructor(problems: readonly Problem[], options?: { cause?: unknown }) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super(first ? `${formatProblem(first)}${more}` : 'invalid manifests', options);
    this.problems = problems;
    this.file = first?.file ?? '.';
    this.line = first?.line ?? 0;
    this.column = first?.column ?? 0;
  }
}
